from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class DealerOrgKpiEvaluationArchive(models.TransientModel):
    """Archive KPI evaluations with a reason: an evaluation whose period has started is
    archived, not deleted, so that payroll (which reads it as missing) and its chatter keep
    the trace."""

    _name = "dealer_org.kpi.evaluation.archive"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Archive KPI Evaluations"

    evaluation_ids = fields.Many2many(
        "dealer_org.kpi.evaluation",
        "dealer_org_kpi_evaluation_archive_rel",
        string="Evaluations",
        required=True,
    )
    reason = fields.Text(required=True, help="Recorded on each evaluation and in its chatter.")

    def action_archive_evaluations(self):
        self.ensure_one()
        # The many2many reads only what the user may read: evaluations out of reach are
        # refused, not silently skipped.
        chosen = self.sudo().evaluation_ids
        readable = self.evaluation_ids
        if chosen - readable:
            raise AccessError(self.env._("You may not archive some of the chosen evaluations."))
        if not readable:
            raise UserError(self.env._("Choose the evaluations to archive."))
        readable._archive(self.reason)
        return {"type": "ir.actions.act_window_close"}
