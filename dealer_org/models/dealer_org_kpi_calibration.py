"""The calibration report: how each store and department graded a period, side by side.

One row per store (level *Store*) or store department (level *Department*), period and
grade, read from the evaluations that have a result to calibrate or pay (submitted, approved,
locked; active). The shares, the target of the grade (the company's targets, else the
group's: ``dealer_org.kpi.grade.target``), the share of the grade over every store the user
has selected, the deviations and the outlier flag are computed for the rows read, with two
grouped queries whatever the number of rows (docs/kpi.md, "Calibration")."""

from datetime import date

from odoo import api, fields, models
from odoo.tools import SQL

# A row is an outlier when its store or department has at least this many evaluations of
# the period and the share of its grade (of the grades sharing its target) is off the target
# by more than the threshold (percentage points, system parameter
# dealer_org.calibration_threshold); for a grade without a target: off the share of the same
# grade over all the stores selected.
MIN_SAMPLE = 5
DEFAULT_THRESHOLD = 10.0
LEVELS = [("company", "Store"), ("department", "Department")]
# A row's id: (year × 12 + month − 1 of its period) × ID_PERIOD_FACTOR + its first evaluation's
# id × 2 (+ 1 for a store row); below 2**53, the web client's largest exact integer.
ID_PERIOD_FACTOR = 10**11


def period_of_id(row_id):
    """The first day of the period of the calibration row ``row_id``."""
    months = row_id // ID_PERIOD_FACTOR
    return date(months // 12, months % 12 + 1, 1)


def flag_outlier(count, share, target, group_share, threshold, min_sample=MIN_SAMPLE):
    """Why a row is an outlier ('' when it is not): plain maths, tested without a database.
    ``share``: the row's share (of its grade, or of the grades sharing its target when a
    target applies); ``target``: the target share or None; ``group_share``: the grade's share
    over all selected stores (compared when there is no target), or None."""
    if count < min_sample:
        return ""
    reasons = []
    if target is not None and round(abs(share - target), 6) > threshold:
        reasons.append("target")
    if group_share is not None and round(abs(share - group_share), 6) > threshold:
        reasons.append("group")
    return "+".join(reasons)


class DealerOrgKpiCalibration(models.Model):
    _name = "dealer_org.kpi.calibration"
    _description = "KPI Calibration"
    _auto = False
    _order = "period_start desc, company_id, level, department_id, grade"
    _rec_name = "grade"

    level = fields.Selection(LEVELS, readonly=True)
    company_id = fields.Many2one("res.company", "Store", readonly=True)
    department_id = fields.Many2one("hr.department", "Department", readonly=True)
    period_type = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly")],
        readonly=True,
    )
    period_start = fields.Date("Period", readonly=True)
    grade = fields.Char(readonly=True)
    evaluation_count = fields.Integer("Evaluations", readonly=True)
    calibrated_count = fields.Integer("Calibrated", readonly=True)
    submitted_count = fields.Integer("To Approve", readonly=True)
    coefficient_total = fields.Float("Coefficients (sum)", readonly=True, digits=(16, 2))
    avg_coefficient = fields.Float(
        "Avg. Coefficient", compute="_compute_distribution", digits=(16, 2), aggregator=None
    )
    total_count = fields.Integer("Evaluations (all grades)", compute="_compute_distribution", aggregator=None)
    share = fields.Float("Share (%)", compute="_compute_distribution", digits=(16, 1), aggregator=None)
    target_grades = fields.Char(compute="_compute_distribution")
    target_share = fields.Float(
        "Target (%)", compute="_compute_distribution", digits=(16, 1), aggregator=None
    )
    target_group_share = fields.Float(
        "Share of Target Grades (%)", compute="_compute_distribution", digits=(16, 1), aggregator=None
    )
    group_share = fields.Float(
        "All Stores (%)",
        compute="_compute_distribution",
        digits=(16, 1),
        aggregator=None,
        help="The share of the grade over every store selected in the company switcher.",
    )
    deviation = fields.Float(
        "Deviation (points)",
        compute="_compute_distribution",
        digits=(16, 1),
        aggregator=None,
        help="Off the target (or, without a target, off all stores), in percentage points.",
    )
    is_outlier = fields.Boolean("Outlier", compute="_compute_distribution")
    outlier_reason = fields.Char("Why", compute="_compute_distribution")

    @property
    def _table_query(self):
        evaluations = SQL(
            """FROM dealer_org_kpi_evaluation ev
              WHERE ev.active AND ev.state IN ('submitted', 'approved', 'locked') AND ev.grade IS NOT NULL"""
        )
        measures = SQL(
            """count(*) AS evaluation_count,
               count(*) FILTER (WHERE ev.calibrated_grade IS NOT NULL) AS calibrated_count,
               count(*) FILTER (WHERE ev.state = 'submitted') AS submitted_count,
               sum(ev.coefficient) AS coefficient_total"""
        )
        # Row ids from the period and the group's first evaluation (see _search): stable,
        # unique per level, no window function, so that a filter on the period reaches the
        # evaluations' index.
        period_key = SQL(
            "(extract(year FROM ev.period_start)::bigint * 12"
            " + extract(month FROM ev.period_start)::bigint - 1) * %s",
            ID_PERIOD_FACTOR,
        )
        return SQL(
            """SELECT %(period_key)s + min(ev.id) * 2 AS id, 'department' AS level, ev.company_id,
                      ev.department_id, ev.period_type, ev.period_start, ev.grade, %(measures)s
                 %(evaluations)s
             GROUP BY ev.company_id, ev.department_id, ev.period_type, ev.period_start, ev.grade
            UNION ALL
               SELECT %(period_key)s + min(ev.id) * 2 + 1, 'company', ev.company_id, NULL,
                      ev.period_type, ev.period_start, ev.grade, %(measures)s
                 %(evaluations)s
             GROUP BY ev.company_id, ev.period_type, ev.period_start, ev.grade""",
            period_key=period_key,
            measures=measures,
            evaluations=evaluations,
        )

    @api.model
    def _search(self, domain, *args, **kwargs):
        """Rows read by id (fetch, access checks) would aggregate the evaluations of every
        period and store: the id carries the period of its row and its first evaluation, whose
        store is the row's, which restrict the aggregation to them."""
        if (
            len(domain) == 1
            and isinstance(domain[0], list | tuple)
            and tuple(domain[0][:2]) == ("id", "in")
            and isinstance(domain[0][2], list | tuple)
            and domain[0][2]
        ):
            ids = [row_id for row_id in domain[0][2] if isinstance(row_id, int)]
            periods = {period_of_id(row_id) for row_id in ids}
            # ... and of its first evaluation, whose store is the row's (one query by primary key).
            self.env.cr.execute(
                SQL(
                    "SELECT DISTINCT company_id FROM dealer_org_kpi_evaluation WHERE id = ANY(%s)",
                    [row_id % ID_PERIOD_FACTOR // 2 for row_id in ids],
                )
            )
            companies = [row[0] for row in self.env.cr.fetchall()]
            domain = [*domain, ("period_start", "in", sorted(periods)), ("company_id", "in", companies)]
        return super()._search(domain, *args, **kwargs)

    @api.model
    def _threshold(self):
        value = self.env["ir.config_parameter"].sudo().get_param("dealer_org.calibration_threshold")
        try:
            return float(value) if value else DEFAULT_THRESHOLD
        except ValueError:
            return DEFAULT_THRESHOLD

    @api.depends_context("allowed_company_ids")
    def _compute_distribution(self):
        """Shares, targets and outliers of the rows read: two grouped queries (the rows' group
        totals, and the grades over every selected store), whatever the number of rows."""
        periods = list({(row.period_type, row.period_start) for row in self})
        base = [
            ("period_type", "in", list({p[0] for p in periods})),
            ("period_start", "in", list({p[1] for p in periods})),
        ]
        totals, grade_counts = {}, {}
        if self:
            for level, company, department, ptype, start, grade, count in self._read_group(
                [*base, ("company_id", "in", self.company_id.ids)],
                ["level", "company_id", "department_id", "period_type", "period_start:day", "grade"],
                ["evaluation_count:sum"],
            ):
                key = (level, company.id, department.id, ptype, start)
                totals.setdefault(key, {})[grade] = count
            for ptype, start, grade, count in self._read_group(
                [*base, ("level", "=", "department")],
                ["period_type", "period_start:day", "grade"],
                ["evaluation_count:sum"],
            ):
                grade_counts.setdefault((ptype, start), {})[grade] = count
        targets = self.env["dealer_org.kpi.grade.target"]._get_targets(self.company_id)
        threshold = self._threshold()
        for row in self:
            grades = totals.get(
                (row.level, row.company_id.id, row.department_id.id, row.period_type, row.period_start), {}
            )
            total = sum(grades.values())
            everywhere = grade_counts.get((row.period_type, row.period_start), {})
            group_total = sum(everywhere.values())
            row.total_count = total
            row.share = 100.0 * row.evaluation_count / total if total else 0.0
            row.avg_coefficient = (
                row.coefficient_total / row.evaluation_count if row.evaluation_count else 0.0
            )
            row.group_share = 100.0 * everywhere.get(row.grade, 0) / group_total if group_total else 0.0
            target = next((t for t in targets.get(row.company_id.id, []) if row.grade in t[0]), None)
            if target:
                row.target_grades = "+".join(target[0])
                row.target_share = target[1]
                share = 100.0 * sum(grades.get(g, 0) for g in target[0]) / total if total else 0.0
                row.target_group_share = share
                row.deviation = share - target[1]
            else:
                row.target_grades = False
                row.target_share = 0.0
                row.target_group_share = 0.0
                row.deviation = row.share - row.group_share
            reason = flag_outlier(
                total,
                row.target_group_share if target else row.share,
                target[1] if target else None,
                None if target else row.group_share,
                threshold,
            )
            row.is_outlier = bool(reason)
            row.outlier_reason = self._outlier_label(reason, threshold) if reason else False

    def _outlier_label(self, reason, threshold):
        labels = {
            "target": self.env._("off the target by more than %(points)s points", points=threshold),
            "group": self.env._("off all stores by more than %(points)s points", points=threshold),
        }
        return "; ".join(labels[part] for part in reason.split("+"))

    def action_open_evaluations(self):
        """The evaluations behind the row, to calibrate them."""
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("period_type", "=", self.period_type),
            ("period_start", "=", self.period_start),
            ("grade", "=", self.grade),
            ("state", "in", ("submitted", "approved", "locked")),
        ]
        if self.level == "department":
            domain.append(("department_id", "=", self.department_id.id))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Evaluations to Calibrate"),
            "res_model": "dealer_org.kpi.evaluation",
            "views": [
                (self.env.ref("dealer_org.dealer_org_kpi_evaluation_view_list_calibration").id, "list"),
                (False, "form"),
            ],
            "domain": domain,
        }
