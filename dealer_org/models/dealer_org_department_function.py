from odoo import fields, models


class DealerOrgDepartmentFunction(models.Model):
    _name = "dealer_org.department.function"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Department Function"
    _order = "department_id, sequence, id"

    department_id = fields.Many2one("hr.department", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="department_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Text("Function", required=True, translate=True)
    source_ids = fields.Many2many(
        "dealer_org.source", string="Sources", relation="dealer_org_department_function_source_rel"
    )
