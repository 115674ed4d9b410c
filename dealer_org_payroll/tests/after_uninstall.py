# Run by scripts/test in `odoo-bin shell` after uninstalling dealer_org_payroll (the payroll
# database, tests/before_uninstall.py and tests/uninstall.py): the pay of the past is kept, and
# no salary rule reads payroll.kpi, which no longer exists. Exits non-zero naming what is wrong.

import json
import re
import sys
from datetime import date

env = env  # noqa: F821,PLW0127
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def reads_kpi(code):
    return any(
        re.search(r"\bpayroll\s*\.\s*kpi\b", line.split("#", 1)[0]) for line in (code or "").splitlines()
    )


Param = env["ir.config_parameter"].sudo()
before = json.loads(Param.get_param("dealer_org_payroll.test_before_uninstall") or "{}")
check(before, "nothing recorded by before_uninstall.py")
module = env["ir.module.module"].search([("name", "=", "dealer_org_payroll")])
check(module.state == "uninstalled", f"dealer_org_payroll is {module.state}, not uninstalled")
check(
    not env["ir.model.data"].search_count([("module", "=", "dealer_org_payroll")]),
    "xml ids of dealer_org_payroll are left",
)
check("kpi_evaluation_id" not in env["hr.payslip.line"]._fields, "the bridge's fields are still there")

Rule = env["hr.salary.rule"].with_context(active_test=False)
if before:
    payslip = env["hr.payslip"].browse(before["payslip"]).exists()
    check(payslip and payslip.state == "done", "the confirmed payslip is gone or changed state")
    lines = {line.code: line.total for line in payslip.line_ids}
    check(lines == before["lines"], f"the payslip's lines changed: {before['lines']} -> {lines}")

    kpi_rule = Rule.browse(before["kpi_rule"]).exists()
    check(kpi_rule, "the rule KPI_PERF that past payslip lines name was deleted")
    if kpi_rule:
        check(not kpi_rule.active, "the rule KPI_PERF is still active")
        check(kpi_rule.category_id.id == before["kpi_category"], "the rule KPI_PERF lost its category")
        check(kpi_rule.name, "the rule KPI_PERF lost its name")
    hr_rule = Rule.browse(before["hr_rule"]).exists()
    check(hr_rule and not hr_rule.active, "HR's rule whose condition read payroll.kpi is not archived")
    check(hr_rule and "payroll.kpi.grade" in hr_rule.condition_python, "HR's former condition is not kept")

    structure = env["hr.payroll.structure"].browse(before["structure"]).exists()
    contract = env["hr.contract"].browse(before["contract"])
    check(structure and contract.struct_id == structure, "the contract lost its structure")
    check(structure.parent_id.id == before["base_structure"], "the structure lost its parent")
    check(
        env["hr.payroll.structure"].browse(before["hr_structure"]).exists().parent_id == structure,
        "HR's structure lost its parent",
    )
    # the kept structure still computes the rest of the salary
    new = env["hr.payslip"].create(
        {
            "employee_id": contract.employee_id.id,
            "contract_id": contract.id,
            "struct_id": structure.id,
            "date_from": date(2020, 2, 1),
            "date_to": date(2020, 2, 29),
        }
    )
    try:
        new.compute_sheet()
    except Exception as error:  # noqa: BLE001
        problems.append(f"a payslip on the kept structure cannot be computed: {error}")
    else:
        computed = {line.code: line.total for line in new.line_ids}
        check(computed == {"BASIC": 4200, "GROSS": 4200, "NET": 4200}, f"a new payslip computes {computed}")
    env.cr.rollback()

for rule in Rule.search([]):
    for field in ("amount_python_compute", "condition_python", "quantity", "amount_percentage_base"):
        check(
            not reads_kpi(rule[field]), f"the rule {rule.code} ({rule.id}) still reads payroll.kpi in {field}"
        )

Param.search([("key", "=", "dealer_org_payroll.test_before_uninstall")]).unlink()
env.cr.commit()
if problems:
    sys.stderr.write("after uninstalling dealer_org_payroll:\n  " + "\n  ".join(problems) + "\n")
    sys.exit(1)
