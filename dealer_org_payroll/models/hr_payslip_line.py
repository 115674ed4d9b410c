from odoo import fields, models


class HrPayslipLine(models.Model):
    _inherit = "hr.payslip.line"

    kpi_evaluation_id = fields.Many2one(
        "dealer_org.kpi.evaluation",
        "KPI Evaluation",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The approved KPI evaluation whose result (score, grade, pay coefficient) this "
        "line's salary rule read through payroll.kpi.",
    )
    kpi_grade = fields.Char(related="kpi_evaluation_id.grade", string="KPI Grade", related_sudo=True)
    kpi_coefficient = fields.Float(
        related="kpi_evaluation_id.coefficient", string="KPI Pay Coefficient", related_sudo=True
    )
