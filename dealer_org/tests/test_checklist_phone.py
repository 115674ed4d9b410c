"""Store staff reach and tick their checklists on a phone: Checklists is an app of its own
for every user who is an employee (not for users who are none), My Team's Checklists is
shown only to those who manage someone (and its action tells a non-manager they have no
team), My Checklists opens as kanban on a phone, and the checklist form has a kanban of its
lines (what Odoo shows on small screens) with Done / N/A / Undo buttons on each card."""

from lxml import etree

from odoo.tests import new_test_user

from .checklist_common import ChecklistCase


class TestChecklistPhone(ChecklistCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.no_employee_user = new_test_user(cls.env, "cl_no_employee", groups="base.group_user")
        cls.menu_app = cls.env.ref("dealer_org.dealer_org_checklist_menu_root")
        cls.menu_team = cls.env.ref("dealer_org.dealer_org_checklist_menu_team")
        cls.menu_my = cls.env.ref("dealer_org.dealer_org_checklist_menu_my")

    def setUp(self):
        super().setUp()
        self.env.registry.clear_cache()

    def menus(self, user):
        """The menu ids the web client shows ``user`` (cached per user, as it loads them),
        after the changes made so far are committed (their post-commit hooks run)."""
        self.env.flush_all()
        self.env.cr.postcommit.run()
        return set(self.env["ir.ui.menu"].with_user(user).load_menus(debug=False))

    def test_checklists_is_an_app_for_employees(self):
        self.assertFalse(self.menu_app.parent_id)
        self.assertTrue(self.menu_app.web_icon)
        shown = self.menus(self.consultant_user)
        self.assertIn(self.menu_app.id, shown)
        self.assertIn(self.menu_my.id, shown)
        self.assertNotIn(self.menu_app.id, self.menus(self.no_employee_user))

    def test_my_team_only_for_managers(self):
        self.assertNotIn(self.menu_team.id, self.menus(self.consultant_user))
        self.assertNotIn(self.menu_team.id, self.menus(self.no_employee_user))
        # The consultant's manager, and a department manager managing nobody directly.
        self.assertIn(self.menu_team.id, self.menus(self.supervisor_user))
        self.assertIn(self.menu_team.id, self.menus(self.dept_manager_user))

    def test_becoming_a_manager_shows_my_team(self):
        self.assertNotIn(self.menu_team.id, self.menus(self.consultant2_user))
        self.utc_consultant.parent_id = self.consultant2
        self.assertIn(self.menu_team.id, self.menus(self.consultant2_user))
        self.utc_consultant.parent_id = False
        self.assertNotIn(self.menu_team.id, self.menus(self.consultant2_user))
        lonely = self.env["hr.department"].create({"name": "Team of Two"})
        self.utc_consultant.department_id = lonely
        self.assertNotIn(self.menu_team.id, self.menus(self.consultant2_user))
        lonely.manager_id = self.consultant2
        self.assertIn(self.menu_team.id, self.menus(self.consultant2_user))

    def test_managing_only_oneself_is_no_team(self):
        """A department manager who is the department's only member manages nobody."""
        lonely = self.env["hr.department"].create({"name": "One-person Department"})
        self.consultant2.department_id = lonely
        lonely.manager_id = self.consultant2
        Checklist = self.env["dealer_org.checklist"]
        self.assertFalse(Checklist._is_team_manager(self.consultant2_user))

    def test_team_action_tells_a_non_manager(self):
        action = self.env["dealer_org.checklist"].with_user(self.consultant_user)._action_team_checklists()
        self.assertEqual(action["type"], "ir.actions.client")
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("You manage no team", action["params"]["message"])
        action = self.env["dealer_org.checklist"].with_user(self.supervisor_user)._action_team_checklists()
        self.assertEqual(action["res_model"], "dealer_org.checklist")
        self.generate()
        team = self.env["dealer_org.checklist"].with_user(self.supervisor_user).search(action["domain"])
        self.assertEqual(team.employee_id, self.consultant)

    def test_my_checklists_open_as_kanban_on_a_phone(self):
        action = self.env.ref("dealer_org.dealer_org_checklist_action_my")
        self.assertEqual(action.mobile_view_mode, "kanban")
        kanban = action.view_ids.filtered(lambda v: v.view_mode == "kanban").view_id
        arch = etree.fromstring(kanban.arch)
        self.assertFalse(arch.get("default_group_by"), "one column of cards on a phone, no swiping")

    def test_form_lines_have_cards_with_tick_buttons(self):
        Checklist = self.env["dealer_org.checklist"].with_user(self.consultant_user)
        arch = etree.fromstring(Checklist.get_view(view_type="form")["arch"])
        [kanban] = arch.xpath("//field[@name='line_ids']/kanban")
        buttons = {button.get("name") for button in kanban.xpath(".//button[@type='object']")}
        self.assertEqual(
            buttons,
            {
                "action_mark_done",
                "action_mark_not_applicable",
                "action_reset",
                "action_confirm_not_applicable",
                "action_refuse_not_applicable",
            },
        )
        self.assertTrue(arch.xpath("//field[@name='line_ids']/list"), "the desktop keeps its list")

    def test_buttons_on_the_cards_tick_the_line(self):
        checklist = self.checklist(self.generate(self.consultant), self.consultant, "daily")
        first, second = checklist.line_ids.sorted()[:2]
        first.with_user(self.consultant_user).action_mark_done()
        self.assertEqual((first.result, first.done_by_id), ("done", self.consultant_user))
        first.with_user(self.consultant_user).action_reset()
        self.assertEqual(first.result, "open")
        # Not applicable asks for the reason first (a dialog on the line), then is a request.
        action = second.with_user(self.consultant_user).action_mark_not_applicable()
        self.assertEqual(
            (action["res_model"], action["res_id"], action["target"]), (second._name, second.id, "new")
        )
        self.assertEqual(second.result, "open")
        second.with_user(self.consultant_user).write({"na_reason": "No test drive booked"})
        second.with_user(self.consultant_user).action_request_not_applicable()
        self.assertEqual(second.result, "na_requested")
