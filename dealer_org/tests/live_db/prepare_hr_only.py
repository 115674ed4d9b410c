# Run with `odoo-bin shell` on a database where only Odoo's hr is installed (scripts/live_db_check):
# what HR typed before dealer_org, as in issue 17 — 销售部 with the job 销售顾问 and 3 employees,
# typed in Chinese, and Sales / Sales Consultant typed in English, in the database's one company.
# Not a pytest module (no test_ prefix): `env` is the shell's.
for code in ("en_US", "zh_CN"):
    env["res.lang"]._activate_lang(code)  # noqa: F821
company = env.ref("base.main_company")  # noqa: F821
zh = env(context={"lang": "zh_CN"})  # noqa: F821
en = env(context={"lang": "en_US"})  # noqa: F821
sales_zh = zh["hr.department"].create({"name": "销售部", "company_id": company.id})
consultant_zh = zh["hr.job"].create(
    {"name": "销售顾问", "company_id": company.id, "department_id": sales_zh.id}
)
zh["hr.employee"].create(
    [
        {
            "name": f"销售顾问{n}",
            "company_id": company.id,
            "department_id": sales_zh.id,
            "job_id": consultant_zh.id,
        }
        for n in (1, 2, 3)
    ]
)
sales_en = en["hr.department"].create({"name": "Sales", "company_id": company.id})
consultant_en = en["hr.job"].create(
    {"name": "Sales Consultant", "company_id": company.id, "department_id": sales_en.id}
)
en["hr.employee"].create(
    {
        "name": "Sales Consultant 1",
        "company_id": company.id,
        "department_id": sales_en.id,
        "job_id": consultant_en.id,
    }
)
env.cr.commit()  # noqa: F821
print("prepared", sales_zh.id, consultant_zh.id, sales_en.id, consultant_en.id)
