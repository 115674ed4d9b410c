from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestKpiGenerateTour(HttpCase):
    """In a real browser (tours pass): an HR officer generates a month's evaluations from the
    menu with the month picker, twice; the second run says they already exist and creates
    nothing (static/tests/tours/kpi_generate_tour.js)."""

    def test_generate_a_month_twice(self):
        company = self.env["res.company"].create({"name": "KPI Tour Store"})
        officer = new_test_user(
            self.env,
            "kpi_generate_officer",
            groups="base.group_user,hr.group_hr_user",
            company_id=company.id,
            company_ids=[company.id],
        )
        kpi = {"minimum": 60, "target": 100, "maximum": 130}
        job = self.env["hr.job"].create(
            {
                "name": "Tour Consultant",
                "company_id": company.id,
                "kpi_ids": [Command.create({"name": "Sales", "code": "SALES", "weight": 100, **kpi})],
            }
        )
        employees = self.env["hr.employee"].create(
            [{"name": name, "job_id": job.id, "company_id": company.id} for name in ("Tour A", "Tour B")]
        )
        self.start_tour("/odoo/employees", "dealer_org_kpi_generate_tour", login=officer.login)
        evaluations = self.env["dealer_org.kpi.evaluation"].search([("employee_id", "in", employees.ids)])
        self.assertEqual(len(evaluations), 2)
        self.assertEqual(set(evaluations.mapped("period_name")), {"2021-03"})
