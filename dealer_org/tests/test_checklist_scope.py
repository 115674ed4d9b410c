"""Who the checklist actions act on: *Generate Checklists* generates only for employees the
user may read in the companies selected in their company switcher, and a selection the
record rules hide entirely generates nothing (it once meant "every employee of every
company"); reviewing works only on checklists the user may read, never on one's own (HR
included), and no message names a checklist the user may not read."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user

from .checklist_common import FUTURE_MONDAY, ChecklistCase


class ChecklistCompaniesCase(ChecklistCase):
    """The store of ChecklistCase (main company) and a second group with its own job and
    staff, an HR officer of each, and one HR officer of both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Checklist Scope Group"})
        cls.other_job = cls.env["hr.job"].create(
            {
                "name": "Scope Group Consultant",
                "company_id": cls.other_company.id,
                "duty_ids": [Command.create({"name": "Scope group daily duty", "period": "daily"})],
            }
        )
        cls.other_employee = cls.env["hr.employee"].create(
            {
                "name": "Secret Consultant Elsewhere",
                "company_id": cls.other_company.id,
                "job_id": cls.other_job.id,
            }
        )
        cls.other_officer = new_test_user(
            cls.env,
            "cl_scope_other_officer",
            groups="base.group_user,hr.group_hr_user",
            company_id=cls.other_company.id,
            company_ids=[cls.other_company.id],
        )
        cls.both_officer = new_test_user(
            cls.env,
            "cl_scope_both_officer",
            groups="base.group_user,hr.group_hr_user",
            company_id=cls.main_company.id,
            company_ids=[cls.main_company.id, cls.other_company.id],
        )
        cls.Wizard = cls.env["dealer_org.checklist.generate"]

    def count(self, employees):
        return self.Checklist.search_count([("employee_id", "in", employees.ids)])

    def all_checklists(self):
        return self.Checklist.with_context(active_test=False).search_count([])

    def run_wizard(self, user, companies=None, **vals):
        Wizard = self.Wizard.with_user(user)
        if companies:
            Wizard = Wizard.with_context(allowed_company_ids=companies.ids)
        vals.setdefault("date", FUTURE_MONDAY)
        return Wizard.create(vals).action_generate()["params"]


class TestChecklistWizardScope(ChecklistCompaniesCase):
    def test_selection_hidden_by_the_rules_generates_nothing(self):
        before = self.all_checklists()
        for selection in (
            {"employee_ids": [Command.set(self.other_employee.ids)]},
            {"job_ids": [Command.set(self.other_job.ids)]},
            {
                "employee_ids": [Command.set(self.other_employee.ids)],
                "job_ids": [Command.set(self.other_job.ids)],
            },
        ):
            params = self.run_wizard(self.hr_officer, **selection)
            self.assertEqual(params["type"], "warning")
            self.assertIn("you cannot manage any of the chosen employees", params["message"])
            self.assertNotIn("Secret Consultant", params["message"])
        self.assertEqual(self.all_checklists(), before)

    def test_selection_from_the_employee_list_hidden_by_the_rules(self):
        before = self.all_checklists()
        wizard = (
            self.Wizard.with_user(self.hr_officer)
            .with_context(active_model="hr.employee", active_ids=self.other_employee.ids)
            .create({"date": FUTURE_MONDAY})
        )
        self.assertEqual(wizard.action_generate()["params"]["type"], "warning")
        self.assertEqual(self.all_checklists(), before)

    def test_mixed_selection_keeps_only_what_the_user_may_manage(self):
        params = self.run_wizard(
            self.hr_officer,
            period_type="daily",
            employee_ids=[Command.set((self.consultant | self.other_employee).ids)],
        )
        self.assertEqual(params["type"], "success")
        self.assertEqual(self.count(self.consultant), 1)
        self.assertEqual(self.count(self.other_employee), 0)

    def test_no_selection_means_everyone_of_the_current_companies_only(self):
        params = self.run_wizard(self.hr_officer, period_type="daily")
        self.assertEqual(params["type"], "success")
        self.assertEqual(self.count(self.staff), len(self.staff))
        self.assertEqual(self.count(self.other_employee), 0)
        generated = self.Checklist.search([("period_start", "=", FUTURE_MONDAY)])
        self.assertEqual(generated.company_id, self.main_company)

    def test_officer_of_both_groups_acts_on_the_companies_switched_on(self):
        selection = {"period_type": "daily", "employee_ids": [Command.set(self.other_employee.ids)]}
        params = self.run_wizard(self.both_officer, companies=self.main_company, **selection)
        self.assertEqual(params["type"], "warning")
        self.assertEqual(self.count(self.other_employee), 0)
        # without a selection, only the main company either
        self.run_wizard(self.both_officer, companies=self.main_company, period_type="daily")
        self.assertEqual(self.count(self.other_employee), 0)
        self.assertEqual(self.count(self.consultant), 1)
        # switched to the other group as well: now it may
        params = self.run_wizard(
            self.both_officer, companies=self.main_company | self.other_company, **selection
        )
        self.assertEqual(params["type"], "success")
        self.assertEqual(self.count(self.other_employee), 1)

    def test_companies_the_user_does_not_have_cannot_be_switched_on(self):
        with self.assertRaises(AccessError):
            self.run_wizard(self.hr_officer, companies=self.other_company, period_type="daily")
        self.assertEqual(self.count(self.other_employee), 0)

    def test_other_group_generates_only_for_itself(self):
        params = self.run_wizard(
            self.other_officer, employee_ids=[Command.set((self.consultant | self.other_employee).ids)]
        )
        self.assertEqual(params["type"], "success")
        self.assertEqual(self.count(self.other_employee), 1)
        self.assertEqual(self.count(self.consultant), 0)

    def test_plain_employees_cannot_run_the_wizard(self):
        with self.assertRaises(AccessError):
            self.Wizard.with_user(self.consultant_user).create({"date": FUTURE_MONDAY})

    def test_date_and_period_are_validated(self):
        Wizard = self.Wizard.with_user(self.hr_officer)
        for vals in ({"date": "0001-01-01"}, {"date": "9999-12-31"}, {"period_type": "hourly"}):
            with self.assertRaises(ValidationError):
                Wizard.create(dict({"date": FUTURE_MONDAY}, **vals))


class TestChecklistReviewScope(ChecklistCompaniesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hr_employee = cls.env["hr.employee"].create(
            {"name": "HR Officer Herself", "user_id": cls.hr_officer.id, "job_id": cls.job.id}
        )
        cls.checklists = cls.Checklist._generate_checklists(
            employees=cls.staff | cls.hr_employee | cls.other_employee,
            on_date=FUTURE_MONDAY,
            period_types=["daily"],
        )

    def of(self, employee):
        return self.checklists.filtered(lambda c: c.employee_id == employee)

    def test_hr_of_another_group_cannot_review(self):
        checklist = self.of(self.consultant)
        with self.assertRaises(AccessError) as caught:
            checklist.with_user(self.other_officer).action_review()
        self.assertNotIn("Consultant One", str(caught.exception))
        self.assertFalse(checklist.reviewed_by_id)
        # and the same officer reviews their own group's checklist
        self.of(self.other_employee).with_user(self.other_officer).action_review()
        self.assertEqual(self.of(self.other_employee).reviewed_by_id, self.other_officer)

    def test_officer_of_both_reviews_only_in_the_companies_switched_on(self):
        checklist = self.of(self.other_employee)
        with self.assertRaises(AccessError):
            checklist.with_user(self.both_officer).with_context(
                allowed_company_ids=self.main_company.ids
            ).action_review()
        self.assertFalse(checklist.reviewed_by_id)

    def test_nobody_reviews_their_own_checklist_hr_included(self):
        own = self.of(self.hr_employee)
        with self.assertRaises(UserError):
            own.with_user(self.hr_officer).action_review()
        self.assertFalse(own.reviewed_by_id)
        with self.assertRaises(UserError):
            self.of(self.supervisor).with_user(self.supervisor_user).action_review()
        self.assertFalse(self.of(self.supervisor).reviewed_by_id)

    def test_manager_review_message_names_no_hidden_checklist(self):
        # the supervisor manages consultant one, not consultant two
        team, hidden = self.of(self.consultant), self.of(self.consultant2)
        with self.assertRaises(AccessError) as caught:
            (team | hidden).with_user(self.supervisor_user).action_review()
        self.assertNotIn("Consultant Two", str(caught.exception))
        self.assertFalse((team | hidden).reviewed_by_id)
        # their own checklist among those chosen: refused as a whole
        with self.assertRaises(UserError):
            (team | self.of(self.supervisor)).with_user(self.supervisor_user).action_review()
        self.assertFalse(team.reviewed_by_id)

    def test_manager_reviews_the_team(self):
        team = self.of(self.consultant)
        team.with_user(self.supervisor_user).action_review()
        self.assertEqual(team.reviewed_by_id, self.supervisor_user)

    def test_team_action_lists_only_readable_team_checklists(self):
        action = (
            self.env["ir.actions.server"]
            .browse(self.env.ref("dealer_org.dealer_org_checklist_action_team").id)
            .with_user(self.dept_manager_user)
            .run()
        )
        found = self.Checklist.with_user(self.dept_manager_user).search(action["domain"])
        self.assertEqual(
            found & self.checklists,
            self.of(self.consultant) | self.of(self.consultant2) | self.of(self.utc_consultant),
        )
        self.assertFalse(found.filtered(lambda c: c.company_id == self.other_company))
