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

    def action_dealer_org_apply_template(self):
        """The Apply an Organisation Template wizard (HR managers: its action is theirs only)."""
        return self.env["ir.actions.act_window"]._for_xml_id("dealer_org.dealer_org_template_apply_action")
