from odoo import fields, models


class HrPayrollStructure(models.Model):
    _inherit = "hr.payroll.structure"

    # A structure's name in every language of the company (绩效工资 / Performance Pay), as for
    # salary rules and their categories.
    name = fields.Char(translate=True)
