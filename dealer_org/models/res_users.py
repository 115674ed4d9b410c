from odoo import Command, models

# Passed by write() below; an object no RPC client can send.
_NO_GROUP_SPREAD = "dealer_org_no_group_spread"
_NO_GROUP_SPREAD_TOKEN = object()

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

    def write(self, vals):
        """Odoo 18 gives every existing internal user the groups that a module's data adds to
        the default user template. Installing OCA payroll (with hr_contract, hr_holidays) that
        way made every user a payroll, contract and time-off administrator and an HR officer,
        who may then read everyone's evaluations and payslips. While modules install, the
        groups that carry HR officer rights are kept for users created later (the template)
        and not spread to the existing ones; other groups spread as Odoo does."""
        default_user = self.env.ref("base.default_user", raise_if_not_found=False)
        if not (
            "groups_id" in vals
            and default_user
            and default_user in self
            and self.env.context.get("install_mode")
        ):
            return super().write(vals)
        before = self._default_groups()
        res = super(ResUsers, self.with_context(**{_NO_GROUP_SPREAD: _NO_GROUP_SPREAD_TOKEN})).write(vals)
        added = self._default_groups() - before
        hr_officer = self.env.ref("hr.group_hr_user")
        harmless = added.filtered(lambda group: hr_officer not in group | group.trans_implied_ids)
        if harmless:
            internal = self.env.ref("base.group_user").users - self
            internal.write({"groups_id": [Command.link(group.id) for group in harmless]})
        return res

    def _apply_groups_to_existing_employees(self):
        if self.env.context.get(_NO_GROUP_SPREAD) is _NO_GROUP_SPREAD_TOKEN:
            return False  # decided in write(), above
        return super()._apply_groups_to_existing_employees()
