import logging
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import periods
from ..tools.kpi_scoring import check_thresholds

KPI_DIRECTIONS = [("higher", "Higher is better"), ("lower", "Lower is better")]
KPI_PERIODS = periods.selection(periods.KPI)  # tools/periods.py
KPI_SOURCES = [("manual", "Manual entry"), ("checklist_completion", "Checklist completion")]
# The figures the library may suggest; HR setting one of them has reviewed the suggestion.
SUGGESTED_FIGURES = {"minimum", "target", "maximum", "weight", "period", "direction"}
CODE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# Set while a job writes its KPIs as a whole: the weights are checked once, on the job. The
# job passes _DEFER_TOKEN, an object no RPC client can send; data files loading KPIs one by
# one pass True, honoured only while the registry loads modules (no client request runs then).
DEFER_WEIGHT_CHECK = "dealer_org_defer_kpi_weight_check"
_DEFER_TOKEN = object()
_logger = logging.getLogger(__name__)


def weight_check_deferred(env):
    flag = env.context.get(DEFER_WEIGHT_CHECK)
    return flag is _DEFER_TOKEN or (flag is True and not env.registry.ready)


def check_kpi_thresholds(records):
    """The thresholds of KPIs or of their copies on evaluation lines (``minimum``, ``target``,
    ``maximum``, ``name``): ordered, finite, and not all 0."""
    for record in records:
        if record.minimum == record.target == record.maximum == 0:
            raise ValidationError(
                records.env._(
                    "Set the target of the KPI “%(kpi)s”: its minimum, target and maximum are all 0, "
                    "so no actual value could be scored.",
                    kpi=record.name,
                )
            )
        if not check_thresholds(record.minimum, record.target, record.maximum):
            raise ValidationError(
                records.env._(
                    "The thresholds of the KPI “%(kpi)s” must satisfy minimum ≤ target ≤ maximum "
                    "(now %(minimum)s, %(target)s, %(maximum)s). For a lower-is-better KPI the "
                    "minimum is the best value and the maximum the worst one still scored.",
                    kpi=record.name,
                    minimum=record.minimum,
                    target=record.target,
                    maximum=record.maximum,
                )
            )


def check_kpi_codes(records):
    """The codes of KPIs or department targets (``code``, ``name``) that are set: a letter,
    then letters, digits and underscores. A KPI's code is required by the field itself."""
    for record in records:
        required = record._name == "dealer_org.kpi"
        if (record.code or required) and not CODE_PATTERN.match(record.code or ""):
            raise ValidationError(
                records.env._(
                    "The KPI code “%(code)s” of %(kpi)s is not valid: start with a letter and use "
                    "only letters, digits and underscores (e.g. SALES_TARGET).",
                    code=record.code,
                    kpi=record.name,
                )
            )


def check_codes_unique(model, rows, parent_field):
    """Refuse codes of KPIs (per job) or department targets (per department) that another of
    the same parent has whatever the case (``MARKETING_PLAN`` and ``marketing_plan`` are one
    code to payroll's readers), archived ones included like the SQL constraint. ``rows``:
    (record id or None, parent id, code) of the records about to be created or written;
    checked before the write (a unique index on lower(code) backs it)."""
    rows = [(rid, parent, code) for rid, parent, code in rows if parent and code and isinstance(code, str)]
    if not rows:
        return
    written = {rid for rid, _parent, _code in rows if rid}
    others = (
        model.sudo()
        .with_context(active_test=False)
        .search_fetch(
            [(parent_field, "in", list({parent for _rid, parent, _code in rows})), ("code", "!=", False)],
            [parent_field, "code", "name"],
        )
    )
    taken = {(o[parent_field].id, o.code.lower()): o.code for o in others if o.id not in written}
    for _rid, parent, code in rows:
        key = (parent, code.lower())
        if key in taken:
            raise ValidationError(
                model.env._(
                    "The code “%(code)s” is already used as “%(other)s” in %(parent)s: codes are "
                    "compared without case (payroll and reports refer to them), use another one.",
                    code=code,
                    other=taken[key],
                    parent=model.env[model._fields[parent_field].comodel_name]
                    .sudo()
                    .browse(parent)
                    .display_name,
                )
            )
        taken[key] = code


def code_rows(records, vals, parent_field):
    """(record id, parent id, code) of ``records`` once ``vals`` is written (for
    ``check_codes_unique``); nothing when neither the code nor the parent changes."""
    if "code" not in vals and parent_field not in vals:
        return []
    parent = vals.get(parent_field)
    return [
        (
            record.id,
            parent if parent_field in vals else record[parent_field].id,
            vals.get("code", record.code),
        )
        for record in records
    ]


def create_code_index(cr, table, parent_column, index_name):
    """A unique index on (parent, lower(code)), unless the data already break it: then log
    the duplicates for HR to rename instead of aborting the upgrade."""
    cr.execute(SQL("SELECT 1 FROM pg_indexes WHERE indexname = %s", index_name))
    if cr.fetchone():
        return
    cr.execute(
        SQL(
            "SELECT %(parent)s, lower(code), array_agg(id ORDER BY id) FROM %(table)s "
            "WHERE code IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1",
            parent=SQL.identifier(parent_column),
            table=SQL.identifier(table),
        )
    )
    duplicates = cr.fetchall()
    if duplicates:
        _logger.warning(
            "dealer_org: %s has codes that differ by case only within one %s (%s, lower code, ids): %s; "
            "rename them, then update the module to make the codes unique whatever their case",
            table,
            parent_column,
            parent_column,
            duplicates[:50],
        )
        return
    cr.execute(
        SQL(
            "CREATE UNIQUE INDEX %(index)s ON %(table)s (%(parent)s, lower(code))",
            index=SQL.identifier(index_name),
            table=SQL.identifier(table),
            parent=SQL.identifier(parent_column),
        )
    )


class DealerOrgKpi(models.Model):
    _name = "dealer_org.kpi"
    _inherit = ["dealer_org.validation.mixin"]
    _dealer_org_ranges = {"weight": (0, 100)}
    _description = "Job KPI"
    _order = "job_id, period, sequence, id"

    job_id = fields.Many2one("hr.job", "Job Position", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    department_id = fields.Many2one(related="job_id.department_id", store=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    name = fields.Char("KPI", required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stable identifier of the KPI within its job (letters, digits and _), "
        "the name salary rules and reports refer to.",
    )
    description = fields.Text("How It Is Measured", translate=True)
    unit = fields.Char(translate=True, help="Unit of the actual value, e.g. %, vehicles, days.")
    direction = fields.Selection(KPI_DIRECTIONS, required=True, default="higher")
    minimum = fields.Float(
        aggregator=None,
        required=True,
        default=0.0,
        help="Higher is better: the value that scores 0. Lower is better: the best value, "
        "scoring the maximum score.",
    )
    target = fields.Float(aggregator=None, required=True, default=0.0, help="The value that scores 100.")
    maximum = fields.Float(
        aggregator=None,
        required=True,
        default=0.0,
        help="Higher is better: the stretch value that scores the maximum score (120). "
        "Lower is better: the value that scores 0.",
    )
    weight = fields.Float("Weight (%)", required=True, default=0.0)
    period = fields.Selection(KPI_PERIODS, required=True, default="monthly")
    source = fields.Selection(
        KPI_SOURCES,
        required=True,
        default="manual",
        help="Manual entry: the manager or HR enters the actual value. Checklist completion: "
        "the completion rate (%) of the employee's duty checklists in the period, when "
        "checklists are in use.",
    )

    quote = fields.Text(
        "Document's Words",
        translate=True,
        help="What the source document says about the indicator; empty when the library chose it.",
    )
    source_ids = fields.Many2many("dealer_org.source", string="Sources", relation="dealer_org_kpi_source_rel")
    is_suggested = fields.Boolean(
        "Library's Suggestion",
        help="Figures of this KPI (thresholds, weight or period) are the library's suggestion: its "
        "source document does not give them. Review them; changing a figure clears the mark.",
    )

    _sql_constraints = [
        ("code_job_unique", "unique(job_id, code)", "A KPI code must be unique within its job position."),
        ("weight_range", "CHECK(weight >= 0 AND weight <= 100)", "A KPI weight must be between 0 and 100 %."),
    ]

    def init(self):
        create_code_index(self.env.cr, self._table, "job_id", "dealer_org_kpi_job_code_ci_unique")

    @api.constrains("code")
    def _check_code(self):
        check_kpi_codes(self)

    @api.constrains("minimum", "target", "maximum")
    def _check_thresholds(self):
        check_kpi_thresholds(self)

    @api.constrains("weight", "active", "period", "job_id")
    def _check_weights(self):
        if not weight_check_deferred(self.env):
            self.job_id._check_kpi_weights()

    @api.model_create_multi
    def create(self, vals_list):
        rows = [(None, vals.get("job_id"), vals.get("code")) for vals in vals_list]
        rows = [(r, p, c) for r, p, c in rows if isinstance(c, str) and isinstance(p, int)]
        check_codes_unique(self, rows, "job_id")
        return super().create(vals_list)

    def write(self, vals):
        if "is_suggested" not in vals and SUGGESTED_FIGURES & set(vals):
            # HR setting a suggested figure has reviewed it.
            vals = dict(vals, is_suggested=False)
        check_codes_unique(self, code_rows(self, vals, "job_id"), "job_id")
        return super().write(vals)

    def unlink(self):
        jobs = self.job_id
        res = super().unlink()
        if not weight_check_deferred(self.env):
            jobs.exists()._check_kpi_weights()
        return res

    @api.model
    def load(self, fields, data):
        """Odoo's import (base_import, or load over RPC) writes a KPI list row by row, so a
        re-weighting (70/30 → 60/40) passes through 90 % or 110 %: the weight check waits until
        every row is written, then checks each job the file touched once. A job whose weights do
        not add up refuses the whole import (nothing is written) with one message per job."""
        savepoint = self.env.cr.savepoint()
        result = super(DealerOrgKpi, self.with_context(**{DEFER_WEIGHT_CHECK: _DEFER_TOKEN})).load(
            fields, data
        )
        errors = []
        for job in self.browse(result.get("ids") or []).job_id:
            try:
                job._check_kpi_weights()
            except ValidationError as error:
                errors.append(str(error))
        if errors:
            savepoint.rollback()
            result = dict(
                result,
                ids=False,
                messages=[*result["messages"], {"type": "error", "message": "\n".join(errors)}],
            )
        savepoint.close(rollback=False)
        return result

    @api.model
    def _check_all_job_weights(self):
        """Check the weights of every job with KPIs, e.g. after loading KPIs one by one."""
        self.search([]).job_id._check_kpi_weights()
        return True
