from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestKpiTour(HttpCase):
    """In a real browser: an HR officer opens an employee's KPI page, enters the actuals and
    sees the score, grade and pay coefficient update (static/tests/tours/kpi_tour.js)."""

    def test_hr_officer_enters_actuals_on_the_kpi_page(self):
        new_test_user(self.env, "kpi_tour_officer", groups="base.group_user,hr.group_hr_user")
        kpi = {"minimum": 60, "target": 100, "maximum": 130}
        job = self.env["hr.job"].create(
            {
                "name": "KPI Tour Consultant",
                "kpi_ids": [
                    Command.create(
                        {"name": "Sales target", "code": "SALES", "weight": 60, "sequence": 1, **kpi}
                    ),
                    Command.create(
                        {"name": "Test drives", "code": "DRIVES", "weight": 40, "sequence": 2, **kpi}
                    ),
                ],
            }
        )
        employee = self.env["hr.employee"].create({"name": "KPI Tour Employee", "job_id": job.id})
        evaluations = self.env["dealer_org.kpi.evaluation"]._generate(
            "monthly", date(2021, 6, 1), self.env.company
        )
        evaluation = evaluations.filtered(lambda e: e.employee_id == employee)
        self.assertEqual(len(evaluation.line_ids), 2)
        self.start_tour(f"/odoo/employees/{employee.id}", "dealer_org_kpi_tour", login="kpi_tour_officer")
        self.assertEqual(
            (
                evaluation.total_score,
                evaluation.grade,
                evaluation.coefficient,
                evaluation.line_ids.mapped("actual"),
            ),
            (108, "A", 1.2, [100, 130]),
        )
