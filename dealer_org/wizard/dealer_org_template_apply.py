"""Apply an organisation template to one or many companies: preview, apply, summary.

The preview compares the template with each company's records by library code, as
``dealer_org.org.template._apply_to_companies`` matches them: a department is there when the
company has one of the same library code, a job position when it has one of the same library
code in the department of the placement's code; duties and KPIs come with new job positions
only. Applying relies on ``_apply_to_companies``'s idempotence: what the company has is kept as
HR left it, only what is missing is created.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.library import expand_periods

# What the preview and the summary count, with the model and the archived records included
# (an archived department or job is "there": applying does not recreate it).
COUNTED = (
    ("departments", "hr.department"),
    ("jobs", "hr.job"),
    ("duties", "dealer_org.job.duty"),
    ("kpis", "dealer_org.kpi"),
)
_SERVER_FIELDS = {"preview", "summary"}


class DealerOrgTemplateApply(models.TransientModel):
    _name = "dealer_org.template.apply"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Apply an Organisation Template"

    template_id = fields.Many2one(
        "dealer_org.org.template",
        "Organisation Template",
        required=True,
        ondelete="cascade",
        default=lambda self: self.env["dealer_org.org.template"].search([("is_default", "=", True)], limit=1),
    )
    company_ids = fields.Many2many(
        "res.company",
        "dealer_org_template_apply_company_rel",
        "wizard_id",
        "company_id",
        string="Companies",
        required=True,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
        help="The companies (stores) that receive the template's organisation; among yours.",
    )
    preview = fields.Html(compute="_compute_preview")
    state = fields.Selection([("preview", "Preview"), ("done", "Applied")], default="preview", readonly=True)
    # Sanitised, and written by the server only (_SERVER_FIELDS): the web client renders it.
    summary = fields.Html(readonly=True)

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
        """The preview and the summary are the server's HTML: no client writes them."""
        if _SERVER_FIELDS & set(vals) and not self.env.su:
            raise AccessError(
                self.env._("The preview and the summary of a template application are not editable.")
            )

    # ------------------------------------------------------------------
    # Rights
    # ------------------------------------------------------------------

    def _check_rights(self):
        """Only HR managers apply, and only to companies they are allowed in, whatever ids or
        context the client sends (the many2many reads only the companies the user may read:
        compare the stored choice, read as superuser, with the user's companies)."""
        if self.env.su:
            return
        if not self.env.user.has_group("hr.group_hr_manager"):
            raise AccessError(self.env._("Only HR managers can apply an organisation template to companies."))
        if self.sudo().company_ids - self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You can only apply an organisation template to the companies you are allowed in: "
                    "remove the other companies from the selection."
                )
            )

    def _allowed_companies(self):
        """The selected companies the user is allowed in (read as superuser: reading a forged
        foreign company as the user would fail before it could be left out)."""
        companies = self.sudo().company_ids._origin
        if not self.env.su:
            companies &= self.env.user.sudo().company_ids
        return companies.with_env(self.env)

    # ------------------------------------------------------------------
    # Preview
    # ------------------------------------------------------------------

    def _template_plan(self):
        """What the template brings, keyed as ``_apply_to_companies`` matches it: the library
        codes of its departments, and its job placements {(job code, department code):
        (number of duties, number of KPIs) the new job position receives}. None when the
        template is not in the library."""
        library, tpl = self.template_id._definition()
        if tpl is None:
            return None
        # Templates that pick the lines of their own documents (Template.lines_for) give a
        # placement only those; otherwise the job receives all the library job's lines.
        lines_for = getattr(tpl, "lines_for", None)
        jobs = {}
        for placement in tpl.jobs:
            job = library.jobs[placement.ref]
            duties = expand_periods(lines_for(placement, job.duties)) if lines_for else job.duties
            jobs[(placement.ref, placement.department)] = (len(duties), len(getattr(job, "kpis", ())))
        return {"departments": {d.ref for d in tpl.departments}, "jobs": jobs}

    def _preview_counts(self):
        """{company: {kind: (to create, already there)}} for the selected companies the user
        is allowed in; kinds: departments, jobs, duties, kpis. The duties and KPIs already
        there are those of the company's job positions that match the template's."""
        self.ensure_one()
        companies = self._allowed_companies()
        plan = self._template_plan() if self.template_id else None
        if not companies or plan is None:
            return {}
        # Read as superuser: the companies are checked above, and the record rules would
        # otherwise hide the records of the companies not active in the user's switcher.
        Department = self.env["hr.department"].sudo().with_context(active_test=False)
        departments = {
            (company.id, code)
            for company, code in Department._read_group(
                [("company_id", "in", companies.ids), ("library_code", "in", list(plan["departments"]))],
                ["company_id", "library_code"],
            )
        }
        jobs = (
            self.env["hr.job"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch(
                [("company_id", "in", companies.ids), ("library_code", "!=", False)],
                ["company_id", "library_code", "department_id"],
            )
        )
        matched = {}
        for job in jobs:
            key = (job.library_code, job.department_id.library_code or None)
            if key in plan["jobs"]:
                matched.setdefault((job.company_id.id, key), job.id)
        lines = {}
        for kind, model in COUNTED[2:]:
            lines[kind] = dict(
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                ._read_group([("job_id", "in", list(matched.values()))], ["job_id"], ["__count"])
            )
        result = {}
        for company in companies:
            there = [key for key in plan["jobs"] if (company.id, key) in matched]
            new = [key for key in plan["jobs"] if (company.id, key) not in matched]
            there_jobs = self.env["hr.job"].browse(matched[(company.id, key)] for key in there)
            deps_there = sum(1 for code in plan["departments"] if (company.id, code) in departments)
            result[company] = {
                "departments": (len(plan["departments"]) - deps_there, deps_there),
                "jobs": (len(new), len(there)),
                "duties": (
                    sum(plan["jobs"][key][0] for key in new),
                    sum(lines["duties"].get(job, 0) for job in there_jobs),
                ),
                "kpis": (
                    sum(plan["jobs"][key][1] for key in new),
                    sum(lines["kpis"].get(job, 0) for job in there_jobs),
                ),
            }
        return result

    def _kind_labels(self):
        return {
            "departments": self.env._("Departments"),
            "jobs": self.env._("Job Positions"),
            "duties": self.env._("Duties"),
            "kpis": self.env._("KPIs"),
        }

    @api.depends("template_id", "company_ids")
    def _compute_preview(self):
        for wizard in self:
            wizard.preview = wizard._render_preview()

    def _render_preview(self):
        if not self.template_id:
            return Markup("<p>%s</p>") % self.env._("Choose the organisation template to apply.")
        if self.template_id._definition()[1] is None:
            return Markup("<p class='text-danger'>%s</p>") % self._missing_template_message()
        counts = self._preview_counts()
        if not counts:
            return Markup("<p>%s</p>") % self.env._("Choose the companies that receive the template.")
        labels = self._kind_labels()
        head = Markup("").join(Markup("<th class='text-end'>%s</th>") % labels[kind] for kind, _m in COUNTED)
        rows = Markup("").join(
            Markup("<tr><td>%s</td>%s</tr>")
            % (
                company.name,
                Markup("").join(
                    Markup("<td class='text-end'>%s</td>")
                    % self.env._(
                        "%(new)s new, %(existing)s already there",
                        new=numbers[kind][0],
                        existing=numbers[kind][1],
                    )
                    for kind, _model in COUNTED
                ),
            )
            for company, numbers in counts.items()
        )
        return Markup(
            "<table class='table table-sm o_dealer_org_template_preview'>"
            "<thead><tr><th>%s</th>%s</tr></thead><tbody>%s</tbody></table><p class='text-muted'>%s</p>"
        ) % (
            self.env._("Company"),
            head,
            rows,
            self.env._(
                "What a company already has is kept as it is: applying adds only the missing "
                "departments and job positions, the new positions with their duties, "
                "qualifications and KPIs."
            ),
        )

    def _missing_template_message(self):
        return self.env._(
            "The organisation template “%(name)s” is not in the dealer_org library: upgrade the "
            "module or choose another template.",
            name=self.template_id.display_name,
        )

    # ------------------------------------------------------------------
    # Apply
    # ------------------------------------------------------------------

    def _record_counts(self, companies):
        """{(kind, company id): number of records}, archived ones included."""
        counts = {}
        for kind, model in COUNTED:
            groups = (
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                ._read_group([("company_id", "in", companies.ids)], ["company_id"], ["__count"])
            )
            counts.update({(kind, company.id): count for company, count in groups})
        return counts

    def action_apply(self):
        self.ensure_one()
        self._check_rights()
        if not self.template_id:
            raise UserError(self.env._("Choose the organisation template to apply."))
        if self.template_id._definition()[1] is None:
            raise UserError(self._missing_template_message())
        companies = self.sudo().company_ids
        if not companies:
            raise UserError(self.env._("Choose the companies (among yours) that receive the template."))
        before = self._record_counts(companies)
        # All the companies in one batch per model: the queries do not grow with their number.
        self.template_id._apply_to_companies(companies)
        self.env.flush_all()
        after = self._record_counts(companies)
        created = {
            company: {
                kind: after.get((kind, company.id), 0) - before.get((kind, company.id), 0)
                for kind, _m in COUNTED
            }
            for company in companies
        }
        self.sudo().write({"state": "done", "summary": self._render_summary(created)})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Template applied"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _render_summary(self, created):
        items = []
        for company, numbers in created.items():
            if not any(numbers.values()):
                text = self.env._(
                    "%(company)s: nothing was missing, nothing was created.", company=company.name
                )
            else:
                text = self.env._(
                    "%(company)s: %(departments)s departments, %(jobs)s job positions, %(duties)s duties "
                    "and %(kpis)s KPIs created.",
                    company=company.name,
                    **numbers,
                )
            items.append(Markup("<li>%s</li>") % text)
        return Markup("<p>%s</p><ul class='o_dealer_org_template_summary'>%s</ul>") % (
            self.env._(
                "The organisation template “%(name)s” was applied:", name=self.template_id.display_name
            ),
            Markup("").join(items),
        )

    def action_open_jobs(self):
        """The job hierarchy of the companies the template was applied to."""
        self.ensure_one()
        self._check_rights()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_org.hr_job_hierarchy_action")
        action["domain"] = [("company_id", "in", self._allowed_companies().ids)]
        action["context"] = {}
        return action
