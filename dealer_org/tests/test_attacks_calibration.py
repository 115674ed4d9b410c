"""Attacks on calibration over JSON-RPC as real users (docs/security.md, "Calibration").

Guards: only HR officers of the evaluation's company calibrate, only submitted evaluations
(not drafts, not approved or locked ones), never their own, always with a reason, with a
grade of the company's grade table; no context key unlocks the calibrated fields; the
calibration wizard is its creator's only. Each attack is refused and changes nothing."""

from datetime import date

from .attack_common import ACCESS, MISSING, USER, VALIDATION, AttackCase

EVAL = "dealer_org.kpi.evaluation"
CAL = "dealer_org.kpi.calibrate"
STATE_CHANGE = {"dealer_org_kpi_state_change": True}
SUBMITTED_PERIOD = date(2021, 4, 1)


class TestAttacksCalibration(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Evaluation = env["dealer_org.kpi.evaluation"]
        submitted = Evaluation._generate("monthly", SUBMITTED_PERIOD, cls.company_a, cls.department)
        submitted_b = Evaluation._generate("monthly", SUBMITTED_PERIOD, cls.company_b)
        for evaluation in submitted | submitted_b:
            for line in evaluation.line_ids:
                line.actual = line.target
        as_approver = cls.approver.with_context(allowed_company_ids=(cls.company_a | cls.company_b).ids)
        (submitted | submitted_b).with_user(as_approver).action_submit()
        cls.submitted, cls.submitted_b = submitted, submitted_b
        cls.band_b = cls.grade_b.filtered(lambda b: b.grade == "Y")
        cls.band_c = env["dealer_org.kpi.grade"].search([("company_id", "=", False), ("grade", "=", "C")])
        env.flush_all()

    def calibrate(self, user, evaluation, band=None, reason="Stricter than the other stores", context=None):
        """Create the wizard, then calibrate: the refusal may come at either step."""
        vals = {
            "evaluation_ids": [[6, 0, evaluation.ids]],
            "band_id": (band or self.band_c).id,
            "reason": reason,
        }
        return self.attack(
            user,
            CAL,
            "action_calibrate",
            args=lambda wizard_id: [[wizard_id]],
            context=context,
            steps=[(CAL, "create", [vals], None, context)],
            errors=(ACCESS, USER, VALIDATION, MISSING),
        )

    def test_hr_officer_calibrates_own_evaluation(self):
        self.calibrate(self.hr_officer, self.of(self.submitted, self.hr_officer_employee))

    def test_hr_manager_calibrates_own_evaluation(self):
        self.calibrate(self.hr_manager, self.of(self.submitted, self.hr_manager_employee))

    def test_hr_officer_calibrates_a_draft(self):
        data = self.calibrate(self.hr_officer, self.of(self.draft, self.employee))
        self.assertRegex(data["message"], "only submitted evaluations are calibrated")

    def test_hr_officer_calibrates_an_approved_evaluation(self):
        self.calibrate(self.hr_officer, self.of(self.approved, self.employee))

    def test_hr_officer_calibrates_a_locked_evaluation(self):
        self.calibrate(self.hr_officer, self.of(self.locked, self.employee))

    def test_other_company_officer_calibrates(self):
        self.calibrate(self.officer_b, self.of(self.submitted, self.employee))

    def test_officer_calibrates_another_company_evaluation(self):
        self.calibrate(self.hr_officer, self.of(self.submitted_b, self.employee_b))

    def test_officer_forges_the_allowed_companies(self):
        self.calibrate(
            self.hr_officer,
            self.of(self.submitted_b, self.employee_b),
            context={"allowed_company_ids": [self.company_a.id, self.company_b.id]},
        )

    def test_calibrate_without_a_reason(self):
        data = self.calibrate(self.hr_officer, self.of(self.submitted, self.employee), reason="   ")
        self.assertRegex(data["message"], "reason")

    def test_calibrate_with_another_company_grade(self):
        self.calibrate(self.hr_officer, self.of(self.submitted, self.employee), band=self.band_b)

    def test_calibrate_with_the_state_change_context(self):
        self.calibrate(
            self.hr_officer, self.of(self.submitted, self.hr_officer_employee), context=STATE_CHANGE
        )

    def test_write_calibrated_grade_with_forged_context(self):
        evaluation = self.of(self.submitted, self.employee)
        vals = {"calibrated_grade": "A", "calibrated_coefficient": 2.5, "calibration_reason": "x"}
        self.attack(self.hr_officer, EVAL, "write", [evaluation.ids, vals], context=STATE_CHANGE)

    def test_write_score_grade(self):
        evaluation = self.of(self.submitted, self.employee)
        self.attack(self.hr_manager_all, EVAL, "write", [evaluation.ids, {"score_grade": "A"}])

    def test_manager_opens_the_calibration(self):
        evaluation = self.of(self.submitted, self.employee)
        self.attack(
            self.manager_user, EVAL, "action_open_calibration_wizard", [evaluation.ids], errors=(ACCESS,)
        )

    def test_manager_calibrates(self):
        self.calibrate(self.manager_user, self.of(self.submitted, self.employee))

    def test_employee_calibrates_own(self):
        self.calibrate(self.employee_user, self.of(self.submitted, self.employee))

    def test_someone_else_uses_the_wizard(self):
        """The approver prepared a calibration; another HR officer runs it."""
        evaluation = self.of(self.submitted, self.peer)
        self.login(self.approver)
        wizard_id = self.call_ok(
            self.approver,
            CAL,
            "create",
            [{"evaluation_ids": [[6, 0, evaluation.ids]], "band_id": self.band_c.id, "reason": "Approver's"}],
        )
        self.attack(self.hr_officer, CAL, "action_calibrate", [[wizard_id]], errors=(ACCESS, MISSING))
        self.attack(self.hr_officer, CAL, "read", [[wizard_id], ["reason"]], errors=(ACCESS, MISSING))

    def test_legitimate_calibration(self):
        """The counterpart: an HR officer of the company calibrates a colleague's submitted
        evaluation with a reason: kept, logged, paid once approved."""
        evaluation = self.of(self.submitted, self.peer)
        self.assertEqual(evaluation.grade, "A")  # 100 % of target: score 100
        wizard_id = self.call_ok(
            self.hr_officer,
            CAL,
            "create",
            [
                {
                    "evaluation_ids": [[6, 0, evaluation.ids]],
                    "band_id": self.band_c.id,
                    "reason": "Two complaints",
                }
            ],
        )
        self.call_ok(self.hr_officer, CAL, "action_calibrate", [[wizard_id]])
        self.env.invalidate_all()
        self.assertEqual(
            (evaluation.grade, evaluation.coefficient, evaluation.score_grade, evaluation.calibrated_by_id),
            ("C", 0.8, "A", self.hr_officer),
        )
        self.call_ok(self.approver, EVAL, "action_approve", [evaluation.ids])
        result = evaluation.employee_id._get_kpi_result("2021-04-01", "2021-04-30")
        self.assertEqual((result["grade"], result["coefficient"]), ("C", 0.8))
