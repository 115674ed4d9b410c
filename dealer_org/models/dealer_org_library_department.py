from odoo import fields, models


class DealerOrgLibraryDepartment(models.Model):
    _name = "dealer_org.library.department"
    _description = "Library Department"
    _order = "code"

    code = fields.Char(required=True, readonly=True, index=True)
    name = fields.Char(required=True, readonly=True, translate=True)
    function_ids = fields.One2many("dealer_org.library.line", "department_id", "Functions", readonly=True)
    source_ids = fields.Many2many(
        "dealer_org.source",
        string="Sources",
        relation="dealer_org_library_department_source_rel",
        readonly=True,
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "A library department code must be unique."),
    ]
