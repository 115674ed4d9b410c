from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.dealer_org_kpi import KPI_PERIODS
from ..tools.kpi_scoring import period_bounds

MONTHS = [
    ("1", "January"), ("2", "February"), ("3", "March"), ("4", "April"), ("5", "May"), ("6", "June"),
    ("7", "July"), ("8", "August"), ("9", "September"), ("10", "October"), ("11", "November"),
    ("12", "December"),
]  # fmt: skip
QUARTERS = [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]


class DealerOrgKpiGenerate(models.TransientModel):
    _name = "dealer_org.kpi.generate"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Generate KPI Evaluations"
    _dealer_org_ranges = {"year": (1990, 2200)}

    period_type = fields.Selection(KPI_PERIODS, required=True, default="monthly")
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    month = fields.Selection(
        MONTHS,
        default=lambda self: str(fields.Date.context_today(self).month),
        help="For monthly evaluations.",
    )
    quarter = fields.Selection(
        QUARTERS,
        default=lambda self: str((fields.Date.context_today(self).month - 1) // 3 + 1),
        help="For quarterly evaluations.",
    )
    date = fields.Date(
        "Period Containing",
        compute="_compute_date",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="The first day of the month, quarter or year chosen.",
    )
    period_label = fields.Char("Period", compute="_compute_period_label")
    company_ids = fields.Many2many(
        "res.company",
        string="Companies",
        required=True,
        default=lambda self: self.env.companies,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    department_ids = fields.Many2many(
        "hr.department",
        string="Departments",
        help="Only these departments and their sub-departments; all when empty.",
    )

    @api.depends("period_type", "year", "month", "quarter")
    def _compute_date(self):
        for wizard in self:
            year = wizard.year if 1990 <= (wizard.year or 0) <= 2200 else fields.Date.context_today(self).year
            if wizard.period_type == "monthly":
                month = int(wizard.month or 1)
            elif wizard.period_type == "quarterly":
                month = (int(wizard.quarter or 1) - 1) * 3 + 1
            else:
                month = 1
            wizard.date = fields.Date.to_date(f"{year:04d}-{month:02d}-01")

    @api.depends("date", "period_type")
    def _compute_period_label(self):
        for wizard in self:
            wizard.period_label = (
                self.env["dealer_org.kpi.evaluation"]._period_label(wizard.date, wizard.period_type)
                if wizard.date and wizard.period_type
                else False
            )

    def _scope_domain(self, start):
        domain = [
            ("period_type", "=", self.period_type),
            ("period_start", "=", start),
            ("company_id", "in", self.company_ids.ids),
        ]
        if self.department_ids:
            domain.append(("department_id", "child_of", self.department_ids.ids))
        return domain

    def action_generate(self):
        self.ensure_one()
        # The many2many reads only the companies the user may read: compare with the choice.
        if self.sudo().company_ids - self.env.user.company_ids:
            raise AccessError(self.env._("You can only generate evaluations for the companies you work in."))
        if not self.company_ids:
            raise UserError(self.env._("Choose the companies (among yours) to generate evaluations for."))
        Evaluation = self.env["dealer_org.kpi.evaluation"]
        created = Evaluation._generate(
            self.period_type, self.date, self.company_ids, self.department_ids or None
        )
        start = period_bounds(self.date, self.period_type)[0]
        of_period = Evaluation.search(self._scope_domain(start))
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_org.dealer_org_kpi_evaluation_action")
        action["domain"] = [("id", "in", of_period.ids)]
        action["context"] = {}
        action["name"] = self.env._(
            "%(period)s: %(created)s created, %(existing)s already existed",
            period=Evaluation._period_label(start, self.period_type),
            created=len(created),
            existing=len(of_period - created),
        )
        action["display_name"] = action["name"]  # what the web client shows in the breadcrumb
        return action
