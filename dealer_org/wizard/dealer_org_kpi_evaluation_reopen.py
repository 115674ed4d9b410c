from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class DealerOrgKpiEvaluationReopen(models.TransientModel):
    _name = "dealer_org.kpi.evaluation.reopen"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Reopen KPI Evaluations"

    evaluation_ids = fields.Many2many("dealer_org.kpi.evaluation", string="Evaluations", required=True)
    reason = fields.Text(required=True, help="Recorded in the chatter of each evaluation.")

    def action_reopen(self):
        self.ensure_one()
        # The many2many reads only what the user may read: compare with what was chosen, so
        # that evaluations outside the user's reach are refused, not silently skipped.
        chosen = self.sudo().evaluation_ids
        readable = self.evaluation_ids
        if chosen - readable:
            raise AccessError(self.env._("You may not reopen some of the chosen evaluations."))
        if not readable:
            raise UserError(self.env._("Choose the evaluations to reopen."))
        readable._reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
