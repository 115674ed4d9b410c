"""OCA payroll salary rules read the KPI result of the payslip's period as ``payroll.kpi``
(found, score, grade, coefficient) from the approved or locked evaluation covering the whole
period, never a draft one, one covering part of the period only, nor one made in another company;
without one the payslip is refused (the default setting) or, when the company chose it, the neutral
1.0 is paid; the shipped rule KPI_PERF pays 30 % of the wage at the rate of that coefficient on a
real payslip; a payroll manager who is not the superuser computes it; opening a contract keeps the
employee's manager."""

from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

MARCH = (date(2021, 3, 1), date(2021, 3, 31))


class PayrollKpiCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Payroll KPI Other Store"})
        cls.hr_officer = new_test_user(cls.env, "payroll_kpi_hr", groups="base.group_user,hr.group_hr_user")
        cls.payroll_manager = new_test_user(
            cls.env, "payroll_kpi_payroll", groups="base.group_user,payroll.group_payroll_manager"
        )
        cls.department = cls.env["hr.department"].create({"name": "Payroll KPI Sales"})
        cls.job = cls.env["hr.job"].create(
            {
                "name": "Payroll KPI Consultant",
                "department_id": cls.department.id,
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
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Payroll KPI Employee", "job_id": cls.job.id, "department_id": cls.department.id}
        )
        category = cls.env["hr.salary.rule.category"].create({"name": "KPI figures", "code": "KPI_FIG"})

        def rule(code, sequence, python):
            return Command.create(
                {
                    "name": code,
                    "code": code,
                    "sequence": sequence,
                    "category_id": category.id,
                    "condition_select": "none",
                    "amount_select": "code",
                    "amount_python_compute": python,
                }
            )

        cls.structure = cls.env["hr.payroll.structure"].create(
            {
                "name": "KPI structure",
                "code": "KPI",
                "rule_ids": [
                    rule("KPI_FOUND", 30, "result = 10 if payroll.kpi.found else 5"),
                    rule(
                        "KPI_SCORE",
                        31,
                        "result = payroll.kpi.score\nresult_name = payroll.kpi.grade or 'none'",
                    ),
                    rule("KPI_COEF", 32, "result = payroll.kpi.coefficient * 100"),
                ],
            }
        )
        cls.structure.rule_ids |= cls.env.ref("dealer_org_payroll.hr_salary_rule_kpi_performance_pay")
        cls.contract = cls.env["hr.contract"].create(
            {
                "name": "Payroll KPI contract",
                "employee_id": cls.employee.id,
                "wage": 10000,
                "struct_id": cls.structure.id,
                "date_start": date(2021, 1, 1),
                "state": "open",
            }
        )
        evaluations = cls.env["dealer_org.kpi.evaluation"]._generate(
            "monthly", MARCH[0], cls.company, cls.department
        )
        cls.evaluation = evaluations.filtered(lambda e: e.employee_id == cls.employee)
        cls.evaluation.line_ids.actual = 115  # half-way from the target to the maximum: score 110, A, 1.2

    def payslip(self, user=None, employee=None, period=MARCH, structure=None, compute=True):
        Payslip = self.env["hr.payslip"].with_user(user) if user else self.env["hr.payslip"]
        payslip = Payslip.create(
            {
                "employee_id": (employee or self.employee).id,
                "contract_id": self.contract.id,
                "struct_id": (structure or self.structure).id,
                "date_from": period[0],
                "date_to": period[1],
            }
        )
        if compute:
            payslip.compute_sheet()
        return payslip

    def policy(self, policy, company=None):
        (company or self.company).dealer_org_kpi_unapproved_policy = policy

    def lines(self, payslip):
        return {line.code: line for line in payslip.line_ids}

    def approve(self):
        self.evaluation.with_user(self.hr_officer).action_approve()
        self.assertEqual(self.evaluation.state, "approved")


class TestPayrollKpi(PayrollKpiCase):
    def test_approved_evaluation_gives_score_grade_and_coefficient(self):
        self.approve()
        lines = self.lines(self.payslip())
        self.assertEqual(lines["KPI_FOUND"].total, 10)
        self.assertAlmostEqual(lines["KPI_SCORE"].total, 110)
        self.assertEqual(lines["KPI_SCORE"].name, "A")
        self.assertAlmostEqual(lines["KPI_COEF"].total, 120)

    def test_locked_evaluation_counts(self):
        self.approve()
        self.evaluation.with_user(self.hr_officer).action_lock()
        self.assertEqual(self.evaluation.state, "locked")
        lines = self.lines(self.payslip())
        self.assertEqual(lines["KPI_FOUND"].total, 10)
        self.assertAlmostEqual(lines["KPI_SCORE"].total, 110)

    def test_draft_or_submitted_evaluation_is_not_paid_on(self):
        for state in ("draft", "submitted"):
            if state == "submitted":
                self.evaluation.with_user(self.hr_officer).action_submit()
            with self.assertRaisesRegex(UserError, "is not approved yet", msg=f"a {state} evaluation"):
                self.payslip()
        self.policy("neutral")  # the company's explicit choice
        self.evaluation.with_user(self.hr_officer).action_reset_to_draft()
        for state in ("draft", "submitted"):
            if state == "submitted":
                self.evaluation.with_user(self.hr_officer).action_submit()
            self.assertEqual(self.evaluation.state, state)
            lines = self.lines(self.payslip())
            self.assertEqual(
                (lines["KPI_FOUND"].total, lines["KPI_SCORE"].total, lines["KPI_COEF"].total),
                (5, 0, 100),
                f"a {state} evaluation: not found, score 0, neutral coefficient",
            )
            self.assertEqual(lines["KPI_SCORE"].name, "none")

    def test_an_evaluation_of_another_company_is_not_paid_on(self):
        self.approve()
        # the employee moves to another company: the evaluation stays the old company's
        self.employee.write({"company_id": self.other_company.id, "department_id": False, "job_id": False})
        self.assertEqual(self.evaluation.company_id, self.company)
        self.assertIsNone(self.employee._get_kpi_result(*MARCH))
        lines = self.lines(self.payslip())
        self.assertEqual((lines["KPI_FOUND"].total, lines["KPI_COEF"].total), (5, 100))

    def test_shipped_rule_pays_30_percent_at_the_rate_of_the_coefficient(self):
        rule = self.env.ref("dealer_org_payroll.hr_salary_rule_kpi_performance_pay")
        self.assertEqual(rule.code, "KPI_PERF")
        with self.assertRaises(UserError, msg="no approved evaluation: refused by default"):
            self.payslip()
        self.policy("neutral")
        line = self.lines(self.payslip())["KPI_PERF"]
        self.assertAlmostEqual(line.total, 3000, msg="no approved evaluation, neutral chosen: 1.0")
        self.approve()
        line = self.lines(self.payslip())["KPI_PERF"]
        self.assertEqual((line.amount, line.rate), (3000, 120), "30 % of the wage, at 120 % (grade A)")
        self.assertAlmostEqual(line.total, 10000 * 0.30 * 1.2)
        self.assertEqual(line.with_context(lang="en_US").name, "Performance Pay (KPI)")

    def test_a_payroll_manager_computes_the_payslip(self):
        self.approve()
        user = self.payroll_manager
        self.assertFalse(user._is_superuser() or user.has_group("hr.group_hr_manager"))
        payslip = self.payslip(user=user)
        self.assertEqual((payslip.env.uid, payslip.env.su), (user.id, False))
        lines = self.lines(payslip)
        self.assertAlmostEqual(lines["KPI_COEF"].total, 120)
        self.assertEqual(payslip.state, "verify")


class TestPayslipPeriods(PayrollKpiCase):
    """dealer_org pays from the evaluation that covers the payslip's whole period
    (``_get_kpi_results``: period_start <= date_from and period_end >= date_to; docs/kpi.md):
    a payslip of 15 March – 14 April is covered by neither March's evaluation (its first 17
    days) nor April's (its last 14), so neither pays, whatever their grade."""

    MID_MONTH = (date(2021, 3, 15), date(2021, 4, 14))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.evaluation.with_user(cls.hr_officer).action_approve()  # March: A, 1.2
        april = cls.env["dealer_org.kpi.evaluation"]._generate(
            "monthly", date(2021, 4, 1), cls.company, cls.department
        )
        cls.april = april.filtered(lambda e: e.employee_id == cls.employee)
        cls.april.line_ids.actual = 60  # the minimum: score 0, the lowest grade
        cls.april.with_user(cls.hr_officer).action_approve()

    def test_each_month_pays_its_own_evaluation(self):
        march = self.lines(self.payslip())
        self.assertEqual((march["KPI_FOUND"].total, march["KPI_COEF"].total), (10, 120))
        self.assertEqual(march["KPI_COEF"].kpi_evaluation_id, self.evaluation)
        april = self.lines(self.payslip(period=(date(2021, 4, 1), date(2021, 4, 30))))
        self.assertEqual(april["KPI_COEF"].kpi_evaluation_id, self.april)
        self.assertNotEqual(april["KPI_COEF"].total, 120)

    def test_an_evaluation_covering_part_of_the_period_does_not_pay_by_default(self):
        for day in (self.MID_MONTH[0], self.MID_MONTH[1]):
            self.assertIn(self.employee.id, self.employee._get_kpi_results(day, day), day)
        self.assertIsNone(self.employee._get_kpi_result(*self.MID_MONTH))
        payslip = self.payslip(period=self.MID_MONTH, compute=False)
        self.assertEqual(payslip.kpi_status, "missing")
        with self.assertRaisesRegex(UserError, "no KPI evaluation covers its period"):
            payslip.compute_sheet()
        self.assertFalse(payslip.line_ids)

    def test_an_evaluation_covering_part_of_the_period_pays_neutral_when_chosen(self):
        self.policy("neutral")
        lines = self.lines(self.payslip(period=self.MID_MONTH))
        self.assertEqual(
            (lines["KPI_FOUND"].total, lines["KPI_SCORE"].total, lines["KPI_COEF"].total),
            (5, 0, 100),
            "not March's A (1.2) nor April's grade: not found, the neutral 1.0",
        )
        self.assertFalse(lines["KPI_COEF"].kpi_evaluation_id)


class TestContractKeepsTheManager(PayrollKpiCase):
    def test_opening_a_contract_keeps_the_reporting_line(self):
        supervisor = self.env["hr.employee"].create({"name": "Payroll KPI Supervisor"})
        head = self.env["hr.employee"].create(
            {"name": "Payroll KPI Head", "department_id": self.department.id}
        )
        self.department.manager_id = head
        consultant = self.env["hr.employee"].create(
            {"name": "Payroll KPI Consultant 2", "department_id": self.department.id}
        )
        consultant.parent_id = supervisor  # HR sets the manager by hand
        self.env["hr.contract"].create(
            {
                "name": "Consultant contract",
                "employee_id": consultant.id,
                "department_id": self.department.id,
                "wage": 8000,
                "date_start": date(2021, 1, 1),
                "state": "open",
            }
        )
        self.assertEqual(consultant.contract_id.name, "Consultant contract")
        self.assertEqual(consultant.parent_id, supervisor)

    def test_a_contract_in_another_department_moves_the_employee(self):
        service = self.env["hr.department"].create({"name": "Payroll KPI Service"})
        consultant = self.env["hr.employee"].create(
            {"name": "Payroll KPI Consultant 3", "department_id": self.department.id}
        )
        self.env["hr.contract"].create(
            {
                "name": "Service contract",
                "employee_id": consultant.id,
                "department_id": service.id,
                "wage": 8000,
                "date_start": date(2021, 1, 1),
                "state": "open",
            }
        )
        self.assertEqual(consultant.department_id, service)
