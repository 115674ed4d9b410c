from odoo import fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    function_ids = fields.One2many("dealer_org.department.function", "department_id", "Functions", copy=True)
    org_template_id = fields.Many2one("dealer_org.org.template", "Organisation Template", index=True)
    library_department_id = fields.Many2one(
        "dealer_org.library.department",
        "Library Department",
        index=True,
        copy=False,
        help="The department of the dealer_org library this one comes from.",
    )
    library_code = fields.Char(
        related="library_department_id.code", store=True, index=True, string="Library Code"
    )
    source_ids = fields.Many2many(
        "dealer_org.source", string="Sources", relation="dealer_org_hr_department_source_rel"
    )
