"""A calibrated evaluation pays its calibrated grade and coefficient (dealer_org's calibration,
docs/kpi.md "Calibration"): the payslip's KPI lines read them once the evaluation is approved."""

from .test_payroll_kpi import PayrollKpiCase


class TestPayslipPaysTheCalibratedGrade(PayrollKpiCase):
    def test_calibrated_grade_is_paid(self):
        self.evaluation.with_user(self.hr_officer).action_submit()
        self.assertEqual((self.evaluation.grade, self.evaluation.coefficient), ("A", 1.2))
        band = self.env["dealer_org.kpi.grade"].search([("company_id", "=", False), ("grade", "=", "B")])
        wizard = (
            self.env["dealer_org.kpi.calibrate"]
            .with_user(self.hr_officer)
            .create(
                {
                    "evaluation_ids": [(6, 0, self.evaluation.ids)],
                    "band_id": band.id,
                    "reason": "Same results graded B in the other stores",
                }
            )
        )
        wizard.action_calibrate()
        self.approve()
        lines = self.lines(self.payslip())
        self.assertEqual(lines["KPI_SCORE"].name, "B")
        self.assertAlmostEqual(lines["KPI_SCORE"].total, 110)  # the score itself is unchanged
        self.assertAlmostEqual(lines["KPI_COEF"].total, 100)  # coefficient 1.0, not 1.2
        self.assertEqual((lines["KPI_COEF"].kpi_grade, lines["KPI_COEF"].kpi_coefficient), ("B", 1.0))
