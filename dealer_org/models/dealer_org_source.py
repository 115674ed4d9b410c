from odoo import fields, models


class DealerOrgSource(models.Model):
    _name = "dealer_org.source"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Source Document"
    _order = "code"

    code = fields.Char(required=True, readonly=True, index=True)
    name = fields.Char("Title", required=True, translate=True)
    job_ids = fields.Many2many("hr.job", string="Job Positions", relation="dealer_org_hr_job_source_rel")
    department_ids = fields.Many2many(
        "hr.department", string="Departments", relation="dealer_org_hr_department_source_rel"
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "A source document code must be unique."),
    ]
