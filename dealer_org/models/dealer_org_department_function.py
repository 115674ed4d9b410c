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

    def write(self, vals):
        res = super().write(vals)
        if "department_id" in vals and not self.env.su:
            # The record rules checked the function's company before the write only: moving it
            # to a department of a company the user does not manage is refused (AccessError).
            self.department_id.check_access("write")
        return res
