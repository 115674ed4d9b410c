from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user
from odoo.tools.safe_eval import safe_eval

from .checklist_common import FUTURE_MONDAY, ChecklistCase


class TestChecklistAccess(ChecklistCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.checklists = cls.Checklist._generate_checklists(
            employees=cls.staff, on_date=FUTURE_MONDAY, period_types=["daily"]
        )
        cls.other_company = cls.env["res.company"].create({"name": "Checklist Other Group"})
        cls.other_officer = new_test_user(
            cls.env,
            "cl_other_officer",
            groups="base.group_user,hr.group_hr_user",
            company_id=cls.other_company.id,
            company_ids=[cls.other_company.id],
        )
        other_job = cls.env["hr.job"].create(
            {
                "name": "Other Group Consultant",
                "company_id": cls.other_company.id,
                "duty_ids": [(0, 0, {"name": "Other daily duty", "period": "daily"})],
            }
        )
        cls.other_employee = cls.env["hr.employee"].create(
            {"name": "Other Consultant", "company_id": cls.other_company.id, "job_id": other_job.id}
        )
        cls.other_checklists = cls.Checklist._generate_checklists(
            employees=cls.other_employee, on_date=FUTURE_MONDAY
        )

    def visible(self, user):
        return self.Checklist.with_user(user).search(
            [("id", "in", (self.checklists | self.other_checklists).ids)]
        )

    def of(self, *employees):
        return self.checklists.filtered(lambda c: c.employee_id in employees)

    def test_employee_sees_and_ticks_only_their_own(self):
        self.assertEqual(self.visible(self.consultant2_user), self.of(self.consultant2))
        own = self.of(self.consultant2).with_user(self.consultant2_user)
        own.line_ids[0].action_mark_done()
        self.assertEqual(own.line_ids[0].result, "done")
        others = self.of(self.consultant).with_user(self.consultant2_user)
        with self.assertRaises(AccessError):
            others.read(["state"])
        with self.assertRaises(AccessError):
            others.line_ids[0].action_mark_done()

    def test_my_checklists_menu_shows_own_checklists(self):
        menu = self.env.ref("dealer_org.dealer_org_checklist_menu_my")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.consultant_user)._visible_menu_ids())
        action = self.env.ref("dealer_org.dealer_org_checklist_action_my")
        domain = safe_eval(action.domain, {"uid": self.consultant_user.id})
        self.assertEqual(
            self.Checklist.with_user(self.consultant_user).search(domain), self.of(self.consultant)
        )

    def test_manager_sees_the_team_down_the_chain_but_cannot_tick(self):
        # the supervisor manages consultant one (parent_id)
        self.assertEqual(self.visible(self.supervisor_user), self.of(self.supervisor, self.consultant))
        team_line = self.of(self.consultant).line_ids[0].with_user(self.supervisor_user)
        self.assertTrue(team_line.name)
        with self.assertRaises(AccessError):
            team_line.action_mark_done()
        with self.assertRaises(AccessError):
            team_line.write({"note": "Manager note"})

    def test_department_manager_sees_the_department(self):
        self.assertEqual(
            self.visible(self.dept_manager_user),
            self.of(self.consultant, self.consultant2, self.utc_consultant),
        )
        team = (
            self.env["ir.actions.server"]
            .browse(self.env.ref("dealer_org.dealer_org_checklist_action_team").id)
            .with_user(self.dept_manager_user)
            .run()
        )
        self.assertEqual(
            self.Checklist.with_user(self.dept_manager_user).search(team["domain"]) & self.checklists,
            self.of(self.consultant, self.consultant2, self.utc_consultant),
        )

    def test_manager_reviews_the_team_not_themselves(self):
        team_checklist = self.of(self.consultant)
        team_checklist.line_ids.write({"result": "done"})
        team_checklist.with_user(self.supervisor_user).action_review()
        self.assertEqual(team_checklist.reviewed_by_id, self.supervisor_user)
        with self.assertRaises(UserError):
            self.of(self.supervisor).with_user(self.supervisor_user).action_review()
        with self.assertRaises(UserError):
            self.of(self.consultant2).with_user(self.supervisor_user).action_review()

    def test_hr_officer_sees_all_of_their_companies(self):
        self.assertEqual(self.visible(self.hr_officer), self.checklists)
        line = self.of(self.consultant).line_ids[0].with_user(self.hr_officer)
        line.write({"result": "not_applicable", "na_reason": "Confirmed with HR"})
        self.assertEqual(line.done_by_id, self.hr_officer)

    def test_other_company_sees_only_its_own(self):
        self.assertEqual(self.visible(self.other_officer), self.other_checklists)
        with self.assertRaises(AccessError):
            self.of(self.consultant).with_user(self.other_officer).read(["state"])
        with self.assertRaises(AccessError):
            self.of(self.consultant).line_ids[0].with_user(self.other_officer).action_mark_done()

    def test_non_hr_users_cannot_create_or_delete(self):
        with self.assertRaises(AccessError):
            self.Checklist.with_user(self.consultant_user).create(
                {
                    "employee_id": self.consultant.id,
                    "period_type": "daily",
                    "period_start": FUTURE_MONDAY,
                    "period_end": FUTURE_MONDAY,
                    "deadline": FUTURE_MONDAY,
                }
            )
        with self.assertRaises(AccessError):
            self.of(self.consultant).with_user(self.consultant_user).unlink()

    def test_employee_form_completion_is_for_hr(self):
        employee = self.consultant.with_user(self.hr_officer)
        self.assertEqual(employee.checklist_count, 1)
        action = employee.action_open_checklists()
        self.assertEqual(
            self.Checklist.with_user(self.hr_officer).search(action["domain"]), self.of(self.consultant)
        )
        # a plain employee still reads colleagues through the public profile
        public = self.env["hr.employee"].with_user(self.consultant2_user).browse(self.consultant.id)
        self.assertEqual(public.name, "Consultant One")

    def test_employee_opens_the_checklist_views(self):
        Checklist = self.Checklist.with_user(self.consultant_user)
        views = Checklist.get_views(
            [(False, view) for view in ("kanban", "list", "calendar", "form", "search")]
        )
        self.assertIn("line_ids", views["models"]["dealer_org.checklist"]["fields"])
        [values] = (
            self.of(self.consultant)
            .with_user(self.consultant_user)
            .web_read(
                {
                    "display_name": {},
                    "employee_id": {"fields": {"display_name": {}}},
                    "job_id": {"fields": {"display_name": {}}},
                    "state": {},
                    "is_own": {},
                    "is_locked": {},
                    "can_manage": {},
                    "completion_rate": {},
                    "activity_ids": {},
                    "line_ids": {
                        "fields": {"name": {}, "result": {}, "done_by_id": {"fields": {"display_name": {}}}}
                    },
                }
            )
        )
        self.assertEqual(values["employee_id"]["display_name"], "Consultant One")
        self.assertTrue(values["is_own"])
        self.assertFalse(values["can_manage"])
        self.assertEqual(len(values["line_ids"]), 2)
