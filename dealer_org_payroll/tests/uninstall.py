# Run by scripts/test in `odoo-bin shell` (its log checked like an install's): uninstalls the
# bridge as HR would from Apps.

module = env["ir.module.module"].search([("name", "=", "dealer_org_payroll")])  # noqa: F821
assert module.state == "installed", module.state
module.button_immediate_uninstall()
env.cr.commit()  # noqa: F821
