"""Bad input through JSON-RPC, as the HR users entitled to write the records.

Guards: every value is validated where it is stored (dealer_org.validation.mixin and the
models' constraints): NaN and ±Infinity (sent as the bare JSON tokens any client can send),
out-of-range numbers, inconsistent thresholds, grade tables leaving scores without a grade,
absurd dates and deadlines, unknown selection values, overlong texts, KPI weights not
summing to 100 (also with the deferral context key forged). Each is refused with a
ValidationError naming the field (never a ValueError or a database error) and nothing is
written.
"""

from .attack_common import ACCESS, MISSING, USER, VALIDATION, AttackCase

EVAL = "dealer_org.kpi.evaluation"
LINE = "dealer_org.kpi.evaluation.line"
GRADE = "dealer_org.kpi.grade"
KPI = "dealer_org.kpi"
DUTY = "dealer_org.job.duty"
NAN, INF = float("nan"), float("inf")
HUGE_TEXT = "x" * 100_000


class TestAttacksValidation(AttackCase):
    def refused(self, user, model, method, args, field, errors=(VALIDATION,), **kwargs):
        return self.attack(user, model, method, args, errors=errors, message=field, **kwargs)

    def draft_line(self, code="SALES"):
        return self.line(self.of(self.draft, self.peer), code)

    def write_line(self, vals, field, user=None, errors=(VALIDATION,)):
        self.refused(user or self.hr_officer, LINE, "write", [self.draft_line().ids, vals], field, errors)

    def new_evaluation(self, **vals):
        return dict(
            {
                "employee_id": self.outsider.id,
                "company_id": self.company_a.id,
                "period_type": "monthly",
                "period_start": "2021-05-01",
            },
            **vals,
        )

    # KPI evaluation lines -------------------------------------------------

    def test_nan_actual(self):
        def body_has_nan(body):
            self.assertIn("NaN", body)
            return body

        line = self.draft_line()
        self.refused(
            self.hr_officer, LINE, "write", [line.ids, {"actual": NAN}], "Actual", raw_params=body_has_nan
        )

    def test_infinite_actual(self):
        self.write_line({"actual": INF}, "Actual")

    def test_minus_infinite_actual_by_the_manager(self):
        line = self.line(self.of(self.draft, self.employee))
        self.refused(self.manager_user, LINE, "write", [line.ids, {"actual": -INF}], "Actual")

    def test_nan_actual_through_line_commands(self):
        evaluation = self.of(self.draft, self.peer)
        vals = {"line_ids": [[1, self.draft_line().id, {"actual": NAN}]]}
        self.refused(self.hr_manager, EVAL, "write", [evaluation.ids, vals], "Actual")

    def test_actual_that_is_not_a_number(self):
        self.write_line({"actual": "a lot"}, "Actual")

    def test_line_weight_over_100(self):
        self.write_line({"weight": 150}, "Weight")

    def test_negative_line_weight(self):
        self.write_line({"weight": -10}, "Weight")

    def test_nan_line_weight(self):
        self.write_line({"weight": NAN}, "Weight")

    def test_line_minimum_above_target(self):
        self.write_line({"minimum": 120, "target": 100, "maximum": 130}, "[Tt]hreshold|[Mm]inimum")

    def test_line_target_above_maximum(self):
        self.write_line({"target": 200}, "[Tt]hreshold|[Tt]arget|[Mm]aximum")

    def test_line_thresholds_all_zero(self):
        self.write_line({"minimum": 0, "target": 0, "maximum": 0}, "[Tt]hreshold|[Mm]inimum|[Tt]arget")

    def test_infinite_line_maximum(self):
        self.write_line({"maximum": INF}, "Maximum")

    def test_unknown_line_direction(self):
        self.write_line({"direction": "sideways"}, "Direction")

    def test_unknown_line_source(self):
        """A line's source is fixed once created (a refusal of its own); on a new line the
        value itself is refused."""
        self.write_line({"source": "oracle"}, "Source", errors=(VALIDATION, USER))

    def test_new_line_of_an_unknown_source(self):
        evaluation = self.of(self.draft, self.peer)
        vals = {
            "evaluation_id": evaluation.id,
            "name": "Extra",
            "code": "EXTRA",
            "minimum": 0,
            "target": 1,
            "maximum": 2,
            "weight": 10,
            "source": "oracle",
        }
        self.refused(self.hr_officer, LINE, "create", [vals], "Source")

    def test_overlong_line_comment(self):
        self.write_line({"comment": HUGE_TEXT}, "Comment")

    def test_line_with_nan_created_in_a_draft(self):
        evaluation = self.of(self.draft, self.peer)
        vals = {
            "evaluation_id": evaluation.id,
            "name": "Extra",
            "code": "EXTRA",
            "minimum": 0,
            "target": NAN,
            "maximum": 10,
            "weight": 10,
        }
        self.refused(self.hr_officer, LINE, "create", [vals], "Target")

    # KPI evaluations -------------------------------------------------------

    def test_evaluation_of_an_archived_employee(self):
        self.outsider.active = False
        self.refused(
            self.hr_officer, EVAL, "create", [self.new_evaluation()], "[Ee]mployee", errors=(VALIDATION, USER)
        )

    def test_evaluation_in_year_one(self):
        vals = self.new_evaluation(period_start="0001-01-01")
        self.refused(self.hr_officer, EVAL, "create", [vals], "Period Start")

    def test_evaluation_in_year_9999(self):
        vals = self.new_evaluation(period_start="9999-12-01")
        self.refused(self.hr_officer, EVAL, "create", [vals], "Period Start")

    def test_evaluation_on_an_impossible_date(self):
        vals = self.new_evaluation(period_start="2021-02-30")
        self.refused(self.hr_officer, EVAL, "create", [vals], "Period Start")

    def test_evaluation_of_an_unknown_period_type(self):
        vals = self.new_evaluation(period_type="weekly")
        self.refused(self.hr_officer, EVAL, "create", [vals], "Period Type")

    def test_evaluation_without_a_period(self):
        vals = self.new_evaluation()
        del vals["period_start"]
        self.refused(self.hr_officer, EVAL, "create", [vals], "Period", errors=(VALIDATION, USER))

    def test_evaluation_period_as_a_number(self):
        vals = self.new_evaluation(period_start=20210501)
        self.refused(self.hr_officer, EVAL, "create", [vals], "Period Start")

    def test_evaluation_of_an_employee_id_that_is_text(self):
        vals = self.new_evaluation(employee_id="1 OR 1=1")
        self.refused(self.hr_officer, EVAL, "create", [vals], "Employee", errors=(VALIDATION, USER))

    def test_evaluation_of_an_employee_that_does_not_exist(self):
        vals = self.new_evaluation(employee_id=2_000_000_000)
        errors = (VALIDATION, USER, MISSING)
        self.refused(self.hr_officer, EVAL, "create", [vals], "[Ee]mployee", errors=errors)

    def test_line_without_an_evaluation(self):
        vals = {"name": "Orphan", "code": "ORPHAN", "target": 1, "maximum": 1, "weight": 10, "actual": 1}
        self.refused(self.hr_officer, LINE, "create", [vals], "Evaluation", errors=(VALIDATION, USER))

    def test_boolean_weight(self):
        self.write_line({"weight": True}, "Weight")

    def test_list_as_actual(self):
        self.write_line({"actual": [130]}, "Actual")

    def test_overlong_evaluation_comment(self):
        evaluation = self.of(self.draft, self.peer)
        self.refused(self.hr_officer, EVAL, "write", [evaluation.ids, {"note": HUGE_TEXT}], "Comments")

    # Grade tables ----------------------------------------------------------

    def band(self, company, min_score):
        return self.env["dealer_org.kpi.grade"].search(
            [("company_id", "=", company.id if company else False), ("min_score", "=", min_score)]
        )

    def test_nan_grade_threshold(self):
        vals = {"company_id": self.company_b.id, "min_score": NAN, "grade": "X", "coefficient": 1}
        self.refused(self.hr_manager_all, GRADE, "create", [vals], "Minimum Score")

    def test_infinite_grade_coefficient(self):
        band = self.band(self.company_b, 80)
        self.refused(self.hr_manager_all, GRADE, "write", [band.ids, {"coefficient": INF}], "Pay Coefficient")

    def test_huge_grade_coefficient(self):
        band = self.band(self.company_b, 80)
        self.refused(self.hr_manager_all, GRADE, "write", [band.ids, {"coefficient": 1e6}], "Pay Coefficient")

    def test_negative_grade_coefficient(self):
        band = self.band(self.company_b, 80)
        self.refused(self.hr_manager_all, GRADE, "write", [band.ids, {"coefficient": -1}], "Pay Coefficient")

    def test_overlong_grade_name(self):
        band = self.band(self.company_b, 80)
        self.refused(self.hr_manager_all, GRADE, "write", [band.ids, {"grade": "A" * 100_000}], "Grade")

    def test_grade_threshold_beyond_the_highest_score(self):
        band = self.band(self.company_b, 80)
        self.refused(self.hr_manager_all, GRADE, "write", [band.ids, {"min_score": 1e6}], "Minimum Score")

    def test_moving_the_zero_band_to_another_table(self):
        """Company B's band at 0 moved into company A's (default) table: B left without one."""
        band = self.band(self.company_b, 0)
        vals = {"company_id": self.company_a.id}
        self.refused(
            self.hr_manager_all, GRADE, "write", [band.ids, vals], "table|0", errors=(VALIDATION, USER)
        )

    def test_deleting_the_zero_band_of_a_company_table(self):
        band = self.band(self.company_b, 0)
        self.refused(
            self.hr_manager_all, GRADE, "unlink", [band.ids], "0|zero|[Mm]inimum", errors=(VALIDATION, USER)
        )

    def test_raising_the_zero_band_of_a_company_table(self):
        band = self.band(self.company_b, 0)
        self.refused(self.hr_manager_all, GRADE, "write", [band.ids, {"min_score": 10}], "0|zero|[Mm]inimum")

    def test_deleting_the_zero_band_of_the_default_table(self):
        band = self.band(None, 0)
        self.refused(
            self.hr_manager_all, GRADE, "unlink", [band.ids], "0|zero|[Mm]inimum", errors=(VALIDATION, USER)
        )

    def test_first_company_band_above_zero_leaves_no_score_without_grade(self):
        """Not an attack: company A (on the default table) adds its first band at 50. Either
        refused, or the company's table still grades every score from 0."""
        vals = {"company_id": self.company_a.id, "min_score": 50, "grade": "M", "coefficient": 1}
        self.login(self.hr_manager)
        response = self.call(GRADE, "create", [vals])
        if "error" in response:
            self.assertEqual(response["error"]["data"]["name"], VALIDATION)
            return
        table = self.env["dealer_org.kpi.grade"]._get_tables(self.company_a)[self.company_a.id]
        self.assertIn(0, [band.min_score for band in table])
        self.assertIn(50, [band.min_score for band in table])

    # Job duties and KPI definitions -------------------------------------------

    def test_duty_deadline_of_three_million_days(self):
        duty = self.job.duty_ids[0]
        self.refused(self.hr_officer, DUTY, "write", [duty.ids, {"deadline_days": 3_000_000}], "Deadline")

    def test_duty_on_the_40th_of_the_month(self):
        vals = {"job_id": self.job.id, "name": "Monthly report", "period": "monthly", "month_day": 40}
        self.refused(self.hr_officer, DUTY, "create", [vals], "Day of Month")

    def test_duty_day_beyond_the_integer_range(self):
        vals = {"job_id": self.job.id, "name": "Monthly report", "period": "monthly", "month_day": 2**40}
        self.refused(self.hr_officer, DUTY, "create", [vals], "Day of Month")

    def test_duty_of_an_unknown_period(self):
        duty = self.job.duty_ids[0]
        self.refused(self.hr_officer, DUTY, "write", [duty.ids, {"period": "hourly"}], "Period")

    def test_overlong_duty(self):
        duty = self.job.duty_ids[0]
        self.refused(self.hr_officer, DUTY, "write", [duty.ids, {"name": HUGE_TEXT}], "Duty")

    def kpi(self, code="SALES"):
        return self.job.kpi_ids.filtered(lambda k: k.code == code)

    def test_kpi_weights_not_summing_to_100(self):
        self.refused(self.hr_officer, KPI, "write", [self.kpi().ids, {"weight": 50}], "100")

    def test_kpi_weights_with_the_deferral_context_forged(self):
        """The job sets a context key to check the weights once; a client can set it too."""
        context = {"dealer_org_defer_kpi_weight_check": True}
        self.refused(self.hr_officer, KPI, "write", [self.kpi().ids, {"weight": 50}], "100", context=context)

    def test_kpi_thresholds_all_zero(self):
        vals = {"minimum": 0, "target": 0, "maximum": 0}
        self.refused(self.hr_officer, KPI, "write", [self.kpi().ids, vals], "[Tt]hreshold|[Tt]arget")

    def test_kpi_nan_target(self):
        self.refused(self.hr_officer, KPI, "write", [self.kpi().ids, {"target": NAN}], "Target")

    def test_kpi_of_an_unknown_period(self):
        self.refused(self.hr_officer, KPI, "write", [self.kpi().ids, {"period": "hourly"}], "Period")

    def test_kpi_of_another_company_job(self):
        """Company A's HR officer adds a KPI to company B's job (which they cannot read)."""
        vals = {"job_id": self.job_b.id, "name": "Sneaky", "code": "SNEAKY", "target": 1, "maximum": 1}
        self.attack(self.hr_officer, KPI, "create", [vals], errors=(ACCESS, VALIDATION, USER))
