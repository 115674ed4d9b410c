from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# What an employee without HR rights may change on a line of their own checklist.
SELF_SERVICE_FIELDS = {"result", "note"}
# What the line maintains itself: its completion (from the result), who ticked it and when
# (from the result's changes) and its checklist's employee, company, job, department and
# period (stored related fields: the completion rates read by the KPI, and so by payroll,
# are grouped by them). No client writes them, HR included; only the generation (sudo,
# not steerable from RPC) creates lines with their precomputed values.
SYSTEM_FIELDS = {
    "completion",
    "done_by_id",
    "done_on",
    "employee_id",
    "company_id",
    "department_id",
    "job_id",
    "period_type",
    "period_start",
    "checklist_state",
}


class DealerOrgChecklistLine(models.Model):
    _name = "dealer_org.checklist.line"
    _inherit = ["dealer_org.validation.mixin"]
    _description = "Duty Checklist Line"
    _order = "checklist_id, deadline, sequence, id"

    checklist_id = fields.Many2one(
        "dealer_org.checklist", "Checklist", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    duty_id = fields.Many2one(
        "dealer_org.job.duty",
        "Duty",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        help="The job duty the line comes from; the line keeps its text when the duty changes.",
    )
    name = fields.Text("Description", required=True, translate=True)
    deadline = fields.Date("Deadline", required=True, index=True)
    result = fields.Selection(
        [("open", "To Do"), ("done", "Done"), ("not_applicable", "Not Applicable")],
        "Result",
        required=True,
        default="open",
        index=True,
    )
    note = fields.Text("Note")
    done_by_id = fields.Many2one("res.users", "Ticked By", readonly=True, copy=False)
    done_on = fields.Datetime("Ticked On", readonly=True, copy=False)
    completion = fields.Float(
        "Completion (%)",
        compute="_compute_completion",
        store=True,
        aggregator="avg",
        help="100 when the line is done or not applicable, else 0: its average is the completion rate.",
    )
    employee_id = fields.Many2one(related="checklist_id.employee_id", store=True, index=True)
    company_id = fields.Many2one(related="checklist_id.company_id", store=True, index=True)
    department_id = fields.Many2one(related="checklist_id.department_id", store=True)
    job_id = fields.Many2one(related="checklist_id.job_id", store=True)
    period_type = fields.Selection(related="checklist_id.period_type", store=True)
    period_start = fields.Date(related="checklist_id.period_start", store=True)
    checklist_state = fields.Selection(related="checklist_id.state", string="Checklist Status")

    def init(self):
        super().init()
        # The completion rates of a period (_get_completion_rates: the KPI "checklist
        # completion", payroll) by an index-only scan: the lines of the employees and dates
        # asked, with what the query and the company rule read, whatever the history kept.
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS dealer_org_checklist_line_deadline_employee_index
                   ON dealer_org_checklist_line (deadline, employee_id) INCLUDE (result, company_id)"""
        )

    @api.depends("result")
    def _compute_completion(self):
        for line in self:
            line.completion = 0.0 if line.result == "open" else 100.0

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su:
                self._check_no_system_fields(vals)
            if vals.get("result", "open") != "open":
                vals.setdefault("done_by_id", self.env.uid)
                vals.setdefault("done_on", fields.Datetime.now())
        lines = super().create(vals_list)
        if not self.env.su:
            lines._check_company(["duty_id"])
        return lines

    def write(self, vals):
        if "checklist_id" in vals and all(
            line.checklist_id.id == vals["checklist_id"] for line in self.sudo()
        ):
            # The checklist the lines are on already (the ORM writes it for its own commands).
            vals = {name: value for name, value in vals.items() if name != "checklist_id"}
        if not self.env.su:
            self._check_no_system_fields(vals)
            if not self.env.user.has_group("hr.group_hr_user"):
                self._check_self_service(vals)
        if "checklist_id" in vals:
            self._refuse_move()
        if "result" in vals:
            ticked = vals["result"] != "open"
            vals = dict(
                vals,
                done_by_id=self.env.uid if ticked else False,
                done_on=fields.Datetime.now() if ticked else False,
            )
        res = super().write(vals)
        if "duty_id" in vals and not self.env.su:
            self._check_company(["duty_id"])
        if "result" in vals:
            done = self.checklist_id.filtered(lambda checklist: checklist.state == "done")
            done._close_overdue_activities()
        return res

    def _refuse_move(self):
        """A line stays on its checklist: nobody moves it to another one (it would carry its
        result into a checklist, possibly of another employee), HR included."""
        raise UserError(
            self.env._(
                "A checklist line cannot be moved to another checklist (%(field)s). Add the "
                "duty to the job to have it on the next checklists instead.",
                field=self._fields["checklist_id"]._description_string(self.env),
            )
        )

    @api.model
    def _check_no_system_fields(self, vals):
        refused = [name for name in vals if name in SYSTEM_FIELDS]
        if refused:
            raise AccessError(
                self.env._(
                    "%(fields)s of a checklist line cannot be set by hand: they follow its "
                    "result and its checklist.",
                    fields=self._field_labels(refused),
                )
            )

    def _check_self_service(self, vals):
        """A user without HR rights ticks (result, note) only lines of their own checklists
        that are not done yet."""
        # A line of someone else's checklist: the record rules refuse it first.
        self.check_access("write")
        forbidden = set(vals) - SELF_SERVICE_FIELDS
        if forbidden:
            raise AccessError(
                self.env._(
                    "Only HR officers can change the duty or deadline of a checklist line "
                    "(%(fields)s); you can tick it and add a note.",
                    fields=self._field_labels(forbidden),
                )
            )
        locked = self.checklist_id.filtered(lambda checklist: checklist.state == "done")
        if locked:
            raise UserError(
                self.env._(
                    "The checklist %(checklist)s is done and locked: ask HR to reopen it "
                    "if a line must change.",
                    checklist=", ".join(locked.mapped("display_name")),
                )
            )

    @api.model
    def _field_labels(self, names):
        return ", ".join(
            self._fields[name]._description_string(self.env) for name in sorted(names) if name in self._fields
        )

    def action_mark_done(self):
        self.write({"result": "done"})
        return True

    def action_mark_not_applicable(self):
        self.write({"result": "not_applicable"})
        return True

    def action_reset(self):
        self.write({"result": "open"})
        return True
