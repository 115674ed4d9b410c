from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCalibrationTour(HttpCase):
    """In a real browser: an HR officer calibrates a submitted evaluation with a reason from
    the Calibration report, and opens the payroll-day cockpit (static/tests/tours/calibration_tour.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.store = env["res.company"].create({"name": "Tour Lenient Store"})
        cls.officer = new_test_user(
            env,
            "calibration_tour_officer",
            groups="base.group_user,hr.group_hr_user",
            company_id=cls.store.id,
            company_ids=[Command.set(cls.store.ids)],
        )
        env["dealer_org.kpi.grade.target"].create(
            [{"grades": g, "share": s} for g, s in (("A", 20), ("B", 70), ("C+D", 10))]
        )
        job = env["hr.job"].create(
            {
                "name": "Tour Seller",
                "company_id": cls.store.id,
                "kpi_ids": [
                    Command.create(
                        {
                            "name": "Sales",
                            "code": "SALES",
                            "minimum": 0,
                            "target": 100,
                            "maximum": 120,
                            "weight": 100,
                        }
                    )
                ],
            }
        )
        department = env["hr.department"].create({"name": "Tour Lenient Sales", "company_id": cls.store.id})
        cls.employees = env["hr.employee"].create(
            [
                {
                    "name": f"Tour Seller {n}",
                    "company_id": cls.store.id,
                    "job_id": job.id,
                    "department_id": department.id,
                }
                for n in range(5)
            ]
        )
        # The month just ended: the cockpit's default period.
        cls.period = fields.Date.context_today(env["res.users"]).replace(day=1) - relativedelta(months=1)
        evaluations = env["dealer_org.kpi.evaluation"]._generate("monthly", cls.period, cls.store)
        evaluations.line_ids.actual = 95  # all A: 100 % A against a target of 20 %
        evaluations.action_submit()
        cls.evaluations = evaluations
        env["hr.employee"].create({"name": "Tour Seller New", "company_id": cls.store.id, "job_id": job.id})
        # One more evaluation, of an older month, to check that the period filters.
        env["dealer_org.kpi.evaluation"]._generate("monthly", cls.period - relativedelta(months=3), cls.store)

    def test_calibrate_with_a_reason(self):
        self.start_tour(
            "/odoo/action-dealer_org.dealer_org_kpi_calibration_action",
            "dealer_org_calibration_tour",
            login="calibration_tour_officer",
        )
        calibrated = self.evaluations.filtered("calibrated_grade")
        self.assertEqual(len(calibrated), 1)
        self.assertRecordValues(
            calibrated,
            [
                {
                    "grade": "B",
                    "coefficient": 1.0,
                    "score_grade": "A",
                    "calibration_reason": "Same work graded B in the other stores",
                    "calibrated_by_id": self.officer.id,
                    "state": "submitted",
                }
            ],
        )

    def test_cockpit_opens(self):
        self.start_tour(
            "/odoo/action-dealer_org.dealer_org_cockpit_action",
            "dealer_org_cockpit_tour",
            login="calibration_tour_officer",
        )
