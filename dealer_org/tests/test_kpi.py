from datetime import date
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .kpi_common import KpiCase


class TestKpiDefinitions(KpiCase):
    def test_preloaded_kpis_weigh_100_per_job_and_period(self):
        kpis = self.env["dealer_org.kpi"].search([("job_id.company_id", "=", self.main_company.id)])
        self.assertGreaterEqual(len(kpis.job_id), 8)
        for (job, period), group in kpis.grouped(lambda k: (k.job_id, k.period)).items():
            self.assertAlmostEqual(sum(group.mapped("weight")), 100, msg=f"{job.name} {period}")
        consultant = self.env.ref("dealer_org.job_sales_consultant")
        self.assertIn("SALES_TARGET", consultant.kpi_ids.mapped("code"))
        self.env["ir.module.module"]._load_module_terms(["dealer_org"], ["zh_CN"])
        self.assertEqual(
            self.zh(self.env.ref("dealer_org.kpi_customer_service_specialist_follow_up_3d")).name,
            "车辆交接后3日内100%跟踪",
        )

    def test_weights_not_adding_up_to_100_are_refused(self):
        kpi = self.job.kpi_ids[0]
        with self.assertRefused(ValidationError, "add up to 70"):
            kpi.weight = 30
        with self.assertRefused(ValidationError, "add up to 60"):
            self.job.kpi_ids[1].active = False
        with self.assertRefused(ValidationError, "add up to 40"):
            kpi.unlink()

    def test_job_changes_several_weights_at_once(self):
        first, second = self.job.kpi_ids.sorted("sequence")
        self.job.write(
            {"kpi_ids": [Command.update(first.id, {"weight": 50}), Command.update(second.id, {"weight": 50})]}
        )
        self.assertEqual(self.job.kpi_ids.mapped("weight"), [50, 50])
        with self.assertRefused(ValidationError, "add up to 110"):
            self.job.write({"kpi_ids": [Command.update(first.id, {"weight": 60})]})

    def test_a_new_period_needs_its_own_100(self):
        with self.assertRefused(ValidationError, "quarterly"):
            self.job.write(
                {
                    "kpi_ids": [
                        Command.create(
                            {
                                "name": "Q",
                                "code": "Q",
                                "period": "quarterly",
                                "target": 1,
                                "maximum": 1,
                                "weight": 50,
                            }
                        )
                    ]
                }
            )

    def test_thresholds_must_be_ordered(self):
        with self.assertRefused(ValidationError, "minimum ≤ target ≤ maximum"):
            self.job.kpi_ids[0].target = 200

    def test_code_is_unique_per_job_and_well_formed(self):
        with self.assertRefused(ValidationError, "not valid"):
            self.job.kpi_ids[0].code = "sales target"
        with self.assertRefused(ValidationError, "already used"):
            self.job.kpi_ids[0].code = "complaints"
        # Past the method check (a raw write), the database's unique index on the lower code.
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env.cr.execute(
                "UPDATE dealer_org_kpi SET code = 'complaints' WHERE id = %s", [self.job.kpi_ids[0].id]
            )

    def test_copied_job_keeps_its_kpis(self):
        copy = self.job.copy()
        self.assertEqual(sorted(copy.kpi_ids.mapped("code")), ["COMPLAINTS", "SALES_TARGET"])


class TestKpiEvaluations(KpiCase):
    def test_generation_copies_the_job_kpis(self):
        evaluations = self.generate(date(2021, 3, 17))
        self.assertEqual(evaluations.employee_id, self.employee | self.colleague)
        evaluation = evaluations.filtered(lambda e: e.employee_id == self.employee)
        self.assertEqual(
            (evaluation.period_start, evaluation.period_end), (date(2021, 3, 1), date(2021, 3, 31))
        )
        self.assertEqual(evaluation.period_name, "2021-03")
        self.assertEqual((evaluation.job_id, evaluation.department_id), (self.job, self.department))
        self.assertEqual(evaluation.line_ids.mapped("code"), ["SALES_TARGET", "COMPLAINTS"])
        self.assertEqual(evaluation.line_ids.mapped("weight"), [60, 40])
        self.assertEqual(evaluation.state, "draft")

    def test_generation_is_idempotent(self):
        first = self.generate()
        self.assertEqual(len(first), 2)
        self.assertFalse(self.generate(date(2021, 3, 31)))
        self.assertEqual(self.Evaluation.search_count([("employee_id", "in", first.employee_id.ids)]), 2)

    def test_concurrent_generation_keeps_the_first_evaluations(self):
        """Another run created the evaluations after this one looked for existing ones: the
        INSERT skips them instead of failing, and nothing is duplicated."""
        first = self.generate()
        Evaluation = type(self.Evaluation)
        original = Evaluation.search_fetch

        def blind_to_existing(records, domain, *args, **kwargs):
            if any(isinstance(term, tuple) and term[0] == "period_start" for term in domain):
                return records.browse()
            return original(records, domain, *args, **kwargs)

        with patch.object(Evaluation, "search_fetch", blind_to_existing):
            second = self.generate()
        self.assertFalse(second)
        self.assertEqual(self.Evaluation.search_count([("employee_id", "in", first.employee_id.ids)]), 2)

    def test_only_active_employees_with_kpis_of_the_period(self):
        self.colleague.action_archive()
        self.assertEqual(self.generate().employee_id, self.employee)
        self.assertFalse(self.generate(period_type="quarterly"))

    def test_department_filter_includes_sub_departments(self):
        child = self.env["hr.department"].create({"name": "Showroom", "parent_id": self.department.id})
        self.colleague.department_id = child
        self.assertEqual(self.generate(departments=child).employee_id, self.colleague)
        self.assertEqual(self.generate(departments=self.department).employee_id, self.employee)

    def test_later_kpi_edits_do_not_rewrite_past_evaluations(self):
        evaluation = self.generate().filtered(lambda e: e.employee_id == self.employee)
        kpi = self.job.kpi_ids.filtered(lambda k: k.code == "SALES_TARGET")
        kpi.write({"name": "Renamed", "target": 90, "minimum": 50})
        line = evaluation.line_ids.filtered(lambda line: line.code == "SALES_TARGET")
        self.assertEqual((line.name, line.target, line.minimum), ("Sales target completion rate", 100, 60))

    def test_lines_keep_every_language_of_the_kpi(self):
        kpi = self.job.kpi_ids[0]
        kpi.with_context(lang="zh_CN").name = "销售目标完成率"
        evaluation = self.generate()[0]
        self.assertEqual(self.zh(evaluation.line_ids[0]).name, "销售目标完成率")
        self.assertEqual(self.en(evaluation.line_ids[0]).name, "Sales target completion rate")

    def test_one_evaluation_per_employee_and_period(self):
        self.generate()
        with self.assertRefused(ValidationError, "already has a KPI evaluation"):
            self.Evaluation.create(
                {
                    "employee_id": self.employee.id,
                    "company_id": self.env.company.id,
                    "period_type": "monthly",
                    "period_start": date(2021, 3, 12),
                }
            )

    def test_scores_total_grade_and_coefficient(self):
        evaluation = self.generate().filtered(lambda e: e.employee_id == self.employee)
        # No complaints (the actual 0 not yet entered) is already the best value of that KPI;
        # but nobody has entered an actual yet: no grade, no coefficient (issue 16).
        self.assertEqual((evaluation.total_score, evaluation.grade, evaluation.coefficient), (48, False, 0))
        self.set_actuals(evaluation, 100, 2)  # both targets met
        self.assertEqual((evaluation.total_score, evaluation.grade, evaluation.coefficient), (100, "A", 1.2))
        self.set_actuals(evaluation, 80, 4)  # half-way on both
        self.assertEqual(evaluation.line_ids.mapped("score"), [50, 50])
        self.assertEqual((evaluation.total_score, evaluation.grade), (50, "D"))
        self.set_actuals(evaluation, 130, 0)  # both maxima: capped
        self.assertEqual(evaluation.total_score, 120)

    def test_company_grade_table_overrides_the_default(self):
        Grade = self.env["dealer_org.kpi.grade"]
        Grade.create(
            [
                {"company_id": self.env.company.id, "min_score": 0, "grade": "Pass", "coefficient": 1.0},
                {"company_id": self.env.company.id, "min_score": 110, "grade": "Star", "coefficient": 1.5},
            ]
        )
        evaluation = self.generate().filtered(lambda e: e.employee_id == self.employee)
        self.set_actuals(evaluation, 100, 2)
        self.assertEqual((evaluation.grade, evaluation.coefficient), ("Pass", 1.0))
        self.set_actuals(evaluation, 130, 0)
        self.assertEqual((evaluation.grade, evaluation.coefficient), ("Star", 1.5))
        with self.assertRefused(ValidationError, "two grades starting at 110"):
            Grade.create(
                {"company_id": self.env.company.id, "min_score": 110, "grade": "X", "coefficient": 2}
            )

    def test_checklist_source_takes_the_checklist_completion_rate(self):
        """A KPI of source "checklist completion" gets the employee's completion rate of the
        checklist lines due in the evaluated period, at generation and on refresh."""
        self.job.write(
            {
                "kpi_ids": [
                    Command.update(self.job.kpi_ids[0].id, {"weight": 40}),
                    Command.create(
                        {
                            "name": "Checklist",
                            "code": "CHECKLIST",
                            "source": "checklist_completion",
                            "minimum": 80,
                            "target": 100,
                            "maximum": 100,
                            "weight": 20,
                        }
                    ),
                ]
            }
        )
        day = self.period.replace(day=10)  # inside the evaluated month
        checklist = self.env["dealer_org.checklist"].create(
            {
                "employee_id": self.employee.id,
                "period_type": "daily",
                "period_start": day,
                "period_end": day,
                "deadline": day,
                "line_ids": [
                    # ticked on their day: on time (the KPI reads the on-time rate, docs/kpi.md)
                    Command.create({"name": f"Duty {n}", "deadline": day, "result": result, "done_on": day})
                    for n, result in enumerate(["done", "done", "not_applicable", "open", "open"])
                ],
            }
        )
        evaluation = self.generate().filtered(lambda e: e.employee_id == self.employee)
        line = evaluation.line_ids.filtered(lambda line: line.code == "CHECKLIST")
        self.assertEqual((line.source, line.actual), ("checklist_completion", 60))
        self.assertEqual(line.score, 0, "60 % is below the minimum of 80 %")
        checklist.line_ids.filtered(lambda line: line.result == "open").write({"result": "done"})
        evaluation.action_refresh_computed_actuals()
        self.assertEqual((line.actual, line.score), (60, 0), "ticked today, after their deadline: late")

    def test_generated_lines_carry_their_scores(self):
        """Generation inserts every line already scored (no second pass over the lines): the
        lower-is-better KPI at 0 complaints, the checklist KPI at the employee's rate, and the
        totals are what scoring the lines again gives."""
        self.job.write(
            {
                "kpi_ids": [
                    Command.update(self.job.kpi_ids[0].id, {"weight": 40}),
                    Command.create(
                        {
                            "name": "Checklist",
                            "code": "CHECKLIST",
                            "source": "checklist_completion",
                            "minimum": 80,
                            "target": 100,
                            "maximum": 100,
                            "weight": 20,
                        }
                    ),
                ]
            }
        )
        day = self.period.replace(day=10)
        self.env["dealer_org.checklist"].create(
            {
                "employee_id": self.employee.id,
                "period_type": "daily",
                "period_start": day,
                "period_end": day,
                "deadline": day,
                "line_ids": [
                    Command.create(
                        {
                            "name": f"Duty {n}",
                            "deadline": day,
                            "result": "done" if n else "open",
                            "done_on": day,
                        }
                    )
                    for n in range(10)
                ],
            }
        )
        evaluations = self.generate()
        evaluation = evaluations.filtered(lambda e: e.employee_id == self.employee)
        scores = {line.code: (line.actual, line.score) for line in evaluation.line_ids}
        self.assertEqual(scores["CHECKLIST"], (90, 50), "90 % between the minimum 80 and the target 100")
        self.assertEqual(scores["COMPLAINTS"], (0, 120), "no complaint: the best value")
        self.assertEqual(scores["SALES_TARGET"], (0, 0))
        generated = {e.id: (e.total_score, e.grade, e.coefficient) for e in evaluations}
        lines = {line.id: line.score for line in evaluations.line_ids}
        self.assertEqual(generated[evaluation.id][0], round((120 * 40 + 50 * 20) / 100, 2))
        evaluations._store_scores()  # score everything again from the lines
        self.assertEqual({e.id: (e.total_score, e.grade, e.coefficient) for e in evaluations}, generated)
        self.assertEqual({line.id: line.score for line in evaluations.line_ids}, lines)

    def test_no_checklist_in_the_period_is_no_data_not_zero(self):
        """A month without any checklist due (the module installed later) leaves the
        checklist-completion KPI out, the other weights count proportionally."""
        self.job.write(
            {
                "kpi_ids": [
                    Command.update(self.job.kpi_ids[0].id, {"weight": 40}),
                    Command.create(
                        {
                            "name": "Checklist",
                            "code": "CHECKLIST",
                            "source": "checklist_completion",
                            "minimum": 80,
                            "target": 100,
                            "maximum": 100,
                            "weight": 20,
                        }
                    ),
                ]
            }
        )
        evaluation = self.generate().filtered(lambda e: e.employee_id == self.employee)
        checklist_line = evaluation.line_ids.filtered(lambda line: line.code == "CHECKLIST")
        self.assertTrue(checklist_line.not_applicable)
        for line in evaluation.line_ids - checklist_line:
            line.actual = line.target  # 100 points each
        self.assertEqual(evaluation.total_score, 100, "not (40 + 40) / 100 × 100 = 80")
        evaluation.action_approve()
        self.assertEqual(evaluation.total_score, 100)

    def test_generate_wizard(self):
        wizard = (
            self.env["dealer_org.kpi.generate"]
            .with_user(self.hr_officer)
            .create(
                {"period_type": "monthly", "date": date(2021, 5, 9), "department_ids": self.department.ids}
            )
        )
        action = wizard.action_generate()
        evaluations = self.Evaluation.search(action["domain"])
        self.assertEqual(evaluations.employee_id, self.employee | self.colleague)
        self.assertEqual(set(evaluations.mapped("period_start")), {date(2021, 5, 1)})

    def test_cron_generates_the_current_periods(self):
        self.Evaluation._cron_generate_evaluations()
        today = fields.Date.context_today(self.Evaluation)
        mine = self.Evaluation.search([("employee_id", "=", self.employee.id)])
        self.assertEqual(mine.period_start, today.replace(day=1))
        consultant = self.env.ref("dealer_org.employee_consultant_1", raise_if_not_found=False)
        if consultant:
            self.assertTrue(self.Evaluation.search_count([("employee_id", "=", consultant.id)]))


class TestKpiWorkflow(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.evaluation = cls.generate().filtered(lambda e: e.employee_id == cls.employee)
        cls.set_actuals(cls.evaluation, 100, 2)

    def test_submit_approve_lock(self):
        evaluation = self.evaluation.with_user(self.manager_user)
        evaluation.action_submit()
        self.assertEqual(evaluation.state, "submitted")
        with self.assertRaises(AccessError):
            evaluation.action_approve()
        evaluation.with_user(self.hr_officer).action_approve()
        self.assertEqual(self.evaluation.state, "approved")
        self.evaluation.with_user(self.hr_officer).action_lock()
        self.assertEqual(self.evaluation.state, "locked")

    def test_state_only_changes_through_the_buttons(self):
        with self.assertRefused(UserError, "buttons"):
            self.evaluation.write({"state": "approved"})

    def test_approved_and_locked_evaluations_are_immutable(self):
        self.evaluation.action_approve()
        for state in ("approved", "locked"):
            with self.assertRefused(UserError, "cannot be changed"):
                self.evaluation.line_ids[0].actual = 50
            with self.assertRefused(UserError, "cannot be changed"):
                self.evaluation.note = "changed"
            with self.assertRefused(UserError, "cannot be changed"):
                self.evaluation.line_ids[0].unlink()
            with self.assertRefused(UserError, "Only draft"):
                self.evaluation.unlink()
            if state == "approved":
                self.evaluation.action_lock()
        self.assertEqual(self.evaluation.total_score, 100)

    def test_only_an_hr_manager_reopens_with_a_reason(self):
        self.evaluation.action_approve()
        with self.assertRaises(AccessError):
            self.evaluation.with_user(self.hr_officer).action_open_reopen_wizard()
        with self.assertRaises(AccessError):
            self.evaluation.with_user(self.hr_officer)._reopen("typo")
        Wizard = self.env["dealer_org.kpi.evaluation.reopen"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.hr_officer).create({"evaluation_ids": self.evaluation.ids, "reason": "x"})
        with self.assertRefused(UserError, "reason"):
            self.evaluation.with_user(self.hr_manager)._reopen("  ")
        action = self.evaluation.with_user(self.hr_manager).action_open_reopen_wizard()
        wizard = (
            Wizard.with_user(self.hr_manager)
            .with_context(**action["context"])
            .create({"reason": "Sales figures corrected by the OEM"})
        )
        wizard.action_reopen()
        self.assertEqual(self.evaluation.state, "draft")
        self.assertIn("Sales figures corrected by the OEM", self.evaluation.message_ids[0].body)
        self.evaluation.line_ids[0].actual = 90
        self.assertEqual(self.evaluation.line_ids[0].score, 75)

    def test_drafts_only_are_deleted_and_only_before_their_period(self):
        with self.assertRefused(UserError, "has started: it is archived, not deleted"):
            self.evaluation.with_user(self.hr_officer).unlink()
        today = fields.Date.context_today(self.Evaluation)
        future = self.generate(date(today.year + 1, 2, 1)).filtered(lambda e: e.employee_id == self.employee)
        future.with_user(self.hr_officer).unlink()
        self.assertFalse(future.exists())


class TestKpiPayrollApi(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.march = cls.generate(date(2021, 3, 1)).filtered(lambda e: e.employee_id == cls.employee)
        cls.set_actuals(cls.march, 100, 2)
        cls.april = cls.generate(date(2021, 4, 1)).filtered(lambda e: e.employee_id == cls.employee)
        cls.set_actuals(cls.april, 130, 0)

    def test_only_approved_or_locked_evaluations_count(self):
        self.assertIsNone(self.employee._get_kpi_result(date(2021, 3, 1), date(2021, 3, 31)))
        self.march.action_submit()
        self.assertIsNone(self.employee._get_kpi_result(date(2021, 3, 1), date(2021, 3, 31)))
        self.march.action_approve()
        result = self.employee._get_kpi_result(date(2021, 3, 1), date(2021, 3, 31))
        self.assertEqual(
            (result["score"], result["grade"], result["coefficient"], result["evaluation_id"]),
            (100, "A", 1.2, self.march.id),
        )
        self.march.action_lock()
        self.assertEqual(self.employee._get_kpi_result("2021-03-01", "2021-03-31")["coefficient"], 1.2)

    def test_the_evaluation_must_cover_the_range(self):
        (self.march | self.april).action_approve()
        self.assertEqual(self.employee._get_kpi_result(date(2021, 4, 5), date(2021, 4, 20))["score"], 120)
        self.assertIsNone(self.employee._get_kpi_result(date(2021, 3, 15), date(2021, 4, 15)))
        self.assertIsNone(self.employee._get_kpi_result(date(2021, 5, 1), date(2021, 5, 31)))

    def test_batched_for_many_employees_and_shortest_period_wins(self):
        self.job.write(
            {
                "kpi_ids": [
                    Command.create(
                        {
                            "name": "Q",
                            "code": "Q",
                            "period": "quarterly",
                            "target": 10,
                            "maximum": 10,
                            "weight": 100,
                        }
                    )
                ]
            }
        )
        quarter = self.generate(date(2021, 3, 1), "quarterly")
        quarter.line_ids.actual = 10
        (quarter | self.march).action_approve()
        results = (self.employee | self.colleague)._get_kpi_results(date(2021, 3, 1), date(2021, 3, 31))
        self.assertEqual(results[self.employee.id]["period_type"], "monthly")
        self.assertEqual(results[self.colleague.id]["period_type"], "quarterly")
        self.assertEqual(results[self.colleague.id]["score"], 100)
