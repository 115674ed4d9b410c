"""Apply an organisation template to one or many companies: preview, adoptions, apply, summary.

The preview compares the template with each company's records exactly as
``dealer_org.org.template._apply_to_companies`` does (one comparison, tools/org_compare.py): a
department or job position is *already there* when the company has it by library code, *adopted*
when HR made it themselves under the template's name (it receives the code and the lines it
lacks, and keeps its name, texts, employees and place), *new* otherwise. Each adoption is listed
and HR can decline it (the template's record is then created next to HR's). Applying relies on
``_apply_to_companies``'s idempotence: what the company has is kept as HR left it, only what is
missing is created or added.
"""

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.dealer_org_org_template import _placed_lines
from ..tools.org_compare import ADOPT, DEPARTMENT, JOB, NEW, PRESENT

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
    adoption_ids = fields.One2many(
        "dealer_org.template.apply.adoption",
        "wizard_id",
        "Adopted Records",
        compute="_compute_adoption_ids",
        store=True,
        readonly=False,
        help="The departments and job positions the companies already have under the template's names: "
        "they are adopted (they receive the template's code and the lines they lack, and keep their name, "
        "texts, employees and place). Untick one to create the template's record next to it instead.",
    )
    preview = fields.Html(compute="_compute_preview")
    undocumented_job_count = fields.Integer(related="template_id.undocumented_job_count")
    no_headcount_job_count = fields.Integer(related="template_id.no_headcount_job_count")
    fill_duties = fields.Boolean(
        "Fill Jobs without Duties",
        help="Give the job positions to which the template's documents give no duties those of the "
        "library's equivalent job (marked adapted, with their source), when they have none.",
    )
    suggest_headcount = fields.Boolean(
        "Suggest Headcounts",
        help="Give the job positions for which the template's documents give no headcount a headcount "
        "of 1, marked as a suggestion, when theirs is 0.",
    )
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

    def _declined(self):
        """{company id: {(kind, template key)}} of the adoptions HR declined."""
        declined = {}
        for line in self.adoption_ids.filtered(lambda a: not a.adopt):
            key = line.code if line.kind == DEPARTMENT else (line.code, line.department_code or None)
            declined.setdefault(line.company_id._origin.id or line.company_id.id, set()).add((line.kind, key))
        return declined

    def _comparisons(self, declined=None):
        """{company: Comparison} of the template with the selected companies the user is allowed
        in (read as superuser: the companies are checked, and the record rules would otherwise
        hide the records of the companies not active in the user's switcher)."""
        companies = self._allowed_companies()
        if not self.template_id or not companies:
            return {}
        template = self.template_id._origin.sudo() or self.template_id.sudo()
        return template._compare_companies(companies.sudo(), declined)

    @api.depends("template_id", "company_ids")
    def _compute_adoption_ids(self):
        for wizard in self:
            commands = [Command.clear()]
            library, tpl = wizard.template_id._definition() if wizard.template_id else (None, None)
            comparisons = wizard._comparisons() if tpl else {}
            matches = [
                (c, m) for c, comparison in comparisons.items() for m in comparison.matches(status=ADOPT)
            ]
            names = {
                kind: {
                    r.id: r
                    for r in self.env[model]
                    .sudo()
                    .browse([m.record_id for _c, m in matches if m.kind == kind])
                    .with_context(lang=self.env.lang)
                }
                for kind, model in ((DEPARTMENT, "hr.department"), (JOB, "hr.job"))
            }
            zh = (self.env.lang or "").startswith("zh")
            for company, match in matches:
                record = names[match.kind][match.record_id]
                code = match.key if match.kind == DEPARTMENT else match.key[0]
                entry = library.departments[code] if match.kind == DEPARTMENT else library.jobs[code]
                place = record.parent_id if match.kind == DEPARTMENT else record.department_id
                commands.append(
                    Command.create(
                        {
                            "company_id": company.id,
                            "kind": match.kind,
                            "code": code,
                            "department_code": match.key[1] if match.kind == JOB else False,
                            "record_id": record.id,
                            "name": record.name,
                            "place": place.name or False,
                            "template_name": entry.name.zh if zh else entry.name.en,
                            "adopt": True,
                        }
                    )
                )
            wizard.adoption_ids = commands

    def _preview_counts(self):
        """{company: {kind: counts}} for the selected companies the user is allowed in: for
        departments and jobs (new, adopted, already there), for duties and KPIs (to create,
        already there). The lines to create are the new jobs' and those the adopted jobs lack;
        the lines already there are those of the company's job positions that are the template's."""
        self.ensure_one()
        library, tpl = self.template_id._definition() if self.template_id else (None, None)
        if tpl is None:
            return {}
        comparisons = self._comparisons(self._declined())
        if not comparisons:
            return {}
        Template = self.template_id.sudo()
        adoption = Template._adoption_lines(comparisons, library, tpl)
        placements = {(p.ref, p.department): p for p in tpl.jobs}
        present = [m.record_id for c in comparisons.values() for m in c.matches(JOB, PRESENT)]
        there = {}
        for kind, model in COUNTED[2:]:
            there[kind] = {
                job.id: count
                for job, count in self.env[model]
                .sudo()
                .with_context(active_test=False)
                ._read_group([("job_id", "in", present)], ["job_id"], ["__count"])
            }
        lines_of = {}
        result = {}
        for company, comparison in comparisons.items():
            new_jobs = comparison.matches(JOB, NEW)
            adopted_jobs = comparison.matches(JOB, ADOPT)
            present_jobs = comparison.matches(JOB, PRESENT)
            for match in new_jobs:
                if match.key not in lines_of:
                    placement = placements[match.key]
                    lines_of[match.key] = (
                        len(_placed_lines(tpl, library, placement).duties),
                        len(library.jobs[placement.ref].kpis),
                    )
            result[company] = {
                "departments": tuple(comparison.count(DEPARTMENT, s) for s in (NEW, ADOPT, PRESENT)),
                "jobs": (len(new_jobs), len(adopted_jobs), len(present_jobs)),
                "duties": (
                    sum(lines_of[m.key][0] for m in new_jobs)
                    + sum(len(adoption[(JOB, m.record_id)].duties) for m in adopted_jobs),
                    sum(there["duties"].get(m.record_id, 0) for m in present_jobs),
                ),
                "kpis": (
                    sum(lines_of[m.key][1] for m in new_jobs)
                    + sum(len(adoption[(JOB, m.record_id)].kpis) for m in adopted_jobs),
                    sum(there["kpis"].get(m.record_id, 0) for m in present_jobs),
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

    @api.depends("template_id", "company_ids", "adoption_ids.adopt")
    def _compute_preview(self):
        for wizard in self:
            wizard.preview = wizard._render_preview()
            gaps = wizard.template_id._gap_summary() if wizard.template_id else ""
            if gaps:
                wizard.preview += Markup("<p class='o_dealer_org_template_gaps_note'>%s</p>") % gaps

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
                    Markup("<td class='text-end'>%s</td>") % self._count_text(numbers[kind])
                    for kind, _m in COUNTED
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
            )
            + " "
            + self.env._(
                "A department or job position the company made itself under the template's name "
                "is adopted: it keeps its name, texts, employees and place, and receives the "
                "template's code and the duties, qualifications and KPIs it lacks (untick it under "
                "Adopted Records to create a new one instead)."
            ),
        )

    def _count_text(self, numbers):
        if len(numbers) == 3:
            return self.env._(
                "%(new)s new, %(adopted)s adopted, %(existing)s already there",
                new=numbers[0],
                adopted=numbers[1],
                existing=numbers[2],
            )
        return self.env._("%(new)s new, %(existing)s already there", new=numbers[0], existing=numbers[1])

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
        declined = self._declined()
        adopted = {
            company: {kind: comparison.count(kind, ADOPT) for kind in (DEPARTMENT, JOB)}
            for company, comparison in self.template_id.sudo()._compare_companies(companies, declined).items()
        }
        # All the companies in one batch per model: the queries do not grow with their number.
        self.template_id._apply_to_companies(companies, declined=declined)
        self.template_id._fill_companies(companies, duties=self.fill_duties, headcount=self.suggest_headcount)
        self.env.flush_all()
        after = self._record_counts(companies)
        created = {
            company: {
                kind: after.get((kind, company.id), 0) - before.get((kind, company.id), 0)
                for kind, _m in COUNTED
            }
            for company in companies
        }
        self.sudo().write({"state": "done", "summary": self._render_summary(created, adopted)})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Template applied"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _render_summary(self, created, adopted=None):
        items = []
        for company, numbers in created.items():
            adoptions = (adopted or {}).get(company, {})
            if any(adoptions.values()):
                text = self.env._(
                    "%(company)s: %(departments)s departments and %(jobs)s job positions of yours adopted; "
                    "%(new_departments)s departments, %(new_jobs)s job positions, %(duties)s duties and "
                    "%(kpis)s KPIs created.",
                    company=company.name,
                    departments=adoptions.get(DEPARTMENT, 0),
                    jobs=adoptions.get(JOB, 0),
                    new_departments=numbers["departments"],
                    new_jobs=numbers["jobs"],
                    duties=numbers["duties"],
                    kpis=numbers["kpis"],
                )
            elif not any(numbers.values()):
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
        """The job hierarchy with the companies the template was applied to selected in the
        company switcher, next to the user's current ones. Odoo 18's web client takes the active
        companies from the URL's ``cids`` (or its cookie), not from an action's context: an action
        window would open on the current companies only and show none of the new store's jobs, so
        the client reloads at the hierarchy's URL with ``cids``."""
        self.ensure_one()
        self._check_rights()
        current = self.env.companies & self.env.user.company_ids
        companies = current.ids + [c for c in self._allowed_companies().ids if c not in current.ids]
        return {
            "type": "ir.actions.act_url",
            "url": f"/odoo/action-dealer_org.hr_job_hierarchy_action?cids={'-'.join(map(str, companies))}",
            "target": "self",
        }


class DealerOrgTemplateApplyAdoption(models.TransientModel):
    """One department or job position a company already has under the template's name: the
    wizard adopts it unless HR unticks it."""

    _name = "dealer_org.template.apply.adoption"
    _description = "Record Adopted by an Organisation Template"
    _order = "company_id, kind, id"

    wizard_id = fields.Many2one("dealer_org.template.apply", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    kind = fields.Selection([(DEPARTMENT, "Department"), (JOB, "Job Position")], readonly=True)
    code = fields.Char("Library Code", readonly=True)
    department_code = fields.Char(readonly=True)
    record_id = fields.Integer(readonly=True)
    name = fields.Char("Yours", readonly=True, help="The company's own department or job position.")
    place = fields.Char(
        "Where", readonly=True, help="Its parent department (department) or department (job)."
    )
    template_name = fields.Char("Template's", readonly=True)
    adopt = fields.Boolean(
        default=True,
        help="Adopt the company's record as the template's; untick to create the template's record "
        "next to it.",
    )

    def write(self, vals):
        """HR decides ``adopt``; the rest is the comparison's, which no client rewrites
        (a row moved to another company or record would misstate it)."""
        if not self.env.su and set(vals) - {"adopt"}:
            raise AccessError(
                self.env._("Only the choice to adopt can be changed on this row; compare again instead.")
            )
        return super().write(vals)
