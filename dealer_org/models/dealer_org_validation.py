"""Values checked where they are stored, before anything is written.

Every model of dealer_org that stores user input inherits ``dealer_org.validation.mixin``:
create() and write() refuse, with a translated ValidationError naming the field, the values
the ORM or PostgreSQL would otherwise accept and then misuse, or reject with a traceback:

* floats that are NaN or ±Infinity (JSON-RPC clients can send them), or beyond ±1e12;
* integers outside PostgreSQL's int4 range (a raw "integer out of range" otherwise);
* selection values the field does not offer (a raw ValueError otherwise);
* dates before 1900 or after 2200;
* many2one values that are not record ids (a raw SQL error otherwise);
* texts longer than the field's limit (``_dealer_org_char_limit``/``_dealer_org_text_limit``),
  and texts holding control characters (NUL and the other C0 characters but tab, line feed
  and carriage return: PostgreSQL refuses NUL with a raw error, the others are invisible);
* a value for a read-only related field (a job duty's ``company_id`` …) other than what its
  relation gives: Odoo 18 stores what a client sends for a stored related field without an
  inverse, out of step with its source.

``dealer_org.company.check.mixin`` (inherited by the validation mixin, and by hr.employee and
hr.department): after a create or write that sets a record's company or the records its
company comes from (the ``company_id`` field, the first field of a related ``company_id``,
fields with ``check_company``), the record rules are checked again on the new values and the
``check_company`` fields must agree with the record's company: the rules checked the record
before the write only, so it could otherwise be moved into (or tied to records of) a company
the user does not manage.

Ranges that mean something for one field (a weight from 0 to 100, a deadline of at most a
year …) are that model's own ``_dealer_org_ranges``: {field name: (minimum, maximum)}.
"""

import datetime
import math
import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

INT4_MIN, INT4_MAX = -(2**31), 2**31 - 1
FLOAT_LIMIT = 1e12
DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2200, 12, 31)
# C0 control characters but tab, line feed and carriage return (NUL included).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class DealerOrgCompanyCheckMixin(models.AbstractModel):
    _name = "dealer_org.company.check.mixin"
    _description = "dealer_org: a record's company checked after every change"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if not self.env.su:
            records._dealer_org_check_companies({name for vals in vals_list for name in vals})
        return records

    def write(self, vals):
        res = super().write(vals)
        if not self.env.su:
            self._dealer_org_check_companies(set(vals))
        return res

    @api.model
    def _dealer_org_company_fields(self):
        """The fields whose change may move a record into another company."""
        names = {name for name, field in self._fields.items() if getattr(field, "check_company", False)}
        company = self._fields.get("company_id")
        if company is not None:
            names.add("company_id")
            if company.related:
                names.add(company.related.split(".")[0])
        return names

    def _dealer_org_check_companies(self, names):
        names = self._dealer_org_company_fields() & names
        if not names or not self:
            return
        # The record rules on the new values (AccessError when moved out of the user's companies).
        self.check_access("write")
        try:
            self._check_company(list(names))
        except UserError as exc:
            # Odoo's message names the other company's records: the user may not read them.
            raise UserError(
                self.env._(
                    "%(model)s: the chosen records belong to another company than the record itself. "
                    "Choose records of its company.",
                    model=self._description,
                )
            ) from exc


class DealerOrgValidationMixin(models.AbstractModel):
    _name = "dealer_org.validation.mixin"
    _inherit = ["dealer_org.company.check.mixin"]
    _description = "dealer_org: values checked before they are stored"

    # {field name: (minimum, maximum)} of numbers with a meaning of their own.
    _dealer_org_ranges = {}
    # The fields checked; None: every field of the model.
    _dealer_org_validated_fields = None
    _dealer_org_char_limit = 512
    _dealer_org_text_limit = 20000

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._dealer_org_validate(vals)
            self._dealer_org_check_related(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._dealer_org_validate(vals)
        self._dealer_org_check_related(vals, self)
        return super().write(vals)

    @api.model
    def _dealer_org_check_related(self, vals, records=None):
        """Refuse a value for a read-only related field other than what its relation gives
        (``records``: the records written; None on create)."""
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or not field.related or not field.readonly or field.inherited:
                continue
            first, _sep, rest = field.related.partition(".")
            if not rest or field.type in ("one2many", "many2many"):
                continue
            if first in vals or records is None:
                parent_value = vals.get(first)
                Parent = self.env[self._fields[first].comodel_name].sudo()
                if isinstance(parent_value, models.BaseModel):
                    parents = [parent_value.sudo()]
                else:
                    parents = [Parent.browse(parent_value) if isinstance(parent_value, int) else Parent]
            else:
                parents = [record.sudo()[first] for record in records]
            wanted = self._dealer_org_related_key(field, value)
            if any(
                self._dealer_org_related_key(field, parent.mapped(rest), True) != wanted for parent in parents
            ):
                raise ValidationError(
                    self.env._(
                        "%(field)s (%(model)s): it follows %(parent)s and cannot be set to another "
                        "value; change %(parent)s instead.",
                        field=field._description_string(self.env),
                        model=self._description,
                        parent=self._fields[first]._description_string(self.env),
                    )
                )

    def _dealer_org_related_key(self, field, value, mapped=False):
        """A comparable form of a related field's value (``mapped``: the list or recordset
        ``mapped()`` gives for one parent)."""
        if field.type == "many2one":
            if isinstance(value, models.BaseModel):
                return value.id or False
            return value or False
        if mapped:
            value = value[0] if value else False
        try:
            return field.convert_to_cache(value, self, validate=False)
        except (ValueError, TypeError):
            return ("invalid", repr(value))

    @api.model
    def _dealer_org_validate(self, vals):
        names = self._dealer_org_validated_fields
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or (names is not None and name not in names):
                continue
            self._dealer_org_validate_value(field, value)

    @api.model
    def _dealer_org_validate_value(self, field, value):
        if value is None or value is False:
            return
        check = {
            "float": self._dealer_org_number_problem,
            "monetary": self._dealer_org_number_problem,
            "integer": self._dealer_org_number_problem,
            "many2one": self._dealer_org_many2one_problem,
            "selection": self._dealer_org_selection_problem,
            "date": self._dealer_org_date_problem,
            "char": self._dealer_org_text_problem,
            "text": self._dealer_org_text_problem,
            "html": self._dealer_org_text_problem,
        }.get(field.type)
        problem = check and check(field, value)
        if problem:
            raise ValidationError(
                self.env._(
                    "%(field)s (%(model)s): %(problem)s",
                    field=field._description_string(self.env),
                    model=self._description,
                    problem=problem,
                )
            )

    def _dealer_org_number_problem(self, field, value):
        _ = self.env._
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                value = float(value) if isinstance(value, str) else None
            except ValueError:
                value = None
            if value is None:
                return _("this is not a number.")
        if isinstance(value, float) and not math.isfinite(value):
            return _("enter a finite number, not %(value)s.", value=value)
        if abs(value) > FLOAT_LIMIT or (field.type == "integer" and not INT4_MIN <= value <= INT4_MAX):
            return _("%(value)s is out of range.", value=value)
        bounds = self._dealer_org_ranges.get(field.name)
        if bounds and not (bounds[0] <= value <= bounds[1]):
            return _(
                "%(value)s is out of range: enter a value from %(min)s to %(max)s.",
                value=value,
                min=bounds[0],
                max=bounds[1],
            )
        return None

    def _dealer_org_many2one_problem(self, field, value):
        if isinstance(value, models.BaseModel):
            return None  # a record passed by server code (JSON-RPC clients send ids)
        if isinstance(value, bool) or not isinstance(value, int) or not (0 < value <= INT4_MAX):
            return self.env._("“%(value)s” is not a record id.", value=value)
        return None

    def _dealer_org_selection_problem(self, field, value):
        allowed = field.get_values(self.env)
        if value not in allowed:
            return self.env._(
                "“%(value)s” is not one of the choices (%(choices)s).",
                value=value,
                choices=", ".join(str(v) for v in allowed),
            )
        return None

    def _dealer_org_date_problem(self, field, value):
        try:
            day = fields.Date.to_date(value)
        except (ValueError, TypeError):
            return self.env._("“%(value)s” is not a date (YYYY-MM-DD).", value=value)
        if not (DATE_MIN <= day <= DATE_MAX):
            return self.env._(
                "%(value)s is not a plausible date: enter one from %(min)s to %(max)s.",
                value=day,
                min=DATE_MIN,
                max=DATE_MAX,
            )
        return None

    def _dealer_org_text_problem(self, field, value):
        texts = value.values() if isinstance(value, dict) else [value]  # a dict: translations
        limit = self._dealer_org_char_limit if field.type == "char" else self._dealer_org_text_limit
        for text in texts:
            if not isinstance(text, str):
                return self.env._("enter a text.")
            if len(text) > limit:
                return self.env._(
                    "the text is %(length)s characters long; the limit is %(limit)s.",
                    length=len(text),
                    limit=limit,
                )
            control = CONTROL_CHARACTERS.search(text)
            if control:
                # Computed outside the call: Odoo's term extraction (babel) evaluates its arguments.
                code = f"{ord(control.group()):04X}"
                return self.env._(
                    "the text holds a control character (U+%(code)s) at position %(position)s: remove "
                    "it (copied text sometimes carries invisible characters).",
                    code=code,
                    position=control.start() + 1,
                )
        return None
