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

    dealer_org_library_update_count = fields.Integer(
        "Library Updates Offered",
        compute="_compute_dealer_org_library_update_count",
        help="Lines (duties, qualifications, KPIs, functions, targets) the library has for the departments "
        "and job positions this company already has from its templates, and they lack.",
    )

    def _compute_dealer_org_library_update_count(self):
        """The current company's only: opening Settings must not compare a group's every store
        (Library Updates compares them all when asked)."""
        count = 0
        if self.env.user.has_group("hr.group_hr_manager"):
            wizard = self.env["dealer_org.template.push"].new(
                {"mode": "updates", "company_ids": [fields.Command.set(self.env.company.ids)]}
            )
            count = sum(len(rows) for _t, _d, _c, rows in wizard._differences())
        for settings in self:
            settings.dealer_org_library_update_count = count

    def action_dealer_org_library_updates(self):
        return self.env["ir.actions.act_window"]._for_xml_id("dealer_org.dealer_org_library_updates_action")

    def action_dealer_org_apply_template(self):
        """The Apply an Organisation Template wizard (HR managers: its action is theirs only)."""
        return self.env["ir.actions.act_window"]._for_xml_id("dealer_org.dealer_org_template_apply_action")
