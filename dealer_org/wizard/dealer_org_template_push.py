"""Push a standard to stores, and take the library's updates: one wizard on one comparison.

For a template (shipped or imported) and chosen companies (stores), the wizard lists per store
the differences of tools/org_compare.py (``differences``): departments and job positions missing
or to adopt, renamed, with duties, qualifications, KPIs, functions and targets added, changed or
removed by the template, what the store changed itself, and the store's own lines. HR ticks what
to apply (all, or by store, job, kind); the template's own changes are ticked, the store's
changes are not (resetting them to the template is HR's explicit choice), the store's own lines
are only listed. Applying compares again (the rows are only the choice) and applies the chosen
differences that still hold; each department and job position changed gets a chatter note of
what changed from which template, and the wizard keeps the log. Applying twice finds nothing.

In the *library updates* mode the wizard compares, per template the companies' records came
from, and lists only what the library gained for the records they have (lines added).
"""

import hashlib

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.org_compare import (
    ADDED,
    ADOPT,
    APPLICABLE,
    CHANGED,
    DEPARTMENT,
    DUTY,
    FUNCTION,
    JOB,
    KPI,
    NAME,
    NEW,
    PROPOSED,
    QUALIFICATION,
    REMOVED,
    RENAMED,
    STORE_CHANGED,
    STORE_OWN,
    TARGET,
    library_updates,
)

MISSING = "missing"
RECORD = "record"
ROW_KINDS = [
    (MISSING, "Missing"),
    (ADOPT, "To adopt"),
    (RENAMED, "Renamed"),
    (ADDED, "Added"),
    (CHANGED, "Changed"),
    (REMOVED, "Removed"),
    (STORE_CHANGED, "Changed by the store"),
    (STORE_OWN, "Store's own"),
]
LINE_KINDS = [
    (RECORD, "Department or job position"),
    (NAME, "Name"),
    (DUTY, "Duty"),
    (QUALIFICATION, "Qualification"),
    (KPI, "KPI"),
    (FUNCTION, "Function"),
    (TARGET, "Department Target"),
]
FIELD_ORDER = (
    "period",
    "weekday",
    "month_day",
    "period_month",
    "deadline_days",
    "checklist_item",
    "event",
    "kind",
    "minimum",
    "target",
    "maximum",
    "weight",
    "direction",
)


def _token(company, kind, key, status, change):
    """A row's identity: the same difference of a fresh comparison has the same token."""
    parts = (company.id, kind, repr(key), status)
    if change is not None:
        parts += (change.kind, change.line, change.record_id, change.template, change.store)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


class DealerOrgTemplatePush(models.TransientModel):
    _name = "dealer_org.template.push"
    _description = "Push an Organisation Standard to Stores"

    mode = fields.Selection(
        [("standard", "Push a standard"), ("updates", "Library updates")],
        default="standard",
        required=True,
        readonly=True,
    )
    template_id = fields.Many2one(
        "dealer_org.org.template",
        "Standard",
        ondelete="cascade",
        default=lambda self: self.env["dealer_org.org.template"].search([("is_default", "=", True)], limit=1),
        help="The organisation template (shipped or imported) the stores are compared with.",
    )
    company_ids = fields.Many2many(
        "res.company",
        "dealer_org_template_push_company_rel",
        "wizard_id",
        "company_id",
        string="Stores",
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
        help="The companies (stores) compared with the standard; among yours.",
    )
    line_ids = fields.One2many(
        "dealer_org.template.push.line",
        "wizard_id",
        "Differences",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )
    difference_count = fields.Integer(
        "Differences Found",
        compute="_compute_counts",
        help="The differences with the standard, the store's own lines aside.",
    )
    chosen_count = fields.Integer(
        "Ticked", compute="_compute_counts", help="The differences ticked to apply."
    )
    filter_company_id = fields.Many2one(
        "res.company", "Store", help="Select or unselect this store's rows only."
    )
    filter_record = fields.Char(
        "Department or Job",
        help="Select or unselect the rows of this department or job position only (part of its name).",
    )
    filter_kind = fields.Selection(ROW_KINDS, "Kind", help="Select or unselect the rows of this kind only.")
    state = fields.Selection([("compare", "Compare"), ("done", "Applied")], default="compare", readonly=True)
    log = fields.Html(readonly=True, sanitize=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_server_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_server_fields(vals)
        return super().write(vals)

    @api.model
    def _check_server_fields(self, vals):
        """The state and the log are the server's (the log is HTML the web client shows)."""
        if {"state", "log"} & set(vals) and not self.env.su:
            raise AccessError(self.env._("The state and the log of a push are written by the server only."))

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("dealer_org_all_my_companies") and "company_ids" in fields_list:
            values["company_ids"] = [Command.set(self.env.user.company_ids.ids)]
        elif "company_ids" in fields_list and not values.get("company_ids"):
            values["company_ids"] = [Command.set(self.env.company.ids)]
        return values

    # ------------------------------------------------------------------
    # Rights
    # ------------------------------------------------------------------

    def _check_rights(self):
        """HR managers only, and only for companies they are allowed in, whatever the client sends
        (the stored choice read as superuser, compared with the user's companies)."""
        if self.env.su:
            return
        if not self.env.user.has_group("hr.group_hr_manager"):
            raise AccessError(self.env._("Only HR managers can push an organisation standard to stores."))
        if self.sudo().company_ids - self.env.user.sudo().company_ids:
            raise AccessError(
                self.env._(
                    "You can only push an organisation standard to the companies you are allowed in: "
                    "remove the other companies from the selection."
                )
            )

    def _allowed_companies(self):
        companies = self.sudo().company_ids._origin
        if not self.env.su:
            companies &= self.env.user.sudo().company_ids
        return companies

    # ------------------------------------------------------------------
    # Comparing
    # ------------------------------------------------------------------

    def _differences(self):
        """[(template, [(company, kind, key, match, change or None, status)])] of the allowed
        companies: a row per missing record, per adoption and per change."""
        companies = self._allowed_companies()
        if not companies:
            return []
        record_templates = {}
        if self.mode == "updates":
            templates, record_templates = self._update_templates(companies)
        else:
            template = self.template_id._origin.sudo() or self.template_id.sudo()
            templates = [template] if template else []
        result = []
        for template in templates:
            definition = template._definition()
            if definition[1] is None:
                continue
            comparisons = template._compare_differences(companies, definition=definition)
            rows = []
            for company, comparison in comparisons.items():
                if self.mode == "updates":
                    comparison = library_updates(comparison)
                for match in comparison.matches():
                    if self.mode == "updates":
                        owner_template = record_templates.get((match.kind, match.record_id))
                        if owner_template != template.id:
                            continue
                        rows += [(company, match.kind, match.key, match, c, c.kind) for c in match.changes]
                        continue
                    if match.status == NEW:
                        rows.append((company, match.kind, match.key, match, None, MISSING))
                        continue
                    if match.status == ADOPT:
                        rows.append((company, match.kind, match.key, match, None, ADOPT))
                    rows += [(company, match.kind, match.key, match, c, c.kind) for c in match.changes]
            result.append((template, definition, comparisons, rows))
        return result

    def _update_templates(self, companies):
        """(the templates the companies' departments and jobs came from (their
        ``org_template_id``), {(kind, record id): template id})."""
        record_templates = {}
        templates = self.env["dealer_org.org.template"].sudo().with_context(active_test=False).browse()
        for kind, model in ((DEPARTMENT, "hr.department"), (JOB, "hr.job")):
            rows = (
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                .search_read(
                    [("company_id", "in", companies.ids), ("org_template_id", "!=", False)],
                    ["org_template_id"],
                )
            )
            for row in rows:
                record_templates[(kind, row["id"])] = row["org_template_id"][0]
            templates |= templates.browse({row["org_template_id"][0] for row in rows})
        return templates.sorted("id"), record_templates

    @api.depends("template_id", "company_ids", "mode")
    def _compute_line_ids(self):
        for wizard in self:
            commands = [Command.clear()]
            for template, definition, _comparisons, rows in wizard._differences():
                commands += [Command.create(wizard._row_values(template, definition, *row)) for row in rows]
            wizard.line_ids = commands

    def _row_values(self, template, definition, company, kind, key, match, change, status):
        library, _tpl = definition
        zh = (self.env.lang or "").startswith("zh")
        code = key if kind == DEPARTMENT else key[0]
        entry = library.departments[code] if kind == DEPARTMENT else library.jobs[code]
        record_name = entry.name.zh if zh else entry.name.en
        values = {
            "company_id": company.id,
            "template_id": template.id,
            "record_kind": kind,
            "record_name": record_name,
            "record_id": match.record_id or 0,
            "kind": status,
            "token": _token(company, kind, key, status, change),
            "apply": status in PROPOSED or status in (MISSING, ADOPT),
            "applicable": status in APPLICABLE or status in (MISSING, ADOPT),
        }
        if change is None:
            values.update(line_kind=RECORD, description=record_name, template_value=record_name)
            return values
        en, text_zh = change.text
        values.update(
            line_kind=change.line,
            description=text_zh if zh else en,
            template_value=self._state_text(change.template, change, zh),
            store_value=self._state_text(change.store, change, zh),
        )
        return values

    def _state_text(self, values, change, zh):
        """A state as the row shows it: the text (in the user's language) and the settings that
        differ (all of them for a line only one side has)."""
        if values is None:
            return False
        values = dict(values)
        text = (values.get("zh") if zh else values.get("en")) or values.get("en") or ""
        if change.line == NAME:
            return f"{values.get('en') or ''} / {values.get('zh') or ''}"
        shown = change.fields or tuple(f for f in FIELD_ORDER if values.get(f) is not None)
        settings = [f"{f}: {_shown(values.get(f))}" for f in FIELD_ORDER if f in shown and f in values]
        if {"en", "zh"} & set(change.fields):
            text = f"{values.get('en') or ''} / {values.get('zh') or ''}"
        return text + (f" ({'; '.join(settings)})" if settings else "")

    @api.depends("line_ids.apply")
    def _compute_counts(self):
        for wizard in self:
            wizard.difference_count = len(wizard.line_ids.filtered(lambda r: r.kind != STORE_OWN))
            wizard.chosen_count = len(wizard.line_ids.filtered(lambda r: r.apply and r.applicable))

    # ------------------------------------------------------------------
    # Choosing
    # ------------------------------------------------------------------

    def _filtered_rows(self):
        rows = self.line_ids.filtered("applicable")
        if self.filter_company_id:
            rows = rows.filtered(lambda r: r.company_id == self.filter_company_id)
        if self.filter_record:
            needle = self.filter_record.strip().casefold()
            rows = rows.filtered(lambda r: needle in (r.record_name or "").casefold())
        if self.filter_kind:
            rows = rows.filtered(lambda r: r.kind == self.filter_kind)
        return rows

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Library Updates")
            if self.mode == "updates"
            else self.env._("Push a Standard to Stores"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_select(self):
        """Tick the rows of the filters (store, department or job, kind; all rows without one),
        except what the store changed itself: that is ticked row by row, or with that kind as the
        filter, never by a wider selection."""
        self.ensure_one()
        rows = self._filtered_rows()
        if self.filter_kind != STORE_CHANGED:
            rows = rows.filtered(lambda r: r.kind != STORE_CHANGED)
        rows.write({"apply": True})
        return self._reopen()

    def action_unselect(self):
        self.ensure_one()
        self._filtered_rows().write({"apply": False})
        return self._reopen()

    # ------------------------------------------------------------------
    # Applying
    # ------------------------------------------------------------------

    def action_apply(self):
        self.ensure_one()
        self._check_rights()
        if self.mode == "standard" and not self.template_id:
            raise UserError(self.env._("Choose the standard (organisation template) to push."))
        if not self._allowed_companies():
            raise UserError(
                self.env._("Choose the stores (among your companies) to compare with the standard.")
            )
        chosen = {row.token for row in self.line_ids if row.apply and row.applicable}
        if not chosen:
            raise UserError(self.env._("Tick the differences to apply."))
        items = []
        applied = 0
        for template, definition, comparisons, rows in self._differences():
            picked = [
                (company, kind, key, match, change)
                for company, kind, key, match, change, status in rows
                if status in (MISSING, ADOPT, *APPLICABLE)
                and _token(company, kind, key, status, change) in chosen
            ]
            if not picked:
                continue
            log = template._apply_changes(picked, definition=definition, comparisons=comparisons)
            template._post_log(log)
            applied += len(picked)
            items += self._log_items(template, log)
        self.env.flush_all()
        self.sudo().write({"state": "done", "log": self._render_log(applied, items)})
        return self._reopen()

    def _log_items(self, template, log):
        names = {}
        for model in ("hr.department", "hr.job"):
            ids = [rid for (m, rid) in log if m == model]
            for record in self.env[model].sudo().browse(ids).exists():
                names[(model, record.id)] = f"{record.company_id.name} › {record.display_name}"
        return [
            Markup("<li>%s<ul>%s</ul></li>")
            % (names.get(key, ""), Markup("").join(Markup("<li>%s</li>") % t for t in texts))
            for key, texts in sorted(log.items(), key=lambda kv: names.get(kv[0], ""))
        ]

    def _render_log(self, applied, items):
        return Markup("<p>%s</p><ul class='o_dealer_org_push_log'>%s</ul>") % (
            self.env._("Differences applied: %(count)s", count=applied),
            Markup("").join(items),
        )


def _shown(value):
    if value is True:
        return "✓"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class DealerOrgTemplatePushLine(models.TransientModel):
    """One difference of a store with the standard; ticked ones are applied."""

    _name = "dealer_org.template.push.line"
    _description = "Difference of a Store with an Organisation Standard"
    _order = "company_id, record_kind desc, record_name, id"

    wizard_id = fields.Many2one("dealer_org.template.push", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", "Store", readonly=True)
    template_id = fields.Many2one("dealer_org.org.template", "Standard", readonly=True)
    record_kind = fields.Selection(
        [(DEPARTMENT, "Department"), (JOB, "Job Position")], "Level", readonly=True
    )
    record_name = fields.Char("Department or Job", readonly=True)
    record_id = fields.Integer(readonly=True)
    kind = fields.Selection(ROW_KINDS, readonly=True)
    line_kind = fields.Selection(LINE_KINDS, "What", readonly=True)
    description = fields.Char("Change", readonly=True)
    template_value = fields.Char("Standard's", readonly=True)
    store_value = fields.Char("Store's", readonly=True)
    token = fields.Char(readonly=True)
    applicable = fields.Boolean(readonly=True)
    apply = fields.Boolean(help="Apply this difference: the store's record or line becomes the standard's.")

    def write(self, vals):
        """HR decides ``apply``; the rest is the comparison's, which no client rewrites
        (a row moved to another store or record would misstate it)."""
        if not self.env.su and set(vals) - {"apply"}:
            raise AccessError(
                self.env._("Only the choice to apply can be changed on this row; compare again instead.")
            )
        return super().write(vals)
