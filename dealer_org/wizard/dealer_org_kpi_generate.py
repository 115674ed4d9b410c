from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..models.dealer_org_kpi import KPI_PERIODS


class DealerOrgKpiGenerate(models.TransientModel):
    _name = "dealer_org.kpi.generate"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Generate KPI Evaluations"

    period_type = fields.Selection(KPI_PERIODS, "Period Type", required=True, default="monthly")
    date = fields.Date(
        "Period Containing",
        required=True,
        default=fields.Date.context_today,
        help="Any day of the month, quarter or year to evaluate.",
    )
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

    def action_generate(self):
        self.ensure_one()
        # The many2many reads only the companies the user may read: compare with the choice.
        if self.sudo().company_ids - self.env.user.company_ids:
            raise AccessError(self.env._("You can only generate evaluations for the companies you work in."))
        if not self.company_ids:
            raise UserError(self.env._("Choose the companies (among yours) to generate evaluations for."))
        evaluations = self.env["dealer_org.kpi.evaluation"]._generate(
            self.period_type, self.date, self.company_ids, self.department_ids or None
        )
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_org.dealer_org_kpi_evaluation_action")
        action["domain"] = [("id", "in", evaluations.ids)]
        action["name"] = self.env._("%(count)s New KPI Evaluations", count=len(evaluations))
        return action
