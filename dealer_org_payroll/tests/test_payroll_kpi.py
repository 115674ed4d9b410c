from datetime import date

from odoo import Command
from odoo.tests.common import TransactionCase


class TestPayrollKpi(TransactionCase):
    """A salary rule pays 30 % of the wage times the KPI coefficient of the payslip's month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        job = cls.env["hr.job"].create(
            {
                "name": "Payroll KPI Consultant",
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
        cls.employee = cls.env["hr.employee"].create({"name": "Payroll KPI Employee", "job_id": job.id})
        category = cls.env["hr.salary.rule.category"].create({"name": "Allowance", "code": "KPI_ALW"})
        rule = cls.env["hr.salary.rule"].create(
            {
                "name": "KPI performance pay",
                "code": "KPI_PERF",
                "sequence": 20,
                "category_id": category.id,
                "condition_select": "none",
                "amount_select": "code",
                "amount_python_compute": "result = contract.wage * 0.30 * payroll.kpi.coefficient\n"
                "result_name = payroll.kpi.found and ('KPI %s' % payroll.kpi.grade) or 'KPI none'",
            }
        )
        structure = cls.env["hr.payroll.structure"].create(
            {"name": "KPI structure", "code": "KPI", "rule_ids": [Command.link(rule.id)]}
        )
        cls.contract = cls.env["hr.contract"].create(
            {
                "name": "Payroll KPI contract",
                "employee_id": cls.employee.id,
                "wage": 10000,
                "struct_id": structure.id,
                "date_start": date(2021, 1, 1),
                "state": "open",
            }
        )
        evaluations = cls.env["dealer_org.kpi.evaluation"]._generate(
            "monthly", date(2021, 3, 1), cls.env.company
        )
        cls.evaluation = evaluations.filtered(lambda e: e.employee_id == cls.employee)
        cls.evaluation.line_ids.actual = 100  # the target: score 100, grade A, coefficient 1.2

    def payslip_line(self):
        payslip = self.env["hr.payslip"].create(
            {
                "employee_id": self.employee.id,
                "contract_id": self.contract.id,
                "struct_id": self.contract.struct_id.id,
                "date_from": date(2021, 3, 1),
                "date_to": date(2021, 3, 31),
            }
        )
        payslip.compute_sheet()
        return payslip.line_ids.filtered(lambda line: line.code == "KPI_PERF")

    def test_approved_coefficient_scales_the_performance_pay(self):
        self.evaluation.action_approve()
        line = self.payslip_line()
        self.assertAlmostEqual(line.total, 3600)
        self.assertEqual(line.name, "KPI A")

    def test_draft_evaluation_is_not_paid_on(self):
        line = self.payslip_line()
        self.assertAlmostEqual(line.total, 3000)
        self.assertEqual(line.name, "KPI none")

    def test_demo_rule_reads_the_coefficient(self):
        rule = self.env.ref("dealer_org_payroll.hr_salary_rule_kpi_performance_pay", raise_if_not_found=False)
        if not rule:
            self.skipTest("installed without demo data")
        self.assertIn("payroll.kpi.coefficient", rule.amount_python_compute)
