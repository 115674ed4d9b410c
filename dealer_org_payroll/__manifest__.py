{
    "name": "Dealership Organisation - Payroll",
    "summary": "KPI evaluation results (score, grade, pay coefficient) in OCA payroll salary rules",
    "version": "18.0.1.3.0",
    "category": "Payroll",
    "website": "https://github.com/dealer-org/dealer_org",
    "author": "dealer_org developers",
    "license": "LGPL-3",
    "depends": ["payroll", "dealer_org"],
    "data": [
        "data/res_users_data.xml",
        "data/hr_payroll_structure_data.xml",
        "views/hr_payslip_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dealer_org_payroll/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "installable": True,
    "auto_install": True,
}
