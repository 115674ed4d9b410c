from odoo import models

# Core hr lets employees edit these fields of their own employee through their preferences
# (with the "Employee Editing" setting): who is their manager and their department. With
# dealer_org, those decide who fills in and sees their checklists and KPI evaluations, which
# payroll pays from, so only HR officers set them (on the employee form).
REPORTING_LINE_FIELDS = ("employee_parent_id", "department_id", "parent_id")


class ResUsers(models.Model):
    _inherit = "res.users"

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return [name for name in super().SELF_WRITEABLE_FIELDS if name not in REPORTING_LINE_FIELDS]
