"""In a real browser: a payslip whose period is covered by a KPI evaluation that is only
submitted shows the warning (not approved, and that under the default setting the payslip cannot
be computed meanwhile) and its button opens that evaluation
(static/tests/tours/payslip_kpi_warning_tour.js)."""

from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPayslipKpiWarningTour(HttpCase):
    def test_a_payslip_with_a_submitted_evaluation_shows_its_warning(self):
        officer = new_test_user(
            self.env,
            "payslip_tour_officer",
            groups="base.group_user,hr.group_hr_user,payroll.group_payroll_manager",
        )
        job = self.env["hr.job"].create(
            {
                "name": "Payslip Tour Consultant",
                "kpi_ids": [
                    Command.create(
                        {
                            "name": "Sales",
                            "code": "SALES",
                            "minimum": 60,
                            "target": 100,
                            "maximum": 130,
                            "weight": 100,
                        }
                    )
                ],
            }
        )
        employee = self.env["hr.employee"].create({"name": "Payslip Tour Employee", "job_id": job.id})
        evaluation = (
            self.env["dealer_org.kpi.evaluation"]
            ._generate("monthly", date(2021, 6, 1), self.env.company)
            .filtered(lambda e: e.employee_id == employee)
        )
        evaluation.line_ids.actual = 100
        evaluation.with_user(officer).action_submit()
        contract = self.env["hr.contract"].create(
            {
                "name": "Payslip Tour contract",
                "employee_id": employee.id,
                "wage": 8000,
                "struct_id": self.env.ref("dealer_org_payroll.hr_payroll_structure_performance_pay").id,
                "date_start": date(2021, 1, 1),
                "state": "open",
            }
        )
        payslip = self.env["hr.payslip"].create(
            {
                "employee_id": employee.id,
                "contract_id": contract.id,
                "struct_id": contract.struct_id.id,
                "date_from": date(2021, 6, 1),
                "date_to": date(2021, 6, 30),
            }
        )
        self.assertEqual(payslip.kpi_status, "unapproved")
        self.start_tour(
            f"/odoo/hr.payslip/{payslip.id}",
            "dealer_org_payroll_kpi_warning_tour",
            login="payslip_tour_officer",
        )
