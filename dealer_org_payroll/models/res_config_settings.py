from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dealer_org_kpi_unapproved_policy = fields.Selection(
        related="company_id.dealer_org_kpi_unapproved_policy", readonly=False
    )
