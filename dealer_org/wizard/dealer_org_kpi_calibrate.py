from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class DealerOrgKpiCalibrate(models.TransientModel):
    """Calibrate submitted evaluations: HR gives them another grade of their company's grade
    table, with a reason (docs/kpi.md, "Calibration"). Readable by its creator only (record
    rule): Odoo 18 gives transient records no owner rule."""

    _name = "dealer_org.kpi.calibrate"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Calibrate KPI Evaluations"

    evaluation_ids = fields.Many2many(
        "dealer_org.kpi.evaluation",
        "dealer_org_kpi_calibrate_evaluation_rel",
        string="Evaluations",
        required=True,
    )
    current_grades = fields.Char("Grade from Score", compute="_compute_allowed_band_ids")
    allowed_band_ids = fields.Many2many("dealer_org.kpi.grade", compute="_compute_allowed_band_ids")
    band_id = fields.Many2one(
        "dealer_org.kpi.grade",
        "Calibrated Grade",
        required=True,
        domain="[('id', 'in', allowed_band_ids)]",
        help="A grade of the grade table in force for the evaluations' company; its pay coefficient comes "
        "with it.",
    )
    reason = fields.Text(
        required=True, help="Kept on the evaluation, logged in its chatter, printed on the sheet."
    )

    @api.depends("evaluation_ids")
    def _compute_allowed_band_ids(self):
        Grade = self.env["dealer_org.kpi.grade"]
        for wizard in self:
            evaluations = wizard.evaluation_ids
            wizard.current_grades = ", ".join(sorted({e.score_grade or "-" for e in evaluations}))
            companies = evaluations.company_id
            if len(companies) != 1:
                wizard.allowed_band_ids = Grade
                continue
            own = Grade.search([("company_id", "=", companies.id)])
            wizard.allowed_band_ids = own or Grade.search([("company_id", "=", False)])

    def action_calibrate(self):
        self.ensure_one()
        # The many2many reads only what the user may read: evaluations out of reach are
        # refused, not silently skipped.
        chosen = self.sudo().evaluation_ids
        readable = self.evaluation_ids
        if chosen - readable:
            raise AccessError(self.env._("You may not calibrate some of the chosen evaluations."))
        if not readable:
            raise UserError(self.env._("Choose the evaluations to calibrate."))
        if not self.band_id:
            raise UserError(self.env._("Choose the calibrated grade."))
        same = readable.filtered(lambda e: e.score_grade == self.band_id.grade and not e.calibrated_grade)
        if same:
            raise UserError(
                self.env._(
                    "%(evaluation)s already has grade %(grade)s from its score: choose another grade.",
                    evaluation=same[0].display_name,
                    grade=self.band_id.grade,
                )
            )
        readable._calibrate(self.band_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
