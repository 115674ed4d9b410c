from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.kpi_scoring import grade_for, period_bounds, period_label, weighted_total
from .dealer_org_kpi import KPI_PERIODS

EVALUATION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("locked", "Locked"),
]
FROZEN_STATES = ("approved", "locked")
# Set by the state actions: the only way to change ``state``.
STATE_CHANGE = "dealer_org_kpi_state_change"
# What a manager (not an HR officer) may change on a team member's evaluation.
MANAGER_FIELDS = {"line_ids", "note"}


class DealerOrgKpiEvaluation(models.Model):
    _name = "dealer_org.kpi.evaluation"
    _description = "KPI Evaluation"
    _inherit = ["mail.thread"]
    _order = "period_start desc, employee_id, id"

    name = fields.Char(compute="_compute_name", store=True)
    employee_id = fields.Many2one(
        "hr.employee", "Employee", required=True, index=True, ondelete="cascade", readonly=True
    )
    job_id = fields.Many2one("hr.job", "Job Position", index=True, readonly=True)
    department_id = fields.Many2one("hr.department", "Department", index=True, readonly=True)
    company_id = fields.Many2one("res.company", "Company", required=True, index=True, readonly=True)
    period_type = fields.Selection(KPI_PERIODS, "Period Type", required=True, default="monthly", readonly=True)
    period_start = fields.Date("Period Start", required=True, index=True, readonly=True)
    period_end = fields.Date("Period End", compute="_compute_period_end", store=True)
    period_name = fields.Char("Period", compute="_compute_name", store=True)
    state = fields.Selection(
        EVALUATION_STATES, required=True, default="draft", readonly=True, tracking=True, index=True
    )
    line_ids = fields.One2many("dealer_org.kpi.evaluation.line", "evaluation_id", "KPIs")
    total_score = fields.Float(
        "Score", compute="_compute_total_score", store=True, digits=(16, 2), aggregator="avg"
    )
    grade = fields.Char(compute="_compute_grade", store=True)
    coefficient = fields.Float(
        "Pay Coefficient", compute="_compute_grade", store=True, digits=(16, 2), aggregator="avg"
    )
    note = fields.Text("Comments")

    _sql_constraints = [
        (
            "employee_period_unique",
            "unique(employee_id, period_type, period_start)",
            "An employee has one KPI evaluation per period.",
        ),
    ]

    @api.depends("employee_id.name", "period_start", "period_type")
    def _compute_name(self):
        for evaluation in self:
            label = (
                period_label(evaluation.period_start, evaluation.period_type)
                if evaluation.period_start and evaluation.period_type
                else ""
            )
            evaluation.period_name = label
            evaluation.name = f"{evaluation.employee_id.name or ''} {label}".strip()

    @api.depends("period_start", "period_type")
    def _compute_period_end(self):
        for evaluation in self:
            evaluation.period_end = (
                period_bounds(evaluation.period_start, evaluation.period_type)[1]
                if evaluation.period_start and evaluation.period_type
                else False
            )

    @api.depends("line_ids.score", "line_ids.weight")
    def _compute_total_score(self):
        for evaluation in self:
            evaluation.total_score = weighted_total((line.score, line.weight) for line in evaluation.line_ids)

    @api.depends("total_score", "company_id")
    def _compute_grade(self):
        tables = self.env["dealer_org.kpi.grade"]._get_tables(self.company_id)
        for evaluation in self:
            band = grade_for(evaluation.total_score, tables.get(evaluation.company_id.id, []))
            evaluation.grade = band.grade if band else False
            evaluation.coefficient = band.coefficient if band else 0.0

    @api.constrains("period_start", "period_type")
    def _check_period_start(self):
        for evaluation in self:
            start = period_bounds(evaluation.period_start, evaluation.period_type)[0]
            if evaluation.period_start != start:
                raise ValidationError(
                    self.env._(
                        "An evaluation period starts on the first day of its month, quarter or year: "
                        "use %(start)s instead of %(given)s.",
                        start=start,
                        given=evaluation.period_start,
                    )
                )

    def _check_one_per_period(self, vals_list):
        """Refuse a second evaluation of an employee for a period, before the database does."""
        keys = [(vals.get("employee_id"), vals.get("period_type"), vals.get("period_start")) for vals in vals_list]
        existing = self.sudo().search_fetch(
            [
                ("employee_id", "in", [key[0] for key in keys]),
                ("period_start", "in", list({key[2] for key in keys})),
            ],
            ["employee_id", "period_type", "period_start"],
        )
        seen = {(e.employee_id.id, e.period_type, e.period_start) for e in existing}
        for key in keys:
            if key in seen:
                raise ValidationError(
                    self.env._(
                        "%(employee)s already has a KPI evaluation for the period starting %(start)s: "
                        "open that one instead of creating another.",
                        employee=self.env["hr.employee"].sudo().browse(key[0]).name,
                        start=key[2],
                    )
                )
            seen.add(key)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("period_start") and vals.get("period_type"):
                vals["period_start"] = period_bounds(
                    fields.Date.to_date(vals["period_start"]), vals["period_type"]
                )[0]
        self._check_one_per_period(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.context.get(STATE_CHANGE):
            if "state" in vals:
                raise UserError(
                    self.env._("Change the state of an evaluation with its buttons (Submit, Approve…).")
                )
            frozen = self.filtered(lambda e: e.state in FROZEN_STATES)
            if frozen and set(vals) & set(self._fields_frozen_when_approved()):
                raise UserError(
                    self.env._(
                        "The evaluation %(evaluation)s is %(state)s and cannot be changed any more; "
                        "an HR manager can reopen it with a reason.",
                        evaluation=frozen[0].display_name,
                        state=dict(self._fields["state"]._description_selection(self.env))[frozen[0].state],
                    )
                )
            if not self.env.user.has_group("hr.group_hr_user"):
                self._check_manager_write(vals)
        return super().write(vals)

    def unlink(self):
        if self.filtered(lambda e: e.state != "draft"):
            raise UserError(
                self.env._("Only draft evaluations can be deleted; reset or reopen the evaluation first.")
            )
        return super().unlink()

    def _fields_frozen_when_approved(self):
        return [
            name
            for name, field in self._fields.items()
            if field.store and not field.compute and not name.startswith("message_") and name != "state"
        ]

    def _check_manager_write(self, vals):
        """A manager fills in the actuals of their team's draft evaluations, nothing else."""
        forbidden = set(vals) - MANAGER_FIELDS
        if forbidden:
            raise AccessError(
                self.env._(
                    "Only HR officers can change %(fields)s of a KPI evaluation; managers enter the "
                    "actual values and comments.",
                    fields=", ".join(self._fields[f].get_description(self.env)["string"] for f in forbidden),
                )
            )
        if self.filtered(lambda e: e.state != "draft"):
            raise UserError(
                self.env._("Only draft evaluations can be filled in; ask HR to send the evaluation back.")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _change_state(self, allowed_from, new_state):
        wrong = self.filtered(lambda e: e.state not in allowed_from)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(evaluation)s is %(state)s: only %(allowed)s evaluations can become %(new)s.",
                    evaluation=wrong[0].display_name,
                    state=labels[wrong[0].state],
                    allowed=" / ".join(labels[s] for s in allowed_from),
                    new=labels[new_state],
                )
            )
        self.with_context(**{STATE_CHANGE: True}).write({"state": new_state})
        return True

    def _check_hr_officer(self, message):
        if not self.env.user.has_group("hr.group_hr_user"):
            raise AccessError(message)

    def action_submit(self):
        """The manager hands the filled-in evaluation to HR."""
        self.check_access("write")
        return self._change_state(("draft",), "submitted")

    def action_reset_to_draft(self):
        """Send a submitted evaluation back to be filled in again."""
        self.check_access("write")
        return self._change_state(("submitted",), "draft")

    def action_approve(self):
        self._check_hr_officer(self.env._("Only HR officers can approve KPI evaluations."))
        return self._change_state(("draft", "submitted"), "approved")

    def action_lock(self):
        self._check_hr_officer(self.env._("Only HR officers can lock KPI evaluations."))
        return self._change_state(("approved",), "locked")

    def action_open_reopen_wizard(self):
        self._check_hr_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen Evaluations"),
            "res_model": "dealer_org.kpi.evaluation.reopen",
            "view_mode": "form",
            "target": "new",
            "context": {"default_evaluation_ids": self.ids},
        }

    def _check_hr_manager(self):
        if not self.env.user.has_group("hr.group_hr_manager"):
            raise AccessError(
                self.env._("Only HR managers (Employees / Administrator) can reopen approved evaluations.")
            )

    def _reopen(self, reason):
        """Back to draft, the reason recorded in each evaluation's chatter."""
        self._check_hr_manager()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for reopening the evaluations."))
        self._change_state(FROZEN_STATES, "draft")
        for evaluation in self:
            evaluation.message_post(
                body=self.env._("Evaluation reopened: %(reason)s", reason=reason.strip()),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_refresh_computed_actuals(self):
        """Reload the actuals that come from a computed source (checklist completion)."""
        drafts = self.filtered(lambda e: e.state == "draft")
        lines = drafts.line_ids.filtered(lambda line: line.source == "checklist_completion")
        for (start, end), group in lines.grouped(
            lambda line: (line.evaluation_id.period_start, line.evaluation_id.period_end)
        ).items():
            rates = self._get_checklist_rates(group.employee_id, start, end)
            for line in group:
                if line.employee_id.id in rates:
                    line.actual = rates[line.employee_id.id]
        return True

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------

    @api.model
    def _cron_generate_evaluations(self):
        """Daily: the evaluations of the current month, quarter and year, where missing."""
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search([])
        for period_type, _label in KPI_PERIODS:
            self._generate(period_type, today, companies)

    @api.model
    def _generate(self, period_type, day, companies, departments=None):
        """Create the missing evaluations of ``period_type`` covering ``day`` for the active
        employees of ``companies`` (and ``departments`` with their sub-departments) whose job
        has active KPIs of that period. Idempotent; a fixed number of queries whatever the
        number of employees. Returns the new evaluations."""
        start, end = period_bounds(day, period_type)
        kpis = self.env["dealer_org.kpi"].search_fetch(
            [("period", "=", period_type), ("job_id.company_id", "in", companies.ids)],
            ["job_id", "sequence", "name", "code", "unit", "direction", "minimum", "target", "maximum",
             "weight", "source"],
        )  # fmt: skip
        if not kpis:
            return self.browse()
        kpis_by_job = kpis.grouped("job_id")
        domain = [("job_id", "in", list({job.id for job in kpis_by_job})), ("company_id", "in", companies.ids)]
        if departments:
            domain.append(("department_id", "child_of", departments.ids))
        employees = self.env["hr.employee"].search_fetch(domain, ["job_id", "department_id", "company_id"])
        existing = set(
            self.search_fetch(
                [
                    ("employee_id", "in", employees.ids),
                    ("period_type", "=", period_type),
                    ("period_start", "=", start),
                ],
                ["employee_id"],
            ).employee_id.ids
        )
        employees = employees.filtered(lambda e: e.id not in existing)
        if not employees:
            return self.browse()
        rates = {}
        if any(kpi.source == "checklist_completion" for kpi in kpis):
            rates = self._get_checklist_rates(employees, start, end)
        vals_list = [
            {
                "employee_id": employee.id,
                "job_id": employee.job_id.id,
                "department_id": employee.department_id.id,
                "company_id": employee.company_id.id,
                "period_type": period_type,
                "period_start": start,
                "line_ids": [
                    fields.Command.create(self.env["dealer_org.kpi.evaluation.line"]._values_from_kpi(
                        kpi, rates.get(employee.id)))
                    for kpi in kpis_by_job[employee.job_id]
                ],
            }
            for employee in employees
        ]  # fmt: skip
        evaluations = self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
        ).create(vals_list)
        evaluations.line_ids._copy_kpi_translations()
        return evaluations.with_env(self.env)

    @api.model
    def _get_checklist_rates(self, employees, date_from, date_to):
        """{employee id: completion rate %} from the duty checklists, when they are installed."""
        if "dealer_org.checklist" not in self.env:
            return {}
        return self.env["dealer_org.checklist"].sudo()._get_completion_rates(employees, date_from, date_to)

    # ------------------------------------------------------------------
    # Payroll
    # ------------------------------------------------------------------

    @api.model
    def _get_results(self, employees, date_from, date_to):
        """{employee id: {...}} of the approved or locked evaluations covering
        [date_from, date_to]; the shortest covering period wins. See docs/kpi.md."""
        evaluations = self.sudo().search_fetch(
            [
                ("employee_id", "in", employees.ids),
                ("state", "in", FROZEN_STATES),
                ("period_start", "<=", date_from),
                ("period_end", ">=", date_to),
            ],
            ["employee_id", "period_type", "period_start", "period_end", "total_score", "grade", "coefficient"],
            order="period_start desc, id",
        )
        results = {}
        for evaluation in evaluations.sorted(lambda e: (e.period_end - e.period_start).days, reverse=True):
            results[evaluation.employee_id.id] = {
                "evaluation_id": evaluation.id,
                "period_type": evaluation.period_type,
                "period_start": evaluation.period_start,
                "period_end": evaluation.period_end,
                "score": evaluation.total_score,
                "grade": evaluation.grade or False,
                "coefficient": evaluation.coefficient,
            }
        return results
