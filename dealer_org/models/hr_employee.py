from odoo import api, fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    checklist_completion_rate = fields.Float(
        "Checklist Completion (%)",
        compute="_compute_checklist_completion",
        groups="hr.group_hr_user",
        help="Checklist lines due in the last 30 days that are done or not applicable, in percent.",
    )
    checklist_count = fields.Integer(
        "Checklists", compute="_compute_checklist_completion", groups="hr.group_hr_user"
    )

    @api.depends_context("uid")
    def _compute_checklist_completion(self):
        Checklist = self.env["dealer_org.checklist"]
        today = fields.Date.context_today(self)
        rates = Checklist._get_completion_rates(self, fields.Date.subtract(today, days=30), today)
        counts = dict(Checklist._read_group([("employee_id", "in", self.ids)], ["employee_id"], ["__count"]))
        for employee in self:
            employee.checklist_completion_rate = rates.get(employee.id, 0.0)
            employee.checklist_count = counts.get(employee, 0)

    def action_open_checklists(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_org.dealer_org_checklist_action_all")
        action["name"] = self.env._("Checklists of %(employee)s", employee=self.name)
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"search_default_filter_last_30_days": 1}
        return action
