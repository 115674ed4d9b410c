from odoo import fields, models


class DealerOrgLibraryDepartment(models.Model):
    _name = "dealer_org.library.department"
    _description = "Library Department"
    _order = "code"

    code = fields.Char(required=True, readonly=True, index=True)
    name = fields.Char(required=True, readonly=True, translate=True)
    function_ids = fields.One2many(
        "dealer_org.library.line",
        "department_id",
        "Functions",
        domain=[("line_type", "=", "function")],
        readonly=True,
    )
    kpi_line_ids = fields.One2many(
        "dealer_org.library.line",
        "department_id",
        "Department Targets",
        domain=[("line_type", "=", "kpi")],
        readonly=True,
        help="Targets a document sets for the department as a whole: HR gives them to the head of the "
        "department as KPIs.",
    )
    source_ids = fields.Many2many(
        "dealer_org.source",
        string="Sources",
        relation="dealer_org_library_department_source_rel",
        readonly=True,
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "A library department code must be unique."),
    ]
