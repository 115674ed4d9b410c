"""18.0.1.2.0: checklist lines know whether they were done on time, and "not applicable"
needs a confirmation (docs/kpi.md, "Checklist completion")."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["dealer_org.checklist.line"]._upgrade_completion_rules()
