# Run by scripts/test in `odoo-bin shell` after tests/upgrade/before_uninstall.py uninstalled
# dealer_org (pass uninstall): HR's organisation is all there (every department and job, every
# employee with the job, department and manager they had, every user), and dealer_org left
# nothing behind (module data, columns on HR's tables, parameters, crons and their actions and
# triggers, SQL functions and triggers, tables, indexes, views, sequences). Each check prints
# one line; the result ("passed failed") goes to $DEALER_ORG_CHECK_RESULT and the script exits
# non-zero when one failed. On success the recorded state is kept in the parameter
# test.dealer_org_reinstall for the tests after the reinstall (tests/test_reinstall.py).

import json
import os
import sys

with open(os.environ["DEALER_ORG_CHECK_FILE"], encoding="utf-8") as handle:
    before = json.load(handle)
results = []


def check(name, problems):
    problems = list(problems)
    results.append(not problems)
    shown = "; ".join(str(p) for p in problems[:5]) + (f" … ({len(problems)})" if len(problems) > 5 else "")
    print(
        f"[dealer_org] uninstall: {'ok' if not problems else 'FAILED'}: {name}"
        + (f": {shown}" if problems else ""),
        file=sys.stderr,
    )


def rows(query, *args):
    env.cr.execute(query, args)
    return env.cr.fetchall()


module = env["ir.module.module"].search([("name", "=", "dealer_org")])
check("dealer_org is uninstalled", [] if module.state == "uninstalled" else [module.state])

Department = env["hr.department"].with_context(active_test=False, lang="en_US")
Job = env["hr.job"].with_context(active_test=False, lang="en_US")
Employee = env["hr.employee"].with_context(active_test=False)
departments = {str(d.id): [d.name, d.company_id.id, d.parent_id.id, d.active] for d in Department.search([])}
jobs = {str(j.id): [j.name, j.company_id.id, j.department_id.id, j.active] for j in Job.search([])}
employees = {
    str(e.id): [e.name, e.job_id.id, e.department_id.id, e.parent_id.id] for e in Employee.search([])
}
for kind, now in (("departments", departments), ("jobs", jobs), ("employees", employees)):
    check(
        f"every {kind[:-1]} kept as it was ({len(before[kind])})",
        [
            f"{key} {value} is now {now.get(key, 'deleted')}"
            for key, value in before[kind].items()
            if now.get(key) != value
        ],
    )
check(
    "every user kept",
    set(before["users"]) - set(env["res.users"].with_context(active_test=False).search([]).ids),
)
hired = Employee.browse(before["hired_id"])
check(
    "the employee HR hired keeps a job and a department",
    [] if hired.job_id and hired.department_id else [hired],
)
check("no xml id of dealer_org", rows("SELECT model, name FROM ir_model_data WHERE module = 'dealer_org'"))
check(
    "HR's records carry no dangling xml id",
    rows(
        """SELECT d.module, d.name FROM ir_model_data d
            WHERE d.model IN ('hr.department', 'hr.job', 'hr.employee')
              AND NOT EXISTS (SELECT 1 FROM hr_department WHERE d.model = 'hr.department' AND id = d.res_id)
              AND NOT EXISTS (SELECT 1 FROM hr_job WHERE d.model = 'hr.job' AND id = d.res_id)
              AND NOT EXISTS (SELECT 1 FROM hr_employee WHERE d.model = 'hr.employee' AND id = d.res_id)"""
    ),
)
check(
    "no model or field of dealer_org", rows("SELECT model FROM ir_model WHERE model LIKE 'dealer\\_org.%%'")
)
check(
    "no column of dealer_org on HR's tables",
    [
        f"{table}.{column}"
        for table, column in before["columns"]
        if rows(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            table,
            column,
        )
    ],
)
check(
    "no dealer_org.* parameter", rows("SELECT key FROM ir_config_parameter WHERE key LIKE 'dealer\\_org.%%'")
)
check("no cron of dealer_org", rows("SELECT id FROM ir_cron WHERE id = ANY(%s)", before["crons"]))
check(
    "no cron trigger or action of dealer_org",
    rows("SELECT id FROM ir_cron_trigger WHERE cron_id = ANY(%s)", before["crons"])
    + rows("SELECT id FROM ir_act_server WHERE id = ANY(%s)", before["actions"]),
)
check(
    "no SQL function or trigger of dealer_org",
    rows(
        "SELECT proname FROM pg_proc WHERE proname LIKE 'dealer\\_org%%' OR proname = ANY(%s)",
        before["functions"],
    )
    + rows("SELECT tgname FROM pg_trigger WHERE tgname LIKE '%%dealer\\_org%%'"),
)
check(
    "no table, index, view or sequence of dealer_org",
    rows(
        """SELECT relname, relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND relname LIKE '%%dealer\\_org%%'"""
    ),
)
menu = env.ref("hr.menu_view_hr_job", raise_if_not_found=False)
check("Odoo's Job Positions menu is back", [] if menu and menu.active else ["hr.menu_view_hr_job inactive"])

passed, failed = results.count(True), results.count(False)
with open(os.environ["DEALER_ORG_CHECK_RESULT"], "w", encoding="utf-8") as handle:
    handle.write(f"{passed} {failed}\n")
if failed:
    sys.exit(1)
env["ir.config_parameter"].sudo().set_param("test.dealer_org_reinstall", json.dumps(before))
env.cr.commit()
