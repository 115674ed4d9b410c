from odoo import api, fields, models

from ..models.dealer_org_checklist import PERIOD_TYPES


class DealerOrgChecklistGenerate(models.TransientModel):
    """Generate the checklists of a date for chosen employees or jobs (or everyone).

    It acts only on the active employees the user may read in the companies they work in
    (``self.env.companies``, which Odoo checks against the user's companies): the
    generation itself runs as superuser for all companies, so the wizard passes it that
    scope, whatever ids a client put in the selection. A selection of which nothing is
    left after that generates nothing (and says so): an empty selection means everyone,
    a filtered-out one never does.
    """

    _name = "dealer_org.checklist.generate"
    _inherit = ["dealer_org.validation.mixin"]
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
        employees = self._employees_in_scope()
        if employees is None:
            return self._notify(
                self.env._(
                    "Nothing to generate: you cannot manage any of the chosen employees or job "
                    "positions in the companies selected in the company switcher. Check the "
                    "selection, or switch to their company."
                ),
                "warning",
            )
        if not employees and self.sudo().with_context(active_test=False).employee_ids and not self.job_ids:
            return self._notify(
                self.env._(
                    "Nothing to generate: none of the chosen employees is active (archived employees "
                    "get no checklists), and nobody active holds the chosen job positions."
                ),
                "warning",
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

    def _employees_in_scope(self):
        """The employees to generate for: those of the selection (chosen employees and the
        holders of the chosen jobs) or, without a selection, all, as far as the user may
        read them in their current companies. None when something was selected but the
        user may read none of it there.

        The selection is read as superuser and with the archived records: read as the user,
        the ids the record rules hide vanish, and read with active_test the archived employees
        and jobs do; a selection hidden or archived entirely would look empty, that is
        "everyone". A selection left with nobody active generates nothing."""
        raw = self.sudo().with_context(active_test=False)
        Employee = self.env["hr.employee"].with_context(active_test=True)
        scope = [("company_id", "in", self.env.companies.ids)]
        if not (raw.employee_ids or raw.job_ids):
            return Employee.search(scope)
        chosen = Employee.with_context(active_test=False).search([*scope, ("id", "in", raw.employee_ids.ids)])
        jobs = self.env["hr.job"].with_context(active_test=False).search([("id", "in", raw.job_ids.ids)])
        if not (chosen or jobs):
            return None
        return chosen.filtered("active") | Employee.search([*scope, ("job_id", "in", jobs.ids)])

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
