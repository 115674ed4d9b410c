from odoo import api, fields, models

from .dealer_org_kpi import (
    KPI_DIRECTIONS,
    KPI_PERIODS,
    SUGGESTED_FIGURES,
    check_codes_unique,
    check_kpi_codes,
    check_kpi_thresholds,
    code_rows,
    create_code_index,
)


class DealerOrgDepartmentKpi(models.Model):
    """A target a document sets for a department as a whole (销售部门's annual sales target,
    财务部's financial plan): the department's indicator, with the document's words. It is
    the department head's to answer for; HR turns it into a job KPI where it is evaluated."""

    _name = "dealer_org.department.kpi"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Department Target"
    _order = "department_id, sequence, id"

    department_id = fields.Many2one("hr.department", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="department_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    name = fields.Char("Indicator", required=True, translate=True)
    code = fields.Char(help="Stable identifier of the target within its department.")
    description = fields.Text("How It Is Measured", translate=True)
    quote = fields.Text(
        "Document's Words", translate=True, help="What the source document says about the target."
    )
    unit = fields.Char(translate=True, help="Unit of the value, e.g. %, vehicles, yuan.")
    direction = fields.Selection(KPI_DIRECTIONS, required=True, default="higher")
    minimum = fields.Float(aggregator=None, required=True, default=0.0)
    target = fields.Float(aggregator=None, required=True, default=0.0)
    maximum = fields.Float(aggregator=None, required=True, default=0.0)
    period = fields.Selection(KPI_PERIODS, required=True, default="yearly")
    is_suggested = fields.Boolean(
        "Library's Suggestion",
        help="The figures (thresholds, period) are the library's suggestion: the source document "
        "does not give them. Review them; changing a figure clears the mark.",
    )
    source_ids = fields.Many2many(
        "dealer_org.source", string="Sources", relation="dealer_org_department_kpi_source_rel"
    )

    _sql_constraints = [
        (
            "code_department_unique",
            "unique(department_id, code)",
            "A target code must be unique within its department.",
        ),
    ]

    def init(self):
        create_code_index(
            self.env.cr, self._table, "department_id", "dealer_org_department_kpi_code_ci_unique"
        )

    @api.constrains("code")
    def _check_code(self):
        check_kpi_codes(self)

    @api.constrains("minimum", "target", "maximum")
    def _check_thresholds(self):
        check_kpi_thresholds(self)

    @api.model_create_multi
    def create(self, vals_list):
        rows = [(None, vals.get("department_id"), vals.get("code")) for vals in vals_list]
        rows = [(r, p, c) for r, p, c in rows if isinstance(c, str) and isinstance(p, int)]
        check_codes_unique(self, rows, "department_id")
        return super().create(vals_list)

    def write(self, vals):
        if "is_suggested" not in vals and SUGGESTED_FIGURES & set(vals):
            vals = dict(vals, is_suggested=False)
        check_codes_unique(self, code_rows(self, vals, "department_id"), "department_id")
        res = super().write(vals)
        if "department_id" in vals and not self.env.su:
            # Moving a target to a department of a company the user does not manage is refused.
            self.department_id.check_access("write")
        return res
