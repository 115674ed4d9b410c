"""Installing dealer_org_payroll (with OCA payroll, hr_contract, hr_holidays …) into a database
where dealer_org and its demo store already run widens nobody's rights and changes no reporting
line: scripts/test records every user's groups and every employee's manager just before
`-i dealer_org_payroll` (tests/before_install.py), and each is compared here. Only the superuser
and the administrator, whom those modules' data name as their managers, gain groups. New users
are not payroll managers by default."""

import json

from odoo.tests.common import TransactionCase

MARKER = "dealer_org_payroll.test_before_install"


class TestInstallWidensNobody(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        marker = cls.env["ir.config_parameter"].sudo().get_param(MARKER)
        if not marker:
            raise AssertionError(
                "nothing recorded before the install: run the suite with scripts/test, which "
                "installs dealer_org with its demo, records users and managers, then installs "
                "dealer_org_payroll"
            )
        cls.before = json.loads(marker)

    def test_no_user_gains_a_group(self):
        installers = self.env.ref("base.user_root") | self.env.ref("base.user_admin")
        users = self.env["res.users"].with_context(active_test=False).browse(map(int, self.before["groups"]))
        self.assertIn(self.env.ref("dealer_org.user_consultant_1"), users, "the demo store's user was there")
        widened = {}
        for user in users.exists() - installers - self.env.ref("base.default_user"):
            gained = user.groups_id - user.groups_id.browse(self.before["groups"][str(user.id)])
            if gained:
                widened[user.login] = sorted(gained.mapped("full_name"))
        self.assertFalse(widened, f"installing the bridge gave users new groups: {widened}")

    def test_no_reporting_line_changes(self):
        employees = (
            self.env["hr.employee"].with_context(active_test=False).browse(map(int, self.before["parents"]))
        )
        self.assertIn(self.env.ref("dealer_org.employee_consultant_1"), employees)
        changed = {}
        for employee in employees.exists():
            before = employee.browse(self.before["parents"][str(employee.id)] or [])
            if employee.parent_id != before:
                changed[employee.name] = (before.name, employee.parent_id.name)
        self.assertFalse(changed, f"installing the bridge changed managers (before, after): {changed}")

    def test_new_users_are_not_payroll_managers(self):
        template = self.env.ref("base.default_user")
        for group in ("payroll.group_payroll_manager", "payroll.group_payroll_user"):
            self.assertNotIn(self.env.ref(group), template.groups_id, group)
        user = self.env["res.users"].create({"name": "New Clerk", "login": "payroll_new_clerk"})
        self.assertTrue(user.has_group("base.group_user"))
        self.assertFalse(user.has_group("payroll.group_payroll_user"))
