from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import kpi_actuals

COLUMN_ROLES = [
    (kpi_actuals.EMPLOYEE_NO, "Employee No. (Badge ID)"),
    (kpi_actuals.EMPLOYEE_NAME, "Employee Name"),
    (kpi_actuals.PERIOD, "Period"),
    (kpi_actuals.KPI_CODE, "KPI Code"),
    (kpi_actuals.KPI_NAME, "KPI Name"),
    (kpi_actuals.ACTUAL, "Actual"),
    (kpi_actuals.COMMENT, "Comment"),
    (kpi_actuals.IGNORE, "Ignore"),
]


class DealerOrgKpiActualMapping(models.Model):
    """The columns of one source's files (the DMS's monthly sales, the CSI survey…): which
    header holds the employee, the period, the KPI, the actual. Headers not listed are
    recognised by their usual Chinese or English names."""

    _name = "dealer_org.kpi.actual.mapping"
    _description = "KPI Actuals Column Mapping"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char("Source", required=True, translate=False, help="E.g. DMS 月度销量, CSI 调查.")
    company_id = fields.Many2one(
        "res.company", "Company", required=True, index=True, default=lambda self: self.env.company
    )
    line_ids = fields.One2many("dealer_org.kpi.actual.mapping.line", "mapping_id", "Columns", copy=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(name, company_id)",
            "A source's column mapping already has this name.",
        ),
    ]

    def _as_dict(self):
        """{header: role} for kpi_actuals.recognise_headers; empty without a mapping."""
        return {line.header: line.role for line in self.line_ids} if self else {}


class DealerOrgKpiActualMappingLine(models.Model):
    _name = "dealer_org.kpi.actual.mapping.line"
    _description = "KPI Actuals Column Mapping Line"
    _order = "mapping_id, sequence, id"

    mapping_id = fields.Many2one(
        "dealer_org.kpi.actual.mapping", "Mapping", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="mapping_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    header = fields.Char("Column Header", required=True, help="The header as it appears in the file.")
    role = fields.Selection(COLUMN_ROLES, "Holds", required=True)

    @api.constrains("header", "mapping_id")
    def _check_header(self):
        for line in self:
            same = line.mapping_id.line_ids.filtered(
                lambda other, line=line: kpi_actuals.normalize_header(other.header)
                == kpi_actuals.normalize_header(line.header)
            )
            if len(same) > 1:
                raise ValidationError(
                    self.env._(
                        "The column “%(header)s” is listed twice in the mapping %(mapping)s: keep one line.",
                        header=line.header,
                        mapping=line.mapping_id.name,
                    )
                )

    def write(self, vals):
        if "mapping_id" in vals and any(line.mapping_id.id != vals["mapping_id"] for line in self):
            raise UserError(
                self.env._("A column of a mapping stays in its mapping: add it to the other one.")
            )
        if "company_id" in vals:
            vals = dict(vals)
            vals.pop("company_id")  # follows its mapping: never written by a client
        return super().write(vals) if vals else True
