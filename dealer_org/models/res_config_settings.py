from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    checklist_overdue_activity = fields.Boolean(
        related="company_id.checklist_overdue_activity", readonly=False
    )
    checklist_notify_manager = fields.Boolean(related="company_id.checklist_notify_manager", readonly=False)
    checklist_catch_up_periods = fields.Integer(
        related="company_id.checklist_catch_up_periods", readonly=False
    )
