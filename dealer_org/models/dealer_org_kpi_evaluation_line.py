from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .dealer_org_kpi import KPI_DIRECTIONS, KPI_SOURCES
from .dealer_org_kpi_evaluation import FROZEN_STATES, score_line

# What a manager (not an HR officer) may change on a line of a team member's evaluation.
MANAGER_LINE_FIELDS = {"actual", "comment"}


class DealerOrgKpiEvaluationLine(models.Model):
    """One KPI of an evaluation: the definition is copied from the job's KPI when the
    evaluation is created, so later edits of the KPI do not rewrite past evaluations."""

    _name = "dealer_org.kpi.evaluation.line"
    _inherit = ["dealer_org.validation.mixin"]
    _dealer_org_ranges = {"weight": (0, 100)}
    _description = "KPI Evaluation Line"
    _order = "evaluation_id, sequence, id"

    evaluation_id = fields.Many2one(
        "dealer_org.kpi.evaluation", "Evaluation", required=True, index=True, ondelete="cascade"
    )
    employee_id = fields.Many2one(related="evaluation_id.employee_id", store=True, index=True)
    company_id = fields.Many2one(related="evaluation_id.company_id", store=True, index=True)
    state = fields.Selection(related="evaluation_id.state")
    kpi_id = fields.Many2one("dealer_org.kpi", "KPI Definition", ondelete="set null", readonly=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("KPI", required=True, translate=True)
    code = fields.Char(required=True)
    unit = fields.Char(translate=True)
    direction = fields.Selection(KPI_DIRECTIONS, required=True, default="higher")
    minimum = fields.Float(required=True, default=0.0)
    target = fields.Float(required=True, default=0.0)
    maximum = fields.Float(required=True, default=0.0)
    weight = fields.Float("Weight (%)", required=True)
    source = fields.Selection(KPI_SOURCES, required=True, default="manual")
    actual = fields.Float()
    score = fields.Float(compute="_compute_score", store=True, digits=(16, 2), aggregator="avg")
    weighted_score = fields.Float("Weighted Score", compute="_compute_weighted_score", digits=(16, 2))
    comment = fields.Char()

    @api.depends("actual", "minimum", "target", "maximum", "direction")
    def _compute_score(self):
        for line in self:
            line.score = score_line(line.actual, line.minimum, line.target, line.maximum, line.direction)

    @api.depends("score", "weight")
    def _compute_weighted_score(self):
        for line in self:
            line.weighted_score = line.score * line.weight / 100.0

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_editable()
        return lines

    def write(self, vals):
        self._check_editable(vals)
        return super().write(vals)

    def unlink(self):
        self._check_editable()
        return super().unlink()

    def _check_editable(self, vals=None):
        evaluations = self.evaluation_id
        frozen = evaluations.filtered(lambda e: e.state in FROZEN_STATES)
        if frozen:
            raise UserError(
                self.env._(
                    "The evaluation %(evaluation)s is approved or locked and cannot be changed any more; "
                    "an HR manager can reopen it with a reason.",
                    evaluation=frozen[0].display_name,
                )
            )
        if self.env.su or self.env.user.has_group("hr.group_hr_user"):
            return
        if vals is None or set(vals) - MANAGER_LINE_FIELDS:
            raise AccessError(
                self.env._(
                    "Only HR officers can change the KPIs of an evaluation; managers enter the actual "
                    "values and comments."
                )
            )
        if evaluations.filtered(lambda e: e.state != "draft"):
            raise UserError(
                self.env._("Only draft evaluations can be filled in; ask HR to send the evaluation back.")
            )
