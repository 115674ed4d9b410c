# Run by scripts/test in `odoo-bin shell` on a database with dealer_org and its demo, just before
# `-i dealer_org_payroll`: records every user's groups and every employee's manager, which
# tests/test_install_integrity.py compares with what the install left.

import json

users = env["res.users"].with_context(active_test=False).search([])  # noqa: F821
employees = env["hr.employee"].with_context(active_test=False).search([])  # noqa: F821
env["ir.config_parameter"].sudo().set_param(  # noqa: F821
    "dealer_org_payroll.test_before_install",
    json.dumps(
        {
            "groups": {str(user.id): sorted(user.groups_id.ids) for user in users},
            "parents": {str(employee.id): employee.parent_id.id for employee in employees},
        }
    ),
)
env.cr.commit()  # noqa: F821
