from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


def parse_grades(text):
    """'C+D', 'C, D' or 'C' -> ('C', 'D') / ('C',): the grades a target line covers."""
    parts = (text or "").replace("+", ",").replace("/", ",").replace("，", ",").split(",")
    return tuple(part.strip() for part in parts if part.strip())


class DealerOrgKpiGradeTarget(models.Model):
    """The group's target distribution of grades (e.g. A 20 %, B 70 %, C+D 10 %), against
    which the calibration report flags the stores and departments that grade otherwise.

    Lines without a company are the group's targets, used by every company without lines
    of its own (like the grade table); a company's lines replace them. HR managers change
    their companies' targets; the group's only an HR manager allowed in every company."""

    _name = "dealer_org.kpi.grade.target"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "KPI Grade Target Distribution"
    _order = "company_id, sequence, id"
    _dealer_org_ranges = {"share": (0, 100)}
    _dealer_org_char_limit = 64

    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        "Company",
        index=True,
        help="Leave empty for the group's target, used by every company without targets of its own.",
    )
    grades = fields.Char(
        required=True, help="The grade, or several grades sharing one target joined by +, e.g. C+D."
    )
    share = fields.Float("Target Share (%)", required=True, digits=(16, 1), aggregator=None)

    @api.constrains("grades", "company_id")
    def _check_grades(self):
        for target in self:
            if not parse_grades(target.grades):
                raise ValidationError(self.env._("Name the grade(s) of the target, e.g. A or C+D."))
        tables = self.sudo().search([("company_id", "in", self.company_id.ids + [False])])
        for company in {target.company_id for target in self}:
            seen = set()
            for target in tables.filtered(lambda t, c=company: t.company_id == c):
                grades = set(parse_grades(target.grades))
                if grades & seen:
                    raise ValidationError(
                        self.env._(
                            "Grade %(grade)s has two targets in the targets of %(company)s: give each grade "
                            "one target line.",
                            grade=sorted(grades & seen)[0],
                            company=company.display_name or self.env._("the group"),
                        )
                    )
                seen |= grades

    def _check_target_rights(self, companies):
        if self.env.su:
            return
        if not self.env.user.has_group("hr.group_hr_manager"):
            raise AccessError(self.env._("Only HR managers change the target distribution of grades."))
        allowed = self.env.user.company_ids
        if not all(companies) and self.env["res.company"].sudo().search([]) - allowed:
            raise AccessError(
                self.env._(
                    "The group's target distribution applies to every company: only an HR manager allowed "
                    "in all companies changes it. Give your company targets of its own instead."
                )
            )
        if any(company and company not in allowed for company in companies):
            raise AccessError(self.env._("You can only change the targets of your own companies."))

    @api.model_create_multi
    def create(self, vals_list):
        Company = self.env["res.company"].sudo()
        self._check_target_rights([Company.browse(vals.get("company_id") or []) for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        companies = list(self.company_id) + ([False] if not all(self.mapped("company_id")) else [])
        if "company_id" in vals:
            companies.append(self.env["res.company"].sudo().browse(vals["company_id"] or []))
        self._check_target_rights(companies)
        return super().write(vals)

    def unlink(self):
        self._check_target_rights(
            list(self.company_id) + ([False] if not all(self.mapped("company_id")) else [])
        )
        return super().unlink()

    @api.model
    def _get_targets(self, companies):
        """{company id: [(grades tuple, share %), …]} for ``companies``, falling back to the
        group's targets. One query."""
        lines = self.sudo().search_fetch(
            [("company_id", "in", companies.ids + [False])], ["company_id", "grades", "share"]
        )
        own, group = {}, []
        for line in lines:
            row = (parse_grades(line.grades), line.share)
            if line.company_id:
                own.setdefault(line.company_id.id, []).append(row)
            else:
                group.append(row)
        return {company.id: own.get(company.id, group) for company in companies}


class DealerOrgKpiGrade(models.Model):
    _inherit = "dealer_org.kpi.grade"
    _rec_names_search = ["grade"]

    @api.depends("grade", "coefficient")
    def _compute_display_name(self):
        # What the calibration wizard offers: the grade and its pay coefficient.
        for band in self:
            band.display_name = f"{band.grade} ({band.coefficient:.2f})" if band.grade else ""
