"""18.0.1.1.0: KPIs, department targets and adapted duty lines carry their origin."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["dealer_org.library"]._backfill_library_origin()
