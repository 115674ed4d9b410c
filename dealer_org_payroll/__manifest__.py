{
    "name": "Dealership Organisation - Payroll",
    "summary": "KPI evaluation results (score, grade, pay coefficient) in OCA payroll salary rules",
    "version": "18.0.1.1.0",
    "category": "Payroll",
    "website": "https://github.com/dealer-org/dealer_org",
    "author": "dealer_org developers",
    "license": "LGPL-3",
    "depends": ["payroll", "dealer_org"],
    "data": [
        "data/res_users_data.xml",
    ],
    "demo": [
        "demo/hr_salary_rule_demo.xml",
    ],
    "installable": True,
    "auto_install": True,
}
