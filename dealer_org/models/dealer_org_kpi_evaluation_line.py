from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.kpi_scoring import weighted_breakdown
from .dealer_org_kpi import KPI_DIRECTIONS, KPI_SOURCES, check_kpi_thresholds
from .dealer_org_kpi_evaluation import _is_chatter_field, _is_internal, score_line

# What a manager (not an HR officer) may change on a line of a team member's evaluation.
MANAGER_LINE_FIELDS = {"actual", "comment"}
# What HR may change on a line of a draft or submitted evaluation: the actual and the KPI's
# definition for this employee. The rest (which evaluation, which KPI, the score) is fixed.
HR_LINE_FIELDS = MANAGER_LINE_FIELDS | {
    "name", "sequence", "unit", "direction", "minimum", "target", "maximum", "weight", "code",
}  # fmt: skip


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
    minimum = fields.Float(aggregator=None, required=True, default=0.0)
    target = fields.Float(aggregator=None, required=True, default=0.0)
    maximum = fields.Float(aggregator=None, required=True, default=0.0)
    weight = fields.Float("Weight (%)", required=True)
    source = fields.Selection(KPI_SOURCES, required=True, default="manual")
    actual = fields.Float(aggregator=None)
    not_applicable = fields.Boolean(
        "No Data",
        readonly=True,
        help="No data for the period (e.g. no checklist was due): the KPI is left out of the score "
        "and the other weights count proportionally.",
    )
    score = fields.Float(compute="_compute_score", store=True, digits=(16, 2), aggregator="avg")
    effective_weight = fields.Float(
        "Effective Weight (%)",
        compute="_compute_weighted_score",
        digits=(16, 2),
        help="The weight the KPI has in the score: its weight re-normalised over the KPIs that have "
        "data for the period (0 for a KPI without data). The effective weights add up to 100 %.",
    )
    weighted_score = fields.Float(
        compute="_compute_weighted_score",
        digits=(16, 2),
        help="Score × effective weight: the weighted scores of an evaluation add up to its score.",
    )
    comment = fields.Char()

    # One line per KPI code in an evaluation: no import (ours, Odoo's, an RPC call) adds a second
    # one (migrations/18.0.1.2.0/post-kpi_line_unique.py resolves older duplicates first).
    _sql_constraints = [
        (
            "evaluation_code_unique",
            "unique(evaluation_id, code)",
            "An evaluation has one line per KPI code: change the actual of the existing line instead of "
            "adding another.",
        ),
    ]

    @api.depends("actual", "minimum", "target", "maximum", "direction")
    def _compute_score(self):
        for line in self:
            line.score = score_line(line.actual, line.minimum, line.target, line.maximum, line.direction)

    @api.depends(
        "score",
        "weight",
        "not_applicable",
        "evaluation_id.line_ids.score",
        "evaluation_id.line_ids.weight",
        "evaluation_id.line_ids.not_applicable",
    )
    def _compute_weighted_score(self):
        """Per evaluation, from all its lines (kpi_scoring.weighted_breakdown): a KPI without
        data weighs 0 and the others' weights are re-normalised, so that the weighted scores
        add up to the evaluation's score, on screen as on the printed sheet."""
        for evaluation, lines in self.grouped("evaluation_id").items():
            siblings = evaluation.line_ids if evaluation else lines
            if not lines <= siblings:
                siblings = lines
            breakdown = weighted_breakdown(
                (line.score, line.weight, not line.not_applicable) for line in siblings
            )
            for line, (weight, weighted) in zip(siblings, breakdown, strict=True):
                if line in lines:
                    line.effective_weight = weight
                    line.weighted_score = weighted

    @api.constrains("minimum", "target", "maximum")
    def _check_thresholds(self):
        check_kpi_thresholds(self)

    @api.model_create_multi
    def create(self, vals_list):
        evaluations = self.env["dealer_org.kpi.evaluation"].browse(
            {vals["evaluation_id"] for vals in vals_list if vals.get("evaluation_id")}
        )
        if not _is_internal(self.env):
            if any("score" in vals for vals in vals_list):
                raise UserError(self.env._("The score of a KPI is computed from its actual value."))
            evaluations._check_lines_editable(None)
        return super().create(vals_list)

    def write(self, vals):
        if "id" in vals and all(line.id == vals["id"] for line in self):
            # Odoo's import by database id (the ".id" column) names the line it updates.
            vals = {name: value for name, value in vals.items() if name != "id"}
        changes = {name for name in vals if not _is_chatter_field(name)}
        if "evaluation_id" in changes and all(
            line.evaluation_id.id == vals["evaluation_id"] for line in self
        ):
            changes.discard("evaluation_id")  # the ORM re-asserting the inverse of line_ids
        if changes and not _is_internal(self.env):
            fixed = changes - HR_LINE_FIELDS
            if fixed:
                raise UserError(
                    self.env._(
                        "%(fields)s of a KPI evaluation line cannot be changed (the score is computed "
                        "from the actual value; a line stays on its evaluation).",
                        fields=", ".join(
                            sorted(self._fields[name]._description_string(self.env) for name in fixed)
                        ),
                    )
                )
            self.evaluation_id._check_lines_editable(changes)
        res = super().write(vals)
        if "actual" in vals:
            self.evaluation_id._mark_actuals_entered()
        return res

    def unlink(self):
        if not _is_internal(self.env):
            self.evaluation_id._check_lines_editable(None)
        return super().unlink()
