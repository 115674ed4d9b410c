"""The job form and hierarchy: superiors and subordinates (and the subordinates button), a
superior that makes a loop refused with a clear translated message (on new and preloaded jobs),
headcount ≥ 0 and the open headcount, a duty's schedule fields consistent with its period, the
job form's pages, the hierarchy view and action, the department form's functions, and finding
jobs by the Chinese text of a duty."""

from lxml import etree

from odoo.exceptions import ValidationError

from .common import DealerOrgCase


class TestJobHierarchy(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Job = cls.env["hr.job"]
        cls.director = Job.create({"name": "Test Director"})
        cls.manager = Job.create({"name": "Test Manager", "parent_id": cls.director.id})
        cls.clerk = Job.create({"name": "Test Clerk", "parent_id": cls.manager.id})

    def test_subordinates(self):
        self.assertEqual(self.director.child_ids, self.manager)
        self.assertEqual(self.director.subordinate_count, 1)
        action = self.director.action_open_subordinates()
        self.assertEqual(self.env["hr.job"].search(action["domain"]), self.manager)

    def test_cycle_is_refused_with_a_clear_message(self):
        with self.assertRaises(ValidationError) as caught:
            self.director.parent_id = self.clerk
        self.assertIn("loop", str(caught.exception))
        self.assertIn("Test Director", str(caught.exception))

    def test_self_superior_is_refused(self):
        with self.assertRaises(ValidationError):
            self.manager.parent_id = self.manager

    def test_cycle_message_is_translated(self):
        self.env["ir.module.module"]._load_module_terms(["dealer_org"], ["zh_CN"])
        with self.assertRaises(ValidationError) as caught:
            self.zh(self.director).parent_id = self.clerk
        self.assertIn("上级", str(caught.exception))

    def test_preloaded_hierarchy_refuses_cycles(self):
        general_manager = self.env.ref("dealer_org.job_general_manager")
        consultant = self.env["hr.job"].search(
            [("library_code", "=", "sales_consultant"), ("company_id", "=", self.main_company.id)], limit=1
        )
        with self.assertRaises(ValidationError):
            general_manager.parent_id = consultant

    def test_headcount_cannot_be_negative(self):
        with self.assertRaises(ValidationError) as caught:
            self.clerk.headcount = -1
        self.assertIn("0 or more", str(caught.exception))

    def test_headcount_gap(self):
        self.clerk.headcount = 3
        self.env["hr.employee"].create({"name": "Clerk One", "job_id": self.clerk.id})
        self.assertEqual(self.clerk.no_of_employee, 1)
        self.assertEqual(self.clerk.headcount_gap, 2)

    def test_duty_schedule_consistency(self):
        duty = self.env["dealer_org.job.duty"].create(
            {"job_id": self.clerk.id, "name": "File reports", "period": "daily"}
        )
        with self.assertRaises(ValidationError):
            duty.month_day = 5
        duty.write({"period": "monthly", "month_day": 5})
        self.assertTrue(duty.is_recurring)
        with self.assertRaises(ValidationError):
            duty.write({"weekday": "1"})

    def test_job_form_shows_duties_requirements_and_superior(self):
        arch = etree.fromstring(self.env["hr.job"].get_view(view_type="form")["arch"])
        for page in (
            "dealer_org_duties",
            "dealer_org_requirements",
            "dealer_org_subordinates",
            "dealer_org_origin",
        ):
            self.assertTrue(arch.xpath(f"//page[@name='{page}']"), page)
        for field in ("parent_id", "headcount", "duty_ids", "qualification_ids", "source_ids"):
            self.assertTrue(arch.xpath(f"//field[@name='{field}']"), field)

    def test_hierarchy_view(self):
        view = self.env["hr.job"].get_view(self.env.ref("dealer_org.hr_job_view_hierarchy").id, "hierarchy")
        arch = etree.fromstring(view["arch"])
        self.assertEqual(arch.tag, "hierarchy")
        self.assertEqual(arch.get("child_field"), "child_ids")
        action = self.env.ref("dealer_org.hr_job_hierarchy_action")
        self.assertTrue(action.view_mode.startswith("hierarchy"))

    def test_department_form_shows_functions(self):
        arch = etree.fromstring(self.env["hr.department"].get_view(view_type="form")["arch"])
        self.assertTrue(arch.xpath("//page[@name='dealer_org_functions']//field[@name='name']"))

    def test_search_by_duty_text(self):
        found = (
            self.env["hr.job"].with_context(lang="zh_CN").search([("duty_ids.name", "ilike", "清洁维护展车")])
        )
        self.assertIn("sales_consultant", found.mapped("library_code"))
