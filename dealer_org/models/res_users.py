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

    def _apply_groups_to_existing_employees(self):
        """Odoo 18 gives every existing internal user the groups that a module's data adds to
        the default user template. Installing OCA payroll (with hr_contract, hr_holidays) that
        way made every user a payroll, contract and time-off administrator and an HR officer,
        who may then read everyone's evaluations, contracts and payslips. With dealer_org,
        installing a module widens nobody's rights: the template's new groups go to users
        created later; existing users get them from an administrator (Settings › Users).
        Outside installs (an administrator editing the template), Odoo's behaviour stays."""
        if self.env.context.get("install_mode"):
            return False
        return super()._apply_groups_to_existing_employees()
