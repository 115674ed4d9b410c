# Run by scripts/test in `odoo-bin shell` between install and `-u dealer_org`:
# HR edits preloaded records; tests/test_upgrade.py then checks the upgrade kept them.

import json

# Chinese active, with dealer_org's terms, so the upgrade also reloads zh_CN.po over HR's edits.
env["res.lang"]._activate_lang("zh_CN")
env["ir.module.module"]._load_module_terms(["dealer_org"], ["zh_CN"])
job = env.ref("dealer_org.job_sales_consultant")
duty = job.duty_ids[0]
removed = job.duty_ids[1]
duty.write({"name": "Edited by HR before the upgrade", "period": "weekly", "weekday": "2"})
duty.with_context(lang="zh_CN").update_field_translations("name", {"zh_CN": "人事修改的职责"})
removed_xmlid = removed.get_external_id()[removed.id]
removed.unlink()
job.write({"headcount": 42, "name": "Senior Sales Consultant"})
department = env.ref("dealer_org.dep_sales")
department.function_ids[:1].write({"name": "Function edited by HR"})
kpi = env.ref("dealer_org.kpi_sales_consultant_sales_target")
kpi.write({"target": 95, "name": "Monthly sales target"})
kpi.with_context(lang="zh_CN").update_field_translations("name", {"zh_CN": "月度销售目标"})
env["ir.config_parameter"].sudo().set_param(
    "dealer_org.test_upgrade_edits",
    json.dumps(
        {
            "duty_id": duty.id,
            "removed_duty_xmlid": removed_xmlid,
            "job_id": job.id,
            "function_id": department.function_ids[:1].id,
            "kpi_id": kpi.id,
        }
    ),
)
env.cr.commit()
