# Run by scripts/test in `odoo-bin shell` between install and `-u dealer_org`:
# HR edits, archives and deletes preloaded records through the ORM, as the UI would (the
# superuser stands in for HR); tests/test_upgrade.py then checks that the upgrade kept every
# edit, brought nothing deleted back and left every invariant holding.
# Only the last step is not something HR could do: it records markers of the state before the
# upgrade (see PRE-UPGRADE MARKERS below), so that the test can prove an upgrade ran.

import json

from odoo import Command

ZH = "zh_CN"


def xmlid(record):
    return record.get_external_id()[record.id]


def zh(record, field, text):
    record.with_context(lang=ZH).update_field_translations(field, {ZH: text})


# Chinese active, with dealer_org's terms, so the upgrade also reloads zh_CN.po over HR's edits.
env["res.lang"]._activate_lang(ZH)
env["ir.module.module"]._load_module_terms(["dealer_org"], [ZH])
edits = {}

# A duty edited (English and Chinese), another one deleted; the job renamed.
job = env.ref("dealer_org.job_sales_consultant")
duty = job.duty_ids[0]
removed = job.duty_ids[1]
duty.write({"name": "Edited by HR before the upgrade", "period": "weekly", "weekday": "2"})
zh(duty, "name", "人事修改的职责")
edits["removed_duty_xmlid"] = xmlid(removed)
edits["removed_duty_name"] = removed.with_context(lang="en_US").name
removed.unlink()
job.write({"headcount": 42, "name": "Senior Sales Consultant"})
edits.update(duty_id=duty.id, job_id=job.id)

department = env.ref("dealer_org.dep_sales")
department.function_ids[:1].write({"name": "Function edited by HR"})
edits["function_id"] = department.function_ids[:1].id

# Department targets: the sales department's edited (English, Chinese, a figure); the finance
# department's go with the department, deleted below; an adapted duty's mark removed (the
# upgrade's backfill of older databases must bring none of it back).
sales_target = department.target_ids[:1]
assert sales_target, "the default organisation's sales department has its target"
sales_target.write({"name": "Sales target edited by HR", "target": 90})
zh(sales_target, "name", "人事修改的销售目标")
edits["sales_target_id"] = sales_target.id
edits["finance_target_codes"] = env.ref("dealer_org.dep_finance").target_ids.mapped("code")
assert edits["finance_target_codes"], "the default organisation's finance department has its targets"
adapted = env["dealer_org.job.duty"].search([("is_adapted", "=", True)], limit=1)
assert adapted, "the default organisation has duties in adapted wording"
adapted.is_adapted = False
edits["unmarked_adapted_duty_id"] = adapted.id

# A KPI edited (English and Chinese).
kpi = env.ref("dealer_org.kpi_sales_consultant_sales_target")
kpi.write({"target": 95, "name": "Monthly sales target"})
zh(kpi, "name", "月度销售目标")
edits["kpi_id"] = kpi.id

# A preloaded job that has KPIs, duties and qualifications deleted (the database cascades
# to them, leaving their xml ids dangling).
deleted_job = env.ref("dealer_org.job_key_account_supervisor")
edits["deleted_job"] = {
    "xmlid": xmlid(deleted_job),
    "library_code": deleted_job.library_code,
    "kpi_xmlids": [xmlid(k) for k in deleted_job.kpi_ids],
    "duty_xmlids": [xmlid(d) for d in deleted_job.duty_ids],
}
assert deleted_job.kpi_ids and deleted_job.duty_ids
deleted_job.unlink()

# A KPI deleted from another job, HR re-balancing the remaining weights to 100 in the same save
# (the job's KPIs page).
manager_job = env.ref("dealer_org.job_sales_manager")
complaints = env.ref("dealer_org.kpi_sales_manager_complaints")
checklist = env.ref("dealer_org.kpi_sales_manager_checklist")
edits["deleted_kpi"] = {"xmlid": xmlid(complaints), "job_id": manager_job.id, "code": complaints.code}
manager_job.write(
    {
        "kpi_ids": [
            Command.delete(complaints.id),
            Command.update(checklist.id, {"weight": checklist.weight + complaints.weight}),
        ]
    }
)
edits["rebalanced_kpi"] = {"id": checklist.id, "weight": checklist.weight}

# A job archived (its KPIs stay as they are).
archived_job = env.ref("dealer_org.job_insurance_accessories_specialist")
archived_job.action_archive()
edits["archived_job_id"] = archived_job.id

# The grade table: the lowest (0) band given a new grade, coefficient and description (it cannot
# be deleted while other bands exist), another default band deleted, and a company of its own
# with a table that starts at 0.
lowest = env.ref("dealer_org.kpi_grade_d")
lowest.write({"grade": "E", "coefficient": 0.4, "description": "Below expectations"})
zh(lowest, "description", "未达预期")
edits["edited_band_id"] = lowest.id
band_c = env.ref("dealer_org.kpi_grade_c")
edits["deleted_band"] = {"xmlid": xmlid(band_c), "min_score": band_c.min_score}
band_c.unlink()
store = env["res.company"].create({"name": "Upgrade Check Dealership"})
env["dealer_org.kpi.grade"].create(
    [
        {"company_id": store.id, "min_score": 0, "grade": "Low", "coefficient": 0.6},
        {"company_id": store.id, "min_score": 80, "grade": "High", "coefficient": 1.1},
    ]
)
edits["store_id"] = store.id

# A source document edited (English and Chinese) and another one deleted: the deleted one is
# linked to the library catalogue, templates, departments and jobs.
edited_source = env.ref("dealer_org.source_s01")
edited_source.write({"name": "Source renamed by HR"})
zh(edited_source, "name", "人事改名的来源")
edits["edited_source_id"] = edited_source.id
deleted_source = env.ref("dealer_org.source_s13")
assert deleted_source.job_ids
edits["deleted_source"] = {"xmlid": xmlid(deleted_source), "code": deleted_source.code}
deleted_source.unlink()

# Departments: one renamed (English and Chinese), one archived, one deleted.
renamed_department = env.ref("dealer_org.dep_marketing")
renamed_department.write({"name": "Brand Marketing"})
zh(renamed_department, "name", "品牌市场部")
edits["renamed_department_id"] = renamed_department.id
archived_department = env.ref("dealer_org.dep_customer_service")
archived_department.action_archive()
edits["archived_department_id"] = archived_department.id
deleted_department = env.ref("dealer_org.dep_finance")
edits["deleted_department"] = {
    "xmlid": xmlid(deleted_department),
    "library_code": deleted_department.library_code,
    "function_xmlids": [xmlid(f) for f in deleted_department.function_ids],
}
deleted_department.unlink()

# Templates: one renamed (English and Chinese), one archived, one deleted.
Template = env["dealer_org.org.template"].with_context(active_test=False)
renamed_template = Template.search([("code", "=", "honda_4s")])
renamed_template.write({"name": "Honda store (HR's version)"})
zh(renamed_template, "name", "本田店（人事版）")
edits["renamed_template_id"] = renamed_template.id
archived_template = Template.search([("code", "=", "sales_company")])
archived_template.action_archive()
edits["archived_template_id"] = archived_template.id
deleted_template = Template.search([("code", "=", "group_hq")])
edits["deleted_template"] = {"xmlid": xmlid(deleted_template), "code": deleted_template.code}
deleted_template.unlink()

# PRE-UPGRADE MARKERS (not HR actions): the module's recorded version is set back, so that only
# a real `-u dealer_org` restores it, and the ids of the library catalogue lines are noted:
# every upgrade rebuilds them (dealer_org.library._sync_library), so they all get new ids.
edits["catalogue_line_max_id"] = max(env["dealer_org.library.line"].search([]).ids)
env.cr.execute("UPDATE ir_module_module SET latest_version = '18.0.0.0.0' WHERE name = 'dealer_org'")
edits["version_before_upgrade"] = "18.0.0.0.0"

env["ir.config_parameter"].sudo().set_param("dealer_org.test_upgrade_edits", json.dumps(edits))
env.cr.commit()
