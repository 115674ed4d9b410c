# Run by scripts/test in `odoo-bin shell` on a copy of the installed database (pass uninstall):
# HR works with the organisation the install created (moves an employee, hires one onto a
# preloaded job, adds a department and a job of its own under a preloaded department), the
# state of HR's organisation and what dealer_org keeps outside its own tables are recorded into
# the JSON file $DEALER_ORG_CHECK_FILE, then dealer_org is uninstalled as from Apps
# (button_immediate_uninstall). tests/upgrade/check_uninstall.py checks the result.

import json
import os

hr = env["hr.employee"].with_context(active_test=False)
Job = env["hr.job"].with_context(active_test=False)
Department = env["hr.department"].with_context(active_test=False)

# HR's work on the preloaded organisation.
sales = env.ref("dealer_org.dep_sales")
consultant = env.ref("dealer_org.job_sales_consultant")
hired = hr.create({"name": "Uninstall Check Hire", "job_id": consultant.id, "department_id": sales.id})
moved = env.ref("dealer_org.employee_test_driver")
moved.write({"job_id": consultant.id})
own_department = Department.create({"name": "HR's Own Department", "parent_id": sales.id})
own_job = Job.create({"name": "HR's Own Job", "department_id": own_department.id})
hr.create({"name": "Uninstall Check Own", "job_id": own_job.id, "department_id": own_department.id})
env.ref("dealer_org.job_insurance_accessories_specialist").action_archive()

state = {
    "hired_id": hired.id,
    "departments": {
        str(d.id): [d.with_context(lang="en_US").name, d.company_id.id, d.parent_id.id, d.active]
        for d in Department.search([])
    },
    "jobs": {
        str(j.id): [j.with_context(lang="en_US").name, j.company_id.id, j.department_id.id, j.active]
        for j in Job.search([])
    },
    "employees": {
        str(e.id): [e.name, e.job_id.id, e.department_id.id, e.parent_id.id] for e in hr.search([])
    },
    "users": env["res.users"].with_context(active_test=False).search([]).ids,
}
assert len(state["jobs"]) >= 38 and len(state["departments"]) >= 7, "the default organisation is installed"

# What dealer_org keeps outside its own tables, to be gone after the uninstall.
env.cr.execute(
    """SELECT m.model, f.name FROM ir_model_fields f
         JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id AND d.module = 'dealer_org'
         JOIN ir_model m ON m.id = f.model_id
        WHERE f.store AND f.ttype NOT IN ('one2many', 'many2many') AND m.model NOT LIKE 'dealer\\_org.%%'"""
)
state["columns"] = [[env[model]._table, name] for model, name in env.cr.fetchall() if model in env]
assert state["columns"], "dealer_org adds columns to HR's tables"
state["crons"] = (
    env["ir.model.data"].search([("module", "=", "dealer_org"), ("model", "=", "ir.cron")]).mapped("res_id")
)
state["actions"] = env["ir.cron"].browse(state["crons"]).ir_actions_server_id.ids
assert len(state["crons"]) == 2
env.cr.execute("SELECT key FROM ir_config_parameter WHERE key LIKE 'dealer\\_org.%%'")
state["parameters"] = [key for (key,) in env.cr.fetchall()]
assert "dealer_org.library_received_codes" in state["parameters"]
env.cr.execute("SELECT proname FROM pg_proc WHERE proname LIKE 'dealer\\_org%%'")
state["functions"] = [name for (name,) in env.cr.fetchall()]
assert state["functions"], "the checklist completion's trigger function"

with open(os.environ["DEALER_ORG_CHECK_FILE"], "w", encoding="utf-8") as handle:
    json.dump(state, handle)
env.cr.commit()

env["ir.module.module"].search([("name", "=", "dealer_org")]).button_immediate_uninstall()
