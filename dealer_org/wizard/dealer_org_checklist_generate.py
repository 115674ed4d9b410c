from odoo import api, fields, models

from ..models.dealer_org_checklist import PERIOD_TYPES


class DealerOrgChecklistGenerate(models.TransientModel):
    _name = "dealer_org.checklist.generate"
    _description = "Generate Duty Checklists"

    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="Checklists are generated for the periods containing this date.",
    )
    period_type = fields.Selection(PERIOD_TYPES, "Period", help="Leave empty for every period.")
    employee_ids = fields.Many2many("hr.employee", string="Employees")
    job_ids = fields.Many2many("hr.job", string="Job Positions")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        active_ids = self.env.context.get("active_ids") or []
        model = self.env.context.get("active_model")
        if model == "hr.employee" and "employee_ids" in fields_list:
            res["employee_ids"] = [fields.Command.set(active_ids)]
        elif model == "hr.job" and "job_ids" in fields_list:
            res["job_ids"] = [fields.Command.set(active_ids)]
        return res

    def action_generate(self):
        self.ensure_one()
        employees = None
        if self.employee_ids or self.job_ids:
            employees = self.employee_ids | self.env["hr.employee"].search(
                [("job_id", "in", self.job_ids.ids)]
            )
        types = [self.period_type] if self.period_type else None
        Checklist = self.env["dealer_org.checklist"]
        checklists = Checklist._generate_checklists(
            employees=employees, on_date=self.date, period_types=types
        )
        if checklists:
            return self._notify(
                self.env._("%(count)s checklists generated.", count=len(checklists)),
                "success",
                next_action=Checklist._action_for(checklists),
            )
        eligible = Checklist._generate_checklists_eligible(employees, types)
        if not eligible:
            return self._notify(
                self.env._(
                    "Nothing to generate: the chosen employees hold no job with recurring duties "
                    "marked as checklist items. Mark duties as checklist items on the job form."
                ),
                "warning",
            )
        return self._notify(
            self.env._("Nothing to generate: the checklists of this period already exist."), "info"
        )

    def _notify(self, message, kind, next_action=None):
        params = {
            "title": self.env._("Generate Checklists"),
            "message": message,
            "type": kind,
            "sticky": False,
        }
        if next_action:
            params["next"] = next_action
        else:
            params["next"] = {"type": "ir.actions.act_window_close"}
        return {"type": "ir.actions.client", "tag": "display_notification", "params": params}
