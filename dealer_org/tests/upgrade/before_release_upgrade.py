# Run by scripts/test in `odoo-bin shell` on a database installed (with demo data) from an
# earlier release of dealer_org, with that release's code (passes release and release-chain):
# users work as they would for a while, then the state is recorded for
# tests/test_release_upgrade.py, which runs after the database was upgraded to the checkout.
# Only what every release has is used (the xml ids and models of 18.0.1.0.0 on).
#
# - HR edits, archives and deletes preloaded records (a job renamed in English and Chinese, a
#   duty edited, another deleted, a job deleted, one archived, a department renamed, one
#   deleted, a template deleted, one archived, a source deleted);
# - last month's KPI evaluations are generated, their manual actuals entered, half of them
#   approved (and one locked); checklist lines are ticked;
# - the evaluations (states, scores, grades, coefficients, every line) and the checklist lines
#   are fingerprinted, with what the library of the release delivered.

import datetime
import json

ZH = "zh_CN"
# The superuser stands in for HR in the edits (as in edit_before_upgrade.py: an early release
# let no group delete a template); evaluations are generated and approved by HR's manager.
hr_env = env(user=env.ref("base.user_admin"))
Template = env["dealer_org.org.template"].with_context(active_test=False)
state = {}


def zh(record, field, text):
    record.with_context(lang=ZH).update_field_translations(field, {ZH: text})


def xmlid(record):
    return record.get_external_id()[record.id]


env["res.lang"]._activate_lang(ZH)
module = env["ir.module.module"].sudo().search([("name", "=", "dealer_org")])
state["release"] = module.latest_version
state["delivered_templates"] = sorted(Template.search([]).mapped("code"))
state["delivered_sources"] = sorted(env["dealer_org.source"].search([]).mapped("code"))

# HR's edits, archives and deletions.
job = env.ref("dealer_org.job_sales_consultant")
job.write({"name": "Senior Sales Consultant (HR)", "headcount": 12})
zh(job, "name", "资深销售顾问（人事）")
duty, removed = job.duty_ids[0], job.duty_ids[1]
duty.write({"name": "Duty edited by HR before the release upgrade"})
state["job"] = {
    "id": job.id,
    "duty_id": duty.id,
    "removed_duty_xmlid": xmlid(removed),
    "duties": len(job.duty_ids) - 1,
}
removed.unlink()

deleted_job = env.ref("dealer_org.job_key_account_supervisor")
state["deleted_job"] = {"xmlid": xmlid(deleted_job), "code": deleted_job.library_code}
deleted_job.unlink()
archived_job = env.ref("dealer_org.job_insurance_accessories_specialist")
archived_job.action_archive()
state["archived_job_id"] = archived_job.id

marketing = env.ref("dealer_org.dep_marketing")
marketing.write({"name": "Brand Marketing (HR)"})
zh(marketing, "name", "品牌市场部（人事）")
state["renamed_department_id"] = marketing.id
finance = env.ref("dealer_org.dep_finance")
state["deleted_department"] = {"xmlid": xmlid(finance), "code": finance.library_code}
finance.unlink()

group_hq = Template.search([("code", "=", "group_hq")])
state["deleted_template"] = group_hq.code
group_hq.unlink()
archived_template = Template.search([("code", "=", "sales_company")])
archived_template.action_archive()
state["archived_template_id"] = archived_template.id
source = env.ref("dealer_org.source_s13")
state["deleted_source"] = source.code
source.unlink()

# Last month's evaluations: generated, actuals entered, half approved, one of those locked.
Evaluation = hr_env["dealer_org.kpi.evaluation"]
companies = hr_env["res.company"].search([])
last_month = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
Evaluation._generate("monthly", last_month, companies)
evaluations = Evaluation.search([("period_type", "=", "monthly")], order="id")
assert len(evaluations) >= 4, f"last month's evaluations: {len(evaluations)}"
for index, line in enumerate(evaluations.line_ids.filtered(lambda line: line.source == "manual")):
    line.actual = line.minimum + (line.target - line.minimum) * (index % 5) / 4
approved = evaluations[::2]
approved.action_approve()
approved[:1].action_lock()
state["approved"] = approved.ids

# Checklist lines ticked: every other line of every checklist.
Line = hr_env["dealer_org.checklist.line"]
lines = Line.search([], order="id")
assert lines, "the demo store's checklists"
lines[::2].write({"result": "done"})
lines[1::4].write({"result": "not_applicable"})


def fingerprint_evaluation(evaluation):
    return [
        evaluation.employee_id.id,
        evaluation.period_type,
        str(evaluation.period_start),
        evaluation.state,
        round(evaluation.total_score, 2),
        evaluation.grade or "",
        round(evaluation.coefficient, 2),
        sorted(
            [
                line.code,
                line.weight,
                line.minimum,
                line.target,
                line.maximum,
                line.actual,
                round(line.score, 2),
            ]
            for line in evaluation.line_ids
        ),
    ]


env.invalidate_all()
state["evaluations"] = {str(e.id): fingerprint_evaluation(e) for e in Evaluation.search([])}
state["checklist_lines"] = {str(line.id): line.result for line in Line.search([])}
env["ir.config_parameter"].sudo().set_param("test.dealer_org_release_upgrade", json.dumps(state))
env.cr.commit()
