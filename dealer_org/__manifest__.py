{
    "name": "Dealership Organisation",
    "summary": "Departments, job positions, duties and qualifications of Chinese car "
    "dealerships (4S stores, quick-repair shops, dealer groups), preloaded and bilingual",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Employees",
    "website": "https://github.com/dealer-org/dealer_org",
    "author": "dealer_org developers",
    "license": "LGPL-3",
    "depends": ["hr", "web_hierarchy"],
    "external_dependencies": {"python": ["xmlschema"]},
    "data": [
        "security/ir.model.access.csv",
        "security/dealer_org_security.xml",
        "data/dealer_org_library_data.xml",
        "views/dealer_org_job_duty_views.xml",
        "views/hr_job_views.xml",
        "views/hr_department_views.xml",
        "views/dealer_org_library_views.xml",
        "views/dealer_org_org_template_views.xml",
        "views/dealer_org_source_views.xml",
        "views/dealer_org_menus.xml",
    ],
    "demo": [
        "demo/hr_employee_demo.xml",
    ],
    "installable": True,
    "application": False,
}
