"""Values checked where they are stored, before anything is written.

Every model of dealer_org that stores user input inherits ``dealer_org.validation.mixin``:
create() and write() refuse, with a translated ValidationError naming the field, the values
the ORM or PostgreSQL would otherwise accept and then misuse, or reject with a traceback:

* floats that are NaN or ±Infinity (JSON-RPC clients can send them), or beyond ±1e12;
* integers outside PostgreSQL's int4 range (a raw "integer out of range" otherwise);
* selection values the field does not offer (a raw ValueError otherwise);
* dates before 1900 or after 2200;
* many2one values that are not record ids (a raw SQL error otherwise);
* texts longer than the field's limit (``_dealer_org_char_limit``/``_dealer_org_text_limit``).

Ranges that mean something for one field (a weight from 0 to 100, a deadline of at most a
year …) are that model's own ``_dealer_org_ranges``: {field name: (minimum, maximum)}.
"""

import datetime
import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

INT4_MIN, INT4_MAX = -(2**31), 2**31 - 1
FLOAT_LIMIT = 1e12
DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2200, 12, 31)


class DealerOrgValidationMixin(models.AbstractModel):
    _name = "dealer_org.validation.mixin"
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
        return super().create(vals_list)

    def write(self, vals):
        self._dealer_org_validate(vals)
        return super().write(vals)

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
        return None
