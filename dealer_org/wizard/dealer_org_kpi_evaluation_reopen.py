from odoo import fields, models


class DealerOrgKpiEvaluationReopen(models.TransientModel):
    _name = "dealer_org.kpi.evaluation.reopen"
    _description = "Reopen KPI Evaluations"

    evaluation_ids = fields.Many2many("dealer_org.kpi.evaluation", string="Evaluations", required=True)
    reason = fields.Text(required=True, help="Recorded in the chatter of each evaluation.")

    def action_reopen(self):
        self.ensure_one()
        self.evaluation_ids._reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
