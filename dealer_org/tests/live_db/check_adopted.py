# Run with `odoo-bin shell` after `-i dealer_org` on the database prepare_hr_only.py made
# (scripts/live_db_check). Fails (exception, non-zero exit) unless the install adopted HR's
# organisation: one 销售部 and one 销售顾问, HR's, with their names, employees, place, the library
# code and the template's lines; HR's Sales / Sales Consultant left as they were; the rest of the
# standard 4S structure created once.
from odoo.addons.dealer_org.tools.library import load_library

library = load_library()
spec = library.default_template
Data = env["ir.model.data"]  # noqa: F821


def by_name(model, name):
    records = env[model].with_context(active_test=False).search([])  # noqa: F821
    return records.filtered(
        lambda r: name in (r.with_context(lang="en_US").name, r.with_context(lang="zh_CN").name)
    )


def module_owned(records):
    return Data.search(
        [("model", "=", records._name), ("res_id", "in", records.ids), ("module", "=", "dealer_org")]
    )


problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


company = env["res.company"].search([])  # noqa: F821
check(len(company) == 1, f"one company expected, found {company.mapped('name')}")
sales = by_name("hr.department", "销售部")
check(len(sales) == 1, f"one 销售部, found {len(sales)}")
check(sales.mapped("library_code") == ["sales"], f"销售部 adopted as sales: {sales.mapped('library_code')}")
check(not module_owned(sales), "销售部 is HR's record: no dealer_org xml id")
check(sales.with_context(lang="en_US").mapped("name") == ["销售部"], "销售部 keeps the name HR typed")
consultants = by_name("hr.job", "销售顾问") | by_name("hr.job", "Sales Consultant")
check(len(consultants) == 2, f"HR's two consultant jobs and no other, found {len(consultants)}")
check(not module_owned(consultants), "no consultant job created by dealer_org")
adopted = consultants.filtered(lambda j: j.library_code == "sales_consultant")
check(len(adopted) == 1 and adopted.department_id == sales, "销售顾问 in 销售部 adopted")
check(sum(adopted.mapped("no_of_employee")) == 3, "its 3 employees stay")
check(adopted.duty_ids and adopted.kpi_ids, "the adopted job received the template's duties and KPIs")
check(adopted.parent_id.mapped("library_code") == ["showroom_supervisor"], "and its superior")
english = consultants - adopted
check(
    english.department_id.mapped("name") == ["Sales"] and not any(english.mapped("library_code")),
    "HR's Sales Consultant left as it was",
)
check(len(english.employee_ids) == 1, "with its employee")
jobs = env["hr.job"].search([("library_code", "!=", False)])  # noqa: F821
check(len(jobs) == len(spec.jobs), f"{len(spec.jobs)} template jobs, found {len(jobs)}")
check(len(module_owned(jobs)) == len(spec.jobs) - 1, "the created jobs carry xml ids, the adopted one not")
departments = env["hr.department"].search([("library_code", "!=", False)])  # noqa: F821
check(
    len(departments) == len(spec.departments),
    f"{len(spec.departments)} departments, found {len(departments)}",
)
if problems:
    raise SystemExit("live database check FAILED:\n- " + "\n- ".join(problems))
print(f"live database check passed: 销售部 and 销售顾问 adopted, {len(jobs) - 1} jobs created")
