"""Calibration: the distribution of grades per store and department, outliers, and HR's
calibrated grade (kept, logged, printed, paid). Attacks over JSON-RPC are in
test_attacks_calibration.py."""

from odoo.exceptions import AccessError, UserError, ValidationError

from ..models.dealer_org_kpi_calibration import flag_outlier
from ..models.dealer_org_kpi_grade_target import parse_grades
from .calibration_common import PERIOD, CalibrationCase


class TestOutlierMaths(CalibrationCase):
    def test_flag_outlier(self):
        self.assertEqual(flag_outlier(10, 60, 20, None, 10), "target")
        self.assertEqual(flag_outlier(10, 30, 20, None, 10), "")  # exactly the threshold: not flagged
        self.assertEqual(flag_outlier(4, 100, 20, None, 10), "")  # too few evaluations
        self.assertEqual(flag_outlier(10, 20, None, 33.4, 10), "group")
        self.assertEqual(parse_grades("C+D"), ("C", "D"))
        self.assertEqual(parse_grades(" A "), ("A",))


class TestCalibrationDistribution(CalibrationCase):
    def rows(self, user=None, **domain):
        Calibration = self.env["dealer_org.kpi.calibration"]
        if user:
            Calibration = Calibration.with_user(user).with_context(allowed_company_ids=user.company_ids.ids)
        base = [("period_start", "=", PERIOD), ("period_type", "=", "monthly")]
        base += [(name, "=", value) for name, value in domain.items()]
        return Calibration.search(base)

    def by_grade(self, rows):
        return {row.grade: row for row in rows}

    def test_numbers_per_department_and_store(self):
        rows = self.rows(self.hr_all)
        sales_a = self.by_grade(rows.filtered(lambda r: r.department_id == self.departments["Sales A"]))
        self.assertEqual({g: r.evaluation_count for g, r in sales_a.items()}, {"A": 6, "B": 3, "C": 1})
        self.assertEqual(
            {g: round(r.share, 1) for g, r in sales_a.items()}, {"A": 60.0, "B": 30.0, "C": 10.0}
        )
        self.assertEqual(sales_a["A"].total_count, 10)
        self.assertAlmostEqual(sales_a["A"].avg_coefficient, 1.2)
        store_a = self.by_grade(
            rows.filtered(lambda r: r.level == "company" and r.company_id == self.store_a)
        )
        self.assertEqual(
            {g: r.evaluation_count for g, r in store_a.items()}, {"A": 7, "B": 6, "C": 1, "D": 1}
        )
        self.assertAlmostEqual(store_a["A"].share, 100 * 7 / 15, places=1)
        # All stores (the three selected): 10 A of 30.
        self.assertAlmostEqual(sales_a["A"].group_share, 100 * 10 / 30, places=1)
        # Store B is approved, store C submitted: both counted; the draft and the missing one are not.
        self.assertEqual(sum(rows.filtered(lambda r: r.level == "department").mapped("evaluation_count")), 30)

    def test_outliers_against_the_group_target(self):
        self.target(A=20, B=70, **{"C+D": 10})
        rows = self.rows(self.hr_all)
        outliers = {
            (r.company_id.name, r.department_id.name or "", r.grade): round(r.deviation, 1)
            for r in rows
            if r.is_outlier
        }
        self.assertEqual(
            outliers,
            {
                ("Calib 4S North", "Sales A", "A"): 40.0,
                ("Calib 4S North", "Sales A", "B"): -40.0,
                ("Calib 4S North", "", "A"): round(100 * 7 / 15 - 20, 1),
                ("Calib 4S North", "", "B"): -30.0,
            },
        )
        service_d = self.by_grade(rows.filtered(lambda r: r.department_id == self.departments["Service A"]))[
            "D"
        ]
        self.assertEqual((service_d.target_grades, service_d.target_share), ("C+D", 10.0))
        self.assertAlmostEqual(service_d.target_group_share, 20.0)  # exactly the threshold: not flagged
        self.assertFalse(service_d.is_outlier)

    def test_outliers_against_all_stores_without_target(self):
        rows = self.rows(self.hr_all, level="department")
        outliers = {(r.department_id.name, r.grade) for r in rows if r.is_outlier}
        # A: 33.3 % of all stores; Sales A gives 60 %, Sales B 20 %.
        self.assertIn(("Sales A", "A"), outliers)
        self.assertIn(("Sales B", "A"), outliers)
        self.assertNotIn(("Workshop C", "C"), outliers)

    def test_a_company_target_replaces_the_group_target(self):
        self.target(A=20, B=70, **{"C+D": 10})
        self.env["dealer_org.kpi.grade.target"].create(
            [
                {"company_id": self.store_a.id, "grades": g, "share": s}
                for g, s in (("A", 60), ("B", 30), ("C+D", 10))
            ]
        )
        rows = self.rows(self.hr_all, department_id=self.departments["Sales A"].id)
        self.assertFalse(rows.filtered("is_outlier"))

    def test_an_officer_of_one_store_sees_only_that_store(self):
        rows = self.rows(self.hr_a)
        self.assertEqual(rows.company_id, self.store_a)
        # All stores = the stores the user may see: store A alone (15 evaluations, 7 A).
        sales_a = self.by_grade(rows.filtered(lambda r: r.department_id == self.departments["Sales A"]))
        self.assertAlmostEqual(sales_a["A"].group_share, 100 * 7 / 15, places=1)
        groups = (
            self.env["dealer_org.kpi.calibration"]
            .with_user(self.hr_a)
            .with_context(allowed_company_ids=self.hr_a.company_ids.ids)
            .read_group([("level", "=", "department")], ["evaluation_count:sum"], ["company_id"])
        )
        self.assertEqual([g["company_id"][0] for g in groups], [self.store_a.id])

    def test_employees_do_not_read_the_calibration(self):
        with self.assertRaises(AccessError):
            self.env["dealer_org.kpi.calibration"].with_user(self.manager_user).search([])

    def test_targets_rules(self):
        with self.assertRaises(AccessError):  # an officer does not set targets
            self.env["dealer_org.kpi.grade.target"].with_user(self.hr_all).create(
                {"grades": "A", "share": 20}
            )
        with self.assertRaises(ValidationError):
            self.target(A=20, **{"A+B": 80})
        with self.assertRaises(ValidationError):
            self.target(A=120)


class TestCalibrate(CalibrationCase):
    def calibrate(self, evaluations, grade, reason="Consistent with the group", user=None):
        user = user or self.hr_all
        Wizard = (
            self.env["dealer_org.kpi.calibrate"]
            .with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
        )
        evaluations = evaluations.with_user(user).with_context(allowed_company_ids=user.company_ids.ids)
        band = self.env["dealer_org.kpi.grade"].search([("company_id", "=", False), ("grade", "=", grade)])
        wizard = Wizard.create(
            {"evaluation_ids": [(6, 0, evaluations.ids)], "reason": reason, "band_id": band.id}
        )
        if len(evaluations.company_id) == 1:
            self.assertIn(band, wizard.allowed_band_ids)
        return wizard.action_calibrate()

    def test_calibrated_grade_is_kept_logged_and_paid(self):
        evaluation = self.evaluation("Sales A", "A")
        self.assertEqual((evaluation.grade, evaluation.coefficient), ("A", 1.2))
        self.calibrate(evaluation, "B", reason="Lenient store: same work as B elsewhere")
        self.assertRecordValues(
            evaluation,
            [
                {
                    "grade": "B",
                    "coefficient": 1.0,
                    "score_grade": "A",
                    "score_coefficient": 1.2,
                    "calibrated_grade": "B",
                    "calibrated_coefficient": 1.0,
                    "calibration_reason": "Lenient store: same work as B elsewhere",
                    "calibrated_by_id": self.hr_all.id,
                    "state": "submitted",
                }
            ],
        )
        self.assertTrue(evaluation.calibrated_on)
        self.assertIn("A → B", evaluation.message_ids[0].body)
        self.assertIn("Lenient store", evaluation.message_ids[0].body)
        employee = evaluation.employee_id
        self.assertIsNone(employee._get_kpi_result("2021-03-01", "2021-03-31"))  # not approved yet
        evaluation.action_approve()  # recomputes the scores: the calibration holds
        result = employee._get_kpi_result("2021-03-01", "2021-03-31")
        self.assertEqual((result["grade"], result["coefficient"], result["calibrated"]), ("B", 1.0, True))
        self.assertEqual(result["score"], 95)

    def test_calibration_survives_a_grade_table_change(self):
        evaluation = self.evaluation("Sales A", "B")
        self.calibrate(evaluation, "A")
        self.env["dealer_org.kpi.grade"].search(
            [("company_id", "=", False), ("grade", "=", "B")]
        ).coefficient = 1.1
        self.assertEqual(
            (evaluation.grade, evaluation.coefficient, evaluation.score_coefficient), ("A", 1.2, 1.1)
        )

    def test_sent_back_to_draft_clears_the_calibration(self):
        evaluation = self.evaluation("Sales A", "C")
        self.calibrate(evaluation, "B")
        evaluation.action_reset_to_draft()
        self.assertRecordValues(
            evaluation,
            [
                {
                    "calibrated_grade": False,
                    "calibration_reason": False,
                    "calibrated_by_id": False,
                    "grade": "C",
                }
            ],
        )
        self.assertIn("Calibration cleared", evaluation.message_ids[0].body)

    def test_sheet_prints_the_calibration(self):
        evaluation = self.evaluation("Workshop C", "C")
        self.calibrate(evaluation, "B", reason="Parts shortage all month")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("dealer_org.action_report_kpi_evaluation", evaluation.ids)[0]
            .decode()
        )
        self.assertIn("o_dealer_org_calibrated", html)
        self.assertRegex(html, r"Calibrated</strong>: <span>C</span> → <span>B</span>")
        self.assertIn("Parts shortage all month", html)

    def test_refusals(self):
        own = self.evaluations.filtered(lambda e: e.employee_id == self.hr_a_employee)
        with self.assertRaises(AccessError):  # own, HR included
            self.calibrate(own, "B", user=self.hr_a)
        with self.assertRaises(UserError):  # approved
            self.calibrate(self.evaluation("Sales B", "A"), "B")
        with self.assertRaises(UserError):  # no reason
            self.calibrate(self.evaluation("Sales A", "A"), "B", reason="  ")
        with self.assertRaises(UserError):  # the grade it already has
            self.calibrate(self.evaluation("Sales A", "A"), "A")
        with self.assertRaises(UserError):  # a draft
            self.calibrate(self.draft_quick, "B")
        with self.assertRaises(AccessError):  # another store's
            self.calibrate(self.evaluation("Workshop C", "A"), "B", user=self.hr_a)
        self.assertFalse(self.evaluations.filtered("calibrated_grade"))
        self.assertFalse(self.draft_quick.calibrated_grade)
