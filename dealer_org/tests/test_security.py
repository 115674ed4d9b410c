"""Who may touch the organisation: employees read duties but cannot change or add them; HR
officers edit duties and department functions; another company's HR officer sees only its own
jobs' duties and functions; templates are for HR and read-only to HR officers."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import DealerOrgCase


class TestLibraryAccess(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Dealer Group"})
        cls.employee_user = new_test_user(cls.env, "dealer_employee", groups="base.group_user")
        cls.hr_officer = new_test_user(
            cls.env, "dealer_hr_officer", groups="base.group_user,hr.group_hr_user"
        )
        cls.other_officer = new_test_user(
            cls.env,
            "dealer_other_officer",
            groups="base.group_user,hr.group_hr_user",
            company_id=cls.other_company.id,
            company_ids=[cls.other_company.id],
        )
        cls.job = cls.env.ref("dealer_org.job_showroom_supervisor")
        cls.other_job = cls.env["hr.job"].create(
            {
                "name": "Other Group Consultant",
                "company_id": cls.other_company.id,
                "duty_ids": [(0, 0, {"name": "Other duty", "period": "daily"})],
            }
        )

    def test_employee_reads_duties_but_cannot_change_them(self):
        duty = self.job.duty_ids[0].with_user(self.employee_user)
        self.assertTrue(duty.name)
        with self.assertRaises(AccessError):
            duty.write({"name": "changed"})
        with self.assertRaises(AccessError):
            self.env["dealer_org.job.duty"].with_user(self.employee_user).create(
                {"job_id": self.job.id, "name": "new"}
            )

    def test_hr_officer_edits_duties_and_functions(self):
        duty = self.job.duty_ids[0].with_user(self.hr_officer)
        duty.write({"name": "Edited by the HR officer"})
        self.assertEqual(duty.name, "Edited by the HR officer")
        function = self.env.ref("dealer_org.dep_sales").function_ids[:1].with_user(self.hr_officer)
        function.write({"name": "Edited function"})

    def test_other_company_sees_only_its_own(self):
        Duty = self.env["dealer_org.job.duty"].with_user(self.other_officer)
        visible = Duty.search([])
        self.assertEqual(visible, self.other_job.duty_ids)
        with self.assertRaises(AccessError):
            self.job.duty_ids[0].with_user(self.other_officer).read(["name"])
        Function = self.env["dealer_org.department.function"].with_user(self.other_officer)
        self.assertFalse(Function.search([]))

    def test_templates_are_for_hr(self):
        with self.assertRaises(AccessError):
            self.env["dealer_org.org.template"].with_user(self.employee_user).search([])
        templates = self.env["dealer_org.org.template"].with_user(self.hr_officer).search([])
        self.assertTrue(templates)
        with self.assertRaises(AccessError):
            templates[0].write({"name": "Renamed by an officer"})
