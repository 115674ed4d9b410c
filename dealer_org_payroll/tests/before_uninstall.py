# Run by scripts/test in `odoo-bin shell` on the payroll database after the bridge's tests, just
# before dealer_org_payroll is uninstalled (tests/uninstall.py, then tests/after_uninstall.py):
# pay as a store would have. 陈静 (demo) gets a contract on the shipped structure Performance Pay
# (绩效工资), her January 2020 evaluation is approved and her payslip computed and confirmed: its
# KPI line used the shipped rule KPI_PERF. HR also wrote a rule of their own whose condition reads
# payroll.kpi (a bonus for grade A) in a structure of theirs. What after_uninstall.py checks is
# recorded in a parameter.

import json
from datetime import date

env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821
admin = env.ref("base.user_admin")
employee = env.ref("dealer_org.employee_consultant_1")
structure = env.ref("dealer_org_payroll.hr_payroll_structure_performance_pay")
kpi_rule = env.ref("dealer_org_payroll.hr_salary_rule_kpi_performance_pay")
period = (date(2020, 1, 1), date(2020, 1, 31))

evaluation = (
    env["dealer_org.kpi.evaluation"]
    ._generate("monthly", period[0], employee.company_id, employee.department_id)
    .filtered(lambda e: e.employee_id == employee)
)
assert len(evaluation) == 1, evaluation
for line in evaluation.line_ids:
    line.actual = line.target
evaluation.with_user(admin).action_approve()
contract = env["hr.contract"].create(
    {
        "name": "Before uninstall contract",
        "employee_id": employee.id,
        "wage": 6000,
        "struct_id": structure.id,
        "date_start": period[0],
        "state": "open",
    }
)
payslip = env["hr.payslip"].create(
    {
        "employee_id": employee.id,
        "contract_id": contract.id,
        "struct_id": structure.id,
        "date_from": period[0],
        "date_to": period[1],
    }
)
payslip.compute_sheet()
payslip.action_payslip_done()
kpi_line = payslip.line_ids.filtered(lambda line: line.salary_rule_id == kpi_rule)
assert kpi_line and kpi_line.kpi_evaluation_id == evaluation, payslip.line_ids

hr_rule = env["hr.salary.rule"].create(
    {
        "name": "Grade A bonus",
        "code": "HR_GRADE_A",
        "sequence": 50,
        "category_id": kpi_rule.category_id.id,
        "condition_select": "python",
        "condition_python": "result = payroll.kpi.grade == 'A'",
        "amount_select": "fix",
        "amount_fix": 300,
    }
)
hr_structure = env["hr.payroll.structure"].create(
    {
        "name": "Store bonus",
        "code": "STORE_BONUS",
        "parent_id": structure.id,
        "rule_ids": [(6, 0, hr_rule.ids)],
    }
)
env["ir.config_parameter"].sudo().set_param(
    "dealer_org_payroll.test_before_uninstall",
    json.dumps(
        {
            "payslip": payslip.id,
            "lines": {line.code: line.total for line in payslip.line_ids},
            "contract": contract.id,
            "kpi_rule": kpi_rule.id,
            "kpi_category": kpi_rule.category_id.id,
            "structure": structure.id,
            "base_structure": structure.parent_id.id,
            "hr_rule": hr_rule.id,
            "hr_structure": hr_structure.id,
        }
    ),
)
env.cr.commit()
