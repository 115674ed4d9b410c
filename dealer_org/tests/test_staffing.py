"""Staffing (编制与在岗): one row per company and job position with its headcount (hr.job's
``headcount``, never Recruitment's ``no_of_recruitment``), active employees, vacancies and
over-staffing; grouped by store, brand and region; read under the company rules by HR officers
only; headcount changed in bulk by the wizard (HR officers, their companies); vacancies sent to
Recruitment's target only when Recruitment is installed.

Three stores: two 4S stores (Kia and Honda, East China) and a quick-repair shop (South China).
"""

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import DealerOrgCase

STAFFING = "dealer_org.staffing"


class StaffingCase(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Company = env["res.company"]
        cls.store_a = Company.create(
            {"name": "Staffing 4S Kia", "dealer_org_brand": "Kia", "dealer_org_region": "East China"}
        )
        cls.store_b = Company.create(
            {"name": "Staffing 4S Honda", "dealer_org_brand": "Honda", "dealer_org_region": "East China"}
        )
        cls.store_c = Company.create({"name": "Staffing Quick Repair", "dealer_org_region": "South China"})
        cls.stores = cls.store_a | cls.store_b | cls.store_c
        Job, Department, Employee = env["hr.job"], env["hr.department"], env["hr.employee"]

        def job(name, company, headcount, employees, archived_employees=0):
            department = Department.create({"name": f"{name} Dept", "company_id": company.id})
            record = Job.create(
                {
                    "name": name,
                    "company_id": company.id,
                    "department_id": department.id,
                    "headcount": headcount,
                    # Recruitment's target: never read as the headcount.
                    "no_of_recruitment": 7,
                }
            )
            staff = Employee.create(
                [
                    {"name": f"{name} {i}", "company_id": company.id, "job_id": record.id}
                    for i in range(employees + archived_employees)
                ]
            )
            staff[employees:].action_archive()
            return record

        # store: job -> (headcount, active employees)
        cls.consultant_a = job("Sales Consultant", cls.store_a, 3, 2, archived_employees=2)
        cls.technician_a = job("Technician", cls.store_a, 2, 3)
        cls.consultant_b = job("Sales Consultant", cls.store_b, 3, 3)
        cls.technician_b = job("Technician", cls.store_b, 4, 0)
        cls.mechanic_c = job("Mechanical Technician", cls.store_c, 0, 2)
        cls.store_manager_c = job("Store Manager", cls.store_c, 1, 1)
        cls.archived_job = job("Closed Position", cls.store_c, 5, 0)
        cls.archived_job.action_archive()
        cls.jobs = cls.consultant_a | cls.technician_a | cls.consultant_b | cls.technician_b
        cls.jobs |= cls.mechanic_c | cls.store_manager_c

        def user(login, groups, companies):
            return new_test_user(
                env,
                login,
                groups=groups,
                company_id=companies[0].id,
                company_ids=[Command.set(companies.ids)],
            )

        hr_user = "base.group_user,hr.group_hr_user"
        cls.officer_a = user("staffing_officer_a", hr_user, cls.store_a)
        cls.officer_b = user("staffing_officer_b", hr_user, cls.store_b)
        cls.officer_ab = user("staffing_officer_ab", hr_user, cls.store_a | cls.store_b)
        cls.group_hr = user("staffing_group_hr", "base.group_user,hr.group_hr_manager", cls.stores)
        cls.employee_user = user("staffing_employee", "base.group_user", cls.store_a)

    def rows(self, user=None, companies=None):
        """{job: (headcount, employees, vacancies, over headcount)} as ``user`` in ``companies``."""
        user = user or self.group_hr
        companies = companies or (user.company_ids & self.stores)
        Staffing = self.env[STAFFING].with_user(user).with_context(allowed_company_ids=companies.ids)
        records = Staffing.search([("company_id", "in", self.stores.ids)])
        return {
            r.job_id: (r.headcount, r.employee_count, r.vacancy_count, r.overstaffed_count) for r in records
        }


class TestStaffing(StaffingCase):
    def test_one_row_per_job_with_headcount_employees_vacancies(self):
        """Headcount is 编制 (not Recruitment's target 7), employees the active ones (archived
        employees and archived jobs are not counted), vacancies and over-staffing each way."""
        self.assertEqual(
            self.rows(),
            {
                self.consultant_a: (3, 2, 1, 0),
                self.technician_a: (2, 3, 0, 1),
                self.consultant_b: (3, 3, 0, 0),
                self.technician_b: (4, 0, 4, 0),
                self.mechanic_c: (0, 2, 0, 2),
                self.store_manager_c: (1, 1, 0, 0),
            },
        )
        row = self.env[STAFFING].search([("job_id", "=", self.technician_a.id)])
        self.assertEqual((row.company_id, row.department_id), (self.store_a, self.technician_a.department_id))
        self.assertEqual((row.brand, row.region, row.gap), ("Kia", "East China", -1))

    def test_follows_the_jobs_and_employees_at_once(self):
        self.technician_b.headcount = 6
        self.env["hr.employee"].create(
            {"name": "New Technician", "company_id": self.store_b.id, "job_id": self.technician_b.id}
        )
        self.env.flush_all()
        self.assertEqual(self.rows()[self.technician_b], (6, 1, 5, 0))

    def test_grouped_by_store_brand_and_region_as_the_pivot_does(self):
        Staffing = (
            self.env[STAFFING].with_user(self.group_hr).with_context(allowed_company_ids=self.stores.ids)
        )
        measures = ["headcount:sum", "employee_count:sum", "vacancy_count:sum", "overstaffed_count:sum"]
        domain = [("company_id", "in", self.stores.ids)]

        def totals(groupby):
            return {
                g[groupby] if not isinstance(g[groupby], tuple) else g[groupby][0]: (
                    g["headcount"],
                    g["employee_count"],
                    g["vacancy_count"],
                    g["overstaffed_count"],
                )
                for g in Staffing.read_group(domain, measures, [groupby], lazy=False)
            }

        self.assertEqual(
            totals("company_id"),
            {self.store_a.id: (5, 5, 1, 1), self.store_b.id: (7, 3, 4, 0), self.store_c.id: (1, 3, 0, 2)},
        )
        self.assertEqual(totals("brand"), {"Kia": (5, 5, 1, 1), "Honda": (7, 3, 4, 0), False: (1, 3, 0, 2)})
        self.assertEqual(totals("region"), {"East China": (12, 8, 5, 1), "South China": (1, 3, 0, 2)})
        vacancies = Staffing.search(domain + [("vacancy_count", ">", 0)])
        self.assertEqual(vacancies.job_id, self.consultant_a | self.technician_b)

    def test_drill_down_to_the_employees_of_a_row(self):
        row = self.env[STAFFING].with_user(self.officer_a).search([("job_id", "=", self.consultant_a.id)])
        action = row.action_open_employees()
        employees = self.env["hr.employee"].with_user(self.officer_a).search(action["domain"])
        self.assertEqual(len(employees), 2)
        self.assertEqual(employees.job_id, self.consultant_a)
        self.assertEqual(action["res_model"], "hr.employee")

    def test_hr_officer_of_one_store_sees_only_that_store(self):
        self.assertEqual(set(self.rows(self.officer_a)), {self.consultant_a, self.technician_a})
        self.assertEqual(set(self.rows(self.officer_b)), {self.consultant_b, self.technician_b})
        # Allowed in A and B, working in A (the company switcher): A's rows only.
        self.assertEqual(
            set(self.rows(self.officer_ab, self.store_a)), {self.consultant_a, self.technician_a}
        )

    def test_hr_officer_cannot_read_another_stores_row(self):
        row = self.env[STAFFING].search([("job_id", "=", self.consultant_b.id)])
        with self.assertRaises(AccessError):
            row.with_user(self.officer_a).read(["headcount"])

    def test_employees_see_no_staffing(self):
        with self.assertRaises(AccessError):
            self.env[STAFFING].with_user(self.employee_user).search_read([], ["headcount"])

    def test_the_report_itself_is_read_only(self):
        row = self.env[STAFFING].search([("job_id", "=", self.consultant_a.id)])
        for user in (self.officer_a, self.group_hr):
            with self.assertRaises(AccessError):
                row.with_user(user).write({"headcount": 9})
            with self.assertRaises(AccessError):
                self.env[STAFFING].with_user(user).create({"headcount": 9})
            with self.assertRaises(AccessError):
                row.with_user(user).unlink()
        self.assertEqual(self.consultant_a.headcount, 3)


class TestStaffingHeadcount(StaffingCase):
    def wizard(self, user, rows_of, mode="set", headcount=0):
        rows = self.env[STAFFING].with_user(user).search([("job_id", "in", rows_of.ids)])
        action = rows.action_edit_headcount()
        return (
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
            .create({"mode": mode, "headcount": headcount})
        )

    def test_officer_sets_the_headcount_of_selected_rows(self):
        wizard = self.wizard(self.officer_a, self.consultant_a | self.technician_a, "set", 4)
        self.assertEqual(wizard.job_ids, self.consultant_a | self.technician_a)
        wizard.action_apply()
        self.assertEqual((self.consultant_a.headcount, self.technician_a.headcount), (4, 4))
        self.assertEqual(self.rows()[self.technician_a], (4, 3, 1, 0))
        # Recruitment's target is not the headcount.
        self.assertEqual(self.consultant_a.no_of_recruitment, 7)

    def test_officer_adds_to_the_headcount(self):
        self.wizard(self.officer_ab, self.consultant_a | self.technician_b, "add", 2).with_context(
            allowed_company_ids=(self.store_a | self.store_b).ids
        ).action_apply()
        self.assertEqual((self.consultant_a.headcount, self.technician_b.headcount), (5, 6))

    def test_a_negative_headcount_is_refused(self):
        wizard = self.wizard(self.officer_a, self.consultant_a | self.technician_a, "add", -3)
        with self.assertRaisesRegex(UserError, "negative"):
            wizard.action_apply()
        wizard = self.wizard(self.officer_a, self.consultant_a, "set", -1)
        with self.assertRaisesRegex(UserError, "negative"):
            wizard.action_apply()
        self.assertEqual((self.consultant_a.headcount, self.technician_a.headcount), (3, 2))

    def test_officer_cannot_change_another_stores_headcount(self):
        wizard = self.wizard(self.officer_a, self.consultant_a, "set", 9)
        # The client adds a job of store B to the wizard.
        wizard.sudo().job_ids |= self.consultant_b
        with self.assertRaises(AccessError):
            wizard.action_apply()
        self.assertEqual((self.consultant_a.headcount, self.consultant_b.headcount), (3, 3))

    def test_employees_cannot_edit_headcount(self):
        with self.assertRaises(AccessError):
            self.env[STAFFING].with_user(self.employee_user).action_edit_headcount()
        wizard = self.env["dealer_org.staffing.headcount"].create(
            {"job_ids": [Command.set(self.consultant_a.ids)], "headcount": 9}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.employee_user).action_apply()
        self.assertEqual(self.consultant_a.headcount, 3)

    def test_another_users_wizard_is_out_of_reach(self):
        wizard = self.wizard(self.officer_a, self.consultant_a, "set", 9)
        with self.assertRaises(AccessError):
            wizard.with_user(self.officer_ab).action_apply()
        self.assertEqual(self.consultant_a.headcount, 3)


class TestStaffingRecruitment(StaffingCase):
    """Without Recruitment (hr_recruitment not installed: this test database), the vacancies have
    no target to go to: the button is not shown and the method refuses cleanly."""

    def setUp(self):
        super().setUp()
        if self.env[STAFFING]._recruitment_installed():
            self.skipTest("hr_recruitment is installed in this database")

    def test_the_button_is_not_shown_without_recruitment(self):
        arch = (
            self.env[STAFFING].with_user(self.officer_a).get_views([(False, "list")])["views"]["list"]["arch"]
        )
        buttons = etree.fromstring(arch).xpath("//button/@name")
        self.assertIn("action_edit_headcount", buttons)
        self.assertNotIn("action_send_to_recruitment", buttons)

    def test_sending_vacancies_is_refused_cleanly_without_recruitment(self):
        rows = self.env[STAFFING].with_user(self.officer_a).search([("job_id", "=", self.consultant_a.id)])
        with self.assertRaisesRegex(UserError, "Recruitment is not installed"):
            rows.action_send_to_recruitment()
        self.assertEqual(self.consultant_a.no_of_recruitment, 7)

    def test_vacancies_become_the_target_once_recruitment_is_there(self):
        """What the button does with Recruitment: each job's target becomes its vacancies."""
        rows = self.env[STAFFING].with_user(self.officer_a).search([("company_id", "=", self.store_a.id)])
        rows._send_to_recruitment()
        self.assertEqual((self.consultant_a.no_of_recruitment, self.technician_a.no_of_recruitment), (1, 0))
        self.assertEqual((self.consultant_a.headcount, self.technician_a.headcount), (3, 2))

    def test_employees_cannot_send_vacancies(self):
        rows = self.env[STAFFING].search([("job_id", "=", self.consultant_a.id)])
        with self.assertRaises(AccessError):
            rows.with_user(self.employee_user).action_send_to_recruitment()


class TestCompanyShown(StaffingCase):
    """With several companies, job lists, kanban cards and hierarchy cards name the company."""

    def test_job_views_show_the_company_to_multi_company_users(self):
        Job = self.env["hr.job"].with_user(self.officer_ab)
        views = Job.get_views([(False, "list"), (False, "kanban"), (False, "hierarchy")])["views"]
        for view_type in ("list", "kanban", "hierarchy"):
            arch = etree.fromstring(views[view_type]["arch"])
            self.assertTrue(arch.xpath("//field[@name='company_id']"), view_type)
        column = etree.fromstring(views["list"]["arch"]).xpath("//field[@name='company_id']")[0]
        self.assertEqual(column.get("optional"), "show")
        card = etree.fromstring(views["hierarchy"]["arch"]).xpath("//templates//field[@name='company_id']")
        self.assertTrue(card)

    def test_single_company_users_see_no_company(self):
        Job = self.env["hr.job"].with_user(self.officer_a)
        arch = Job.get_views([(False, "hierarchy")])["views"]["hierarchy"]["arch"]
        self.assertFalse(etree.fromstring(arch).xpath("//templates//field[@name='company_id']"))

    def test_company_form_has_brand_and_region(self):
        arch = self.env["res.company"].get_views([(False, "form")])["views"]["form"]["arch"]
        fields = etree.fromstring(arch).xpath("//field/@name")
        self.assertIn("dealer_org_brand", fields)
        self.assertIn("dealer_org_region", fields)
