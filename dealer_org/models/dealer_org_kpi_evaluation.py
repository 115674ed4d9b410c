import logging

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, mute_logger
from odoo.tools.sql import column_exists, create_column

from ..tools.kpi_scoring import grade_for, period_bounds, period_label, score_kpi, weighted_total
from .dealer_org_kpi import KPI_PERIODS

_logger = logging.getLogger(__name__)

EVALUATION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("locked", "Locked"),
]
FROZEN_STATES = ("approved", "locked")
# The key under which the state actions pass _STATE_TOKEN in the context. Only the identity
# of the token object unlocks a state change: a JSON-RPC client can send the key with any
# JSON value, never this Python object, so no client can switch the checks off.
STATE_CHANGE = "dealer_org_kpi_state_change"
_STATE_TOKEN = object()
# Computed from the lines and the grade table, or changed by the state actions only.
PROTECTED_FIELDS = {
    "state", "total_score", "grade", "coefficient", "period_end", "period_name", "name", "actuals_entered",
    "active", "archive_reason",
    # calibration (action_calibrate, the calibration wizard): HR's adjusted grade and its trace
    "score_grade", "score_coefficient", "calibrated_grade", "calibrated_coefficient", "calibration_reason",
    "calibrated_by_id", "calibrated_on",
}  # fmt: skip
# Who and which period an evaluation is about: set when it is created, never changed.
IDENTITY_FIELDS = {"employee_id", "company_id", "period_type", "period_start", "job_id", "department_id"}
# What a manager (not an HR officer) may change on a team member's evaluation.
MANAGER_FIELDS = {"line_ids", "note"}
# Weights of an evaluation's KPIs must add up to 100 % (within this tolerance) to submit or approve.
WEIGHT_TOLERANCE = 0.01


def _is_internal(env):
    return env.context.get(STATE_CHANGE) is _STATE_TOKEN


def _is_chatter_field(name):
    return name.startswith(("message_", "activity_")) or name == "website_message_ids"


def has_result(state, actuals_entered):
    """Does an evaluation show a score, grade and pay coefficient? Not while it is a draft
    nobody has entered an actual in: its total is that of empty actuals, not a result."""
    return state != "draft" or bool(actuals_entered)


class DealerOrgKpiEvaluation(models.Model):
    _name = "dealer_org.kpi.evaluation"
    _description = "KPI Evaluation"
    _inherit = ["mail.thread", "dealer_org.validation.mixin"]
    _order = "period_start desc, employee_id, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    active = fields.Boolean(
        default=True,
        readonly=True,
        tracking=True,
        help="Archived evaluations are kept, with the reason in their chatter, and never pay: an "
        "evaluation whose period has started is archived (Archive, with a reason), not deleted.",
    )
    archive_reason = fields.Text(readonly=True, copy=False)
    employee_id = fields.Many2one(
        "hr.employee",
        "Employee",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        check_company=True,
    )
    job_id = fields.Many2one("hr.job", "Job Position", index=True, readonly=True, check_company=True)
    department_id = fields.Many2one(
        "hr.department", "Department", index=True, readonly=True, check_company=True
    )
    company_id = fields.Many2one("res.company", "Company", required=True, index=True, readonly=True)
    period_type = fields.Selection(KPI_PERIODS, required=True, default="monthly", readonly=True)
    period_start = fields.Date(required=True, index=True, readonly=True)
    period_end = fields.Date(compute="_compute_period_end", store=True)
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
    # Calibration (docs/kpi.md, "Calibration"): the grade of the score, and HR's adjusted one.
    score_grade = fields.Char("Grade from Score", compute="_compute_grade", store=True)
    score_coefficient = fields.Float(
        "Coefficient from Score", compute="_compute_grade", store=True, digits=(16, 2), aggregator="avg"
    )
    calibrated_grade = fields.Char(
        readonly=True,
        copy=False,
        help="Set by HR when calibrating the submitted evaluation across stores: it replaces the grade "
        "of the score (and its coefficient) on the evaluation, the sheet and for payroll.",
    )
    calibrated_coefficient = fields.Float(readonly=True, copy=False, digits=(16, 2), aggregator="avg")
    calibration_reason = fields.Text(readonly=True, copy=False)
    calibrated_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    calibrated_on = fields.Datetime(readonly=True, copy=False)
    note = fields.Text("Comments")
    actuals_entered = fields.Boolean(
        readonly=True,
        copy=False,
        help="Someone entered an actual value: until then a draft shows no grade nor coefficient.",
    )
    can_fill = fields.Boolean(
        compute="_compute_can_fill", help="The current user may enter the actuals (HR, or the manager)."
    )
    reweight_note = fields.Char(
        "Re-weighting",
        compute="_compute_reweight_note",
        help="Which KPIs have no data for the period, left out of the score with the weights of the "
        "others re-normalised.",
    )

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

    @api.model
    def _period_label(self, day, period_type):
        return period_label(period_bounds(day, period_type)[0], period_type)

    @api.depends("period_start", "period_type")
    def _compute_period_end(self):
        for evaluation in self:
            evaluation.period_end = (
                period_bounds(evaluation.period_start, evaluation.period_type)[1]
                if evaluation.period_start and evaluation.period_type
                else False
            )

    @api.depends("line_ids.score", "line_ids.weight", "line_ids.not_applicable")
    def _compute_total_score(self):
        """The weighted mean of the applicable KPIs: a KPI without data for the period (no
        checklist due) is left out and the other weights count proportionally."""
        for evaluation in self:
            evaluation.total_score = weighted_total(
                (line.score, line.weight) for line in evaluation.line_ids if not line.not_applicable
            )

    @api.depends("total_score", "company_id", "actuals_entered", "calibrated_grade", "calibrated_coefficient")
    def _compute_grade(self):
        """The band of the grade table the total reaches; none for a draft nobody has entered an
        actual in (has_result): no grade nor coefficient is shown, printed or paid for it. Not
        triggered by the state: locking or any later state change never regrades (submitting
        and approving mark the actuals entered, and compute the grade there and then).
        A calibrated evaluation's grade and coefficient are HR's calibrated ones."""
        tables = self.env["dealer_org.kpi.grade"]._get_tables(self.company_id)
        for evaluation in self:
            band = has_result(evaluation.state, evaluation.actuals_entered) and grade_for(
                evaluation.total_score, tables.get(evaluation.company_id.id, [])
            )
            evaluation.score_grade = band.grade if band else False
            evaluation.score_coefficient = band.coefficient if band else 0.0
            if band and evaluation.calibrated_grade:
                evaluation.grade = evaluation.calibrated_grade
                evaluation.coefficient = evaluation.calibrated_coefficient
            else:
                evaluation.grade = evaluation.score_grade
                evaluation.coefficient = evaluation.score_coefficient

    def _auto_init(self):
        # The grade of the score of existing evaluations is the grade they have (none was
        # calibrated before): filled here, so that adding the columns regrades nothing.
        cr = self.env.cr
        fill = not column_exists(cr, self._table, "score_grade") and column_exists(cr, self._table, "grade")
        if fill:
            create_column(cr, self._table, "score_grade", "varchar")
            create_column(cr, self._table, "score_coefficient", "numeric")
            cr.execute(
                SQL(
                    "UPDATE %s SET score_grade = grade, score_coefficient = coefficient",
                    SQL.identifier(self._table),
                )
            )
        return super()._auto_init()

    @api.depends("line_ids.not_applicable", "line_ids.name")
    def _compute_reweight_note(self):
        for evaluation in self:
            lines = evaluation.line_ids
            missing = lines.filtered("not_applicable")
            evaluation.reweight_note = (
                self.env._(
                    "No data for the period: %(kpis)s. Left out of the score; the weights of the other "
                    "KPIs are re-normalised to add up to 100 %% (Effective Weight), so the weighted "
                    "scores add up to the total score.",
                    kpis=", ".join(missing.mapped("name")),
                )
                if missing and missing != lines
                else False
            )

    @api.depends_context("uid")
    def _compute_can_fill(self):
        fillable = self._filtered_access("write") if self.ids else self
        is_hr = self.env.user.has_group("hr.group_hr_user")
        open_states = ("draft", "submitted") if is_hr else ("draft",)
        for evaluation in self:
            evaluation.can_fill = (
                evaluation in fillable
                and evaluation.state in open_states
                and evaluation.sudo().employee_id.user_id != self.env.user
            )

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
        """Refuse a second evaluation of an employee for a period, before the database does.
        The employees were checked readable by the caller (see create), so naming them reveals
        nothing."""
        keys = [
            (vals.get("employee_id"), vals.get("period_type"), vals.get("period_start")) for vals in vals_list
        ]
        existing = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("employee_id", "in", [key[0] for key in keys]),
                    ("period_start", "in", list({key[2] for key in keys})),
                ],
                ["employee_id", "period_type", "period_start"],
            )
        )
        seen = {(e.employee_id.id, e.period_type, e.period_start) for e in existing}
        for key in keys:
            if key in seen:
                raise ValidationError(
                    self.env._(
                        "%(employee)s already has a KPI evaluation for the period starting %(start)s: "
                        "open that one instead of creating another.",
                        employee=self.env["hr.employee"].browse(key[0]).name,
                        start=key[2],
                    )
                )
            seen.add(key)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """Evaluations are created in draft, for an active employee the user may read, in the
        employee's company; the scores, grade, coefficient and state are never taken from
        the caller."""
        internal = self.env.su or _is_internal(self.env)
        Employee = self.env["hr.employee"].with_context(active_test=False)
        for vals in vals_list:
            self._dealer_org_validate(vals)
            if not internal:
                forged = set(vals) & PROTECTED_FIELDS - {"state"}
                if forged or vals.get("state", "draft") != "draft":
                    raise UserError(
                        self.env._(
                            "A KPI evaluation is created as a draft; its score, grade and pay "
                            "coefficient are computed from its KPIs."
                        )
                    )
            if not vals.get("employee_id"):
                raise ValidationError(self.env._("Choose the employee to evaluate."))
            employee = Employee.browse(vals["employee_id"])
            if not internal:
                employee.check_access("read")
            employee = employee.sudo()
            if not employee.exists() or not employee.active:
                raise ValidationError(
                    self.env._(
                        "KPI evaluations are for active employees: %(employee)s is archived.",
                        employee=employee.name or employee.id,
                    )
                )
            if not internal and employee.user_id == self.env.user:
                raise AccessError(
                    self.env._("Nobody creates, fills in or approves their own KPI evaluation.")
                )
            vals["company_id"] = employee.company_id.id
            vals.setdefault("job_id", employee.job_id.id)
            vals.setdefault("department_id", employee.department_id.id)
            if vals.get("period_start") and vals.get("period_type"):
                vals["period_start"] = period_bounds(
                    fields.Date.to_date(vals["period_start"]), vals["period_type"]
                )[0]
        self._check_one_per_period(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not _is_internal(self.env):
            if {"active", "archive_reason"} & set(vals):
                raise UserError(
                    self.env._(
                        "KPI evaluations are archived and restored with Archive and Unarchive (Actions "
                        "menu), which record the reason in the chatter."
                    )
                )
            protected = set(vals) & PROTECTED_FIELDS
            if protected:
                raise UserError(
                    self.env._(
                        "%(fields)s of a KPI evaluation cannot be set: the score, grade and pay "
                        "coefficient are computed from its KPIs, and the state changes with its "
                        "buttons (Submit, Approve…).",
                        fields=self._field_labels(protected),
                    )
                )
            changes = {name for name in vals if not _is_chatter_field(name)}
            if changes:
                self._check_not_frozen()
                if not self.env.su:
                    self._check_not_own()
                    if not self.env.user.has_group("hr.group_hr_user"):
                        self._check_manager_write(changes)
                if changes & IDENTITY_FIELDS:
                    raise UserError(
                        self.env._(
                            "%(fields)s of a KPI evaluation cannot be changed: create an evaluation "
                            "for the right employee and period instead.",
                            fields=self._field_labels(changes & IDENTITY_FIELDS),
                        )
                    )
        return super().write(vals)

    def unlink(self):
        if self.filtered(lambda e: e.state != "draft"):
            raise UserError(
                self.env._("Only draft evaluations can be deleted; reset or reopen the evaluation first.")
            )
        if not self.env.su:
            self._check_not_own()
            self.check_access("unlink")
            started = self.filtered(lambda e: e.period_start <= fields.Date.context_today(e))
            if started:
                raise UserError(
                    self.env._(
                        "The period of the evaluation %(evaluation)s has started: it is archived, not "
                        "deleted, so that payroll and the chatter keep its trace. Use Archive (Actions "
                        "menu) and give the reason.",
                        evaluation=started[0].display_name,
                    )
                )
        return super().unlink()

    # ------------------------------------------------------------------
    # Archiving: evaluations whose period has started are archived with a reason
    # ------------------------------------------------------------------

    def action_archive(self):
        """Odoo's Archive (list and form menus): asks for the reason first."""
        self._check_archive_rights()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Archive Evaluations"),
            "res_model": "dealer_org.kpi.evaluation.archive",
            "view_mode": "form",
            "target": "new",
            "context": {"default_evaluation_ids": self.ids},
        }

    def _check_archive_rights(self):
        """HR officers archive and restore the open evaluations of their companies, never their
        own; approved and locked ones (what payroll pays) are reopened by an HR manager first."""
        if self.env.su:
            return
        if not self.env.user.has_group("hr.group_hr_user"):
            raise AccessError(self.env._("Only HR officers archive or restore KPI evaluations."))
        self.check_access("write")
        self._check_not_own()
        frozen = self.filtered(lambda e: e.state in FROZEN_STATES)
        if frozen:
            raise UserError(
                self.env._(
                    "The evaluation %(evaluation)s is approved or locked: payroll pays from it. An HR "
                    "manager reopens it (with a reason) before it can be archived.",
                    evaluation=frozen[0].display_name,
                )
            )

    def _archive(self, reason):
        """Archive with ``reason``, recorded on each evaluation and in its chatter. An archived
        evaluation stays readable to HR and never pays (payroll reads it as missing)."""
        self._check_archive_rights()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for archiving the evaluations."))
        evaluations = self.filtered("active")
        evaluations.with_context(**{STATE_CHANGE: _STATE_TOKEN}).write(
            {"active": False, "archive_reason": reason}
        )
        body = self.env._("Evaluation archived: %(reason)s", reason=reason)
        evaluations._message_log_batch(
            {evaluation.id: body for evaluation in evaluations},
            author_id=self.env.user.partner_id.id,
            message_type="comment",
        )
        return True

    def action_unarchive(self):
        """Restore archived evaluations (HR officers, not their own), logged in the chatter."""
        self._check_archive_rights()
        evaluations = self.filtered(lambda e: not e.active)
        evaluations.with_context(**{STATE_CHANGE: _STATE_TOKEN}).write(
            {"active": True, "archive_reason": False}
        )
        body = self.env._("Evaluation restored from the archive.")
        evaluations._message_log_batch(
            {evaluation.id: body for evaluation in evaluations},
            author_id=self.env.user.partner_id.id,
            message_type="comment",
        )
        return True

    def _field_labels(self, names):
        return ", ".join(sorted(self._fields[name]._description_string(self.env) for name in names))

    def _check_not_frozen(self):
        """Approved and locked evaluations change through no write, whoever writes; nor do
        archived ones until restored."""
        frozen = self.filtered(lambda e: e.state in FROZEN_STATES)
        if frozen:
            raise UserError(
                self.env._(
                    "The evaluation %(evaluation)s is %(state)s and cannot be changed any more; "
                    "an HR manager can reopen it with a reason.",
                    evaluation=frozen[0].display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[frozen[0].state],
                )
            )
        self._check_not_archived()

    def _check_not_archived(self):
        archived = self.filtered(lambda e: not e.active)
        if archived:
            raise UserError(
                self.env._(
                    "The evaluation %(evaluation)s is archived: an HR officer restores it (Unarchive) "
                    "before it can be changed.",
                    evaluation=archived[0].display_name,
                )
            )

    def _check_not_own(self):
        """Nobody fills in, submits, approves or reopens their own evaluation, HR included."""
        if self.sudo().filtered(lambda e: e.employee_id.user_id == self.env.user):
            raise AccessError(
                self.env._("Nobody fills in or approves their own KPI evaluation: your manager and HR do.")
            )

    def _check_manager_write(self, changes):
        """A manager fills in the actuals of their team's draft evaluations, nothing else."""
        forbidden = changes - MANAGER_FIELDS
        if forbidden:
            raise AccessError(
                self.env._(
                    "Only HR officers can change %(fields)s of a KPI evaluation; managers enter the "
                    "actual values and comments.",
                    fields=self._field_labels(forbidden),
                )
            )
        if self.filtered(lambda e: e.state != "draft"):
            raise UserError(
                self.env._("Only draft evaluations can be filled in; ask HR to send the evaluation back.")
            )

    def _mark_actuals_entered(self):
        self.filtered(lambda e: not e.actuals_entered).with_context(**{STATE_CHANGE: _STATE_TOKEN}).write(
            {"actuals_entered": True}
        )

    def _check_lines_editable(self, changes):
        """May the current user change the lines of these evaluations? ``changes``: the line
        fields written, or None to add or delete lines. Frozen evaluations refuse everyone;
        nobody edits their own; managers only enter actuals and comments of drafts."""
        self._check_not_frozen()
        if self.env.su:
            return
        self._check_not_own()
        # The evaluation's write rule (team, not own), checked here as well as by the lines'
        # own rule: either alone keeps a colleague's lines out of reach.
        self.check_access("write")
        if self.env.user.has_group("hr.group_hr_user"):
            return
        if changes is None or changes - {"actual", "comment"}:
            raise AccessError(
                self.env._(
                    "Only HR officers can change the KPIs of an evaluation; managers enter the actual "
                    "values and comments."
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
        self._check_not_archived()
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
        self.with_context(**{STATE_CHANGE: _STATE_TOKEN}).write({"state": new_state})
        if new_state == "draft":
            self._clear_calibration()
        return True

    def _check_state_action(self, group, message):
        """The caller's rights for a state action, checked here and nowhere else: the group,
        the record rules (team, company) and separation of duties."""
        if not self.env.su:
            if group and not self.env.user.has_group(group):
                raise AccessError(message)
            self.check_access("write")
            self._check_not_own()
        self._check_not_archived()

    def _check_weights(self):
        for evaluation in self:
            total = sum(evaluation.line_ids.mapped("weight"))
            if abs(total - 100.0) > WEIGHT_TOLERANCE:
                raise UserError(
                    self.env._(
                        "The KPI weights of %(evaluation)s add up to %(total)s %%, not 100 %%: "
                        "correct the weights before submitting or approving.",
                        evaluation=evaluation.display_name,
                        total=round(total, 2),
                    )
                )

    def action_submit(self):
        """The manager hands the filled-in evaluation to HR."""
        self._check_state_action(None, "")
        self._check_weights()
        self._change_state(("draft",), "submitted")
        self._mark_actuals_entered()
        self.flush_recordset(["grade", "coefficient"])  # graded now, with the table in force
        return True

    def action_reset_to_draft(self):
        """Send a submitted evaluation back to be filled in again."""
        self._check_state_action(None, "")
        return self._change_state(("submitted",), "draft")

    def action_approve(self):
        """HR approves: the scores are recomputed from the lines and the grade table in force,
        then frozen for payroll."""
        self._check_state_action(
            "hr.group_hr_user", self.env._("Only HR officers can approve KPI evaluations.")
        )
        self._check_weights()
        self._check_approvable()
        self.env.flush_all()
        self._store_scores()
        self._change_state(("draft", "submitted"), "approved")
        self._mark_actuals_entered()
        self.flush_recordset(["grade", "coefficient"])  # graded now, with the table in force
        return True

    def _check_approvable(self):
        empty = self.filtered(lambda e: not e.line_ids)
        if empty:
            raise UserError(
                self.env._("%(evaluation)s has no KPI to approve.", evaluation=empty[0].display_name)
            )

    def action_lock(self):
        self._check_state_action("hr.group_hr_user", self.env._("Only HR officers can lock KPI evaluations."))
        return self._change_state(("approved",), "locked")

    def action_open_form(self):
        """The full evaluation (KPI names, comments and chatter), not a dialog."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.display_name,
            "res_model": self._name,
            "res_id": self.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def action_open_reopen_wizard(self):
        self._check_state_action("hr.group_hr_manager", self._reopen_refusal())
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen Evaluations"),
            "res_model": "dealer_org.kpi.evaluation.reopen",
            "view_mode": "form",
            "target": "new",
            "context": {"default_evaluation_ids": self.ids},
        }

    def _reopen_refusal(self):
        return self.env._("Only HR managers (Employees / Administrator) can reopen approved evaluations.")

    def _reopen(self, reason):
        """Back to draft, the reason recorded in each evaluation's chatter (as a log note: the
        HR manager needs no e-mail address)."""
        self._check_state_action("hr.group_hr_manager", self._reopen_refusal())
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for reopening the evaluations."))
        self._change_state(FROZEN_STATES, "draft")
        body = self.env._("Evaluation reopened: %(reason)s", reason=reason.strip())
        self._message_log_batch(
            {evaluation.id: body for evaluation in self},
            author_id=self.env.user.partner_id.id,
            message_type="comment",
        )
        return True

    # ------------------------------------------------------------------
    # Calibration: HR adjusts a submitted evaluation's grade, with a reason
    # ------------------------------------------------------------------

    def _check_calibration_rights(self):
        """HR officers of the evaluation's company calibrate submitted evaluations, never their
        own; not drafts (the manager still fills them in), not approved or locked ones (paid)."""
        if self.env.su:
            raise AccessError(self.env._("Calibration is HR's decision: it is never done as superuser."))
        if not self.env.user.has_group("hr.group_hr_user"):
            raise AccessError(self.env._("Only HR officers calibrate KPI evaluations."))
        self.check_access("write")
        self._check_not_own()
        self._check_not_archived()
        foreign = self.sudo().filtered(lambda e: e.company_id not in self.env.user.company_ids)
        if foreign:
            raise AccessError(self.env._("You may only calibrate the evaluations of your own companies."))
        wrong = self.filtered(lambda e: e.state != "submitted")
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(evaluation)s is %(state)s: only submitted evaluations are calibrated (before "
                    "approval). An approved one is reopened by an HR manager first.",
                    evaluation=wrong[0].display_name,
                    state=labels[wrong[0].state],
                )
            )

    def action_open_calibration_wizard(self):
        self._check_calibration_rights()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Calibrate the Grade"),
            "res_model": "dealer_org.kpi.calibrate",
            "view_mode": "form",
            "target": "new",
            "context": {"default_evaluation_ids": self.ids},
        }

    def _calibrate(self, band, reason):
        """Give these submitted evaluations the grade and coefficient of ``band`` (a band of
        the grade table in force for their company), with ``reason``: kept on the evaluation
        (who, when, why), logged in its chatter, printed on the sheet, paid once approved."""
        self._check_calibration_rights()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for calibrating the grade."))
        band = band.sudo()
        tables = self.env["dealer_org.kpi.grade"]._get_tables(self.sudo().company_id)
        for evaluation in self.sudo():
            if (band.grade, band.coefficient) not in {
                (row.grade, row.coefficient) for row in tables.get(evaluation.company_id.id, [])
            }:
                raise ValidationError(
                    self.env._(
                        "%(grade)s is not a grade of the grade table of %(evaluation)s's company: choose "
                        "one of its grades.",
                        grade=band.grade,
                        evaluation=evaluation.display_name,
                    )
                )
        bodies = {
            evaluation.id: self.env._(
                "Grade calibrated: %(old)s → %(new)s (coefficient %(old_coef).2f → %(new_coef).2f). "
                "Reason: %(reason)s",
                old=evaluation.score_grade or "-",
                new=band.grade,
                old_coef=evaluation.score_coefficient,
                new_coef=band.coefficient,
                reason=reason,
            )
            for evaluation in self
        }
        self.with_context(**{STATE_CHANGE: _STATE_TOKEN}).write(
            {
                "calibrated_grade": band.grade,
                "calibrated_coefficient": band.coefficient,
                "calibration_reason": reason,
                "calibrated_by_id": self.env.uid,
                "calibrated_on": fields.Datetime.now(),
            }
        )
        self.flush_recordset(["grade", "coefficient"])
        self._message_log_batch(bodies, author_id=self.env.user.partner_id.id, message_type="comment")
        return True

    def _clear_calibration(self):
        """Back to draft (sent back or reopened): the calibration is cleared, logged; HR
        calibrates again the figures submitted next (docs/kpi.md)."""
        calibrated = self.filtered("calibrated_grade")
        if not calibrated:
            return
        bodies = {
            evaluation.id: self.env._(
                "Calibration cleared (back to draft): the grade follows the score again (was "
                "calibrated %(old)s → %(new)s).",
                old=evaluation.score_grade or "-",
                new=evaluation.calibrated_grade,
            )
            for evaluation in calibrated
        }
        calibrated.with_context(**{STATE_CHANGE: _STATE_TOKEN}).write(
            {
                "calibrated_grade": False,
                "calibrated_coefficient": 0.0,
                "calibration_reason": False,
                "calibrated_by_id": False,
                "calibrated_on": False,
            }
        )
        calibrated._message_log_batch(bodies, author_id=self.env.user.partner_id.id, message_type="comment")

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
                    line.actual = rates[line.employee_id.id]  # the caller's rights decide
                else:
                    line.evaluation_id._check_lines_editable({"actual"})
                applicable = line.employee_id.id in rates
                if line.not_applicable == applicable:
                    line.with_context(**{STATE_CHANGE: _STATE_TOKEN}).not_applicable = not applicable
        return True

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------

    @api.model
    def _cron_generate_evaluations(self):
        """Daily: the evaluations of the current month, quarter and year, where missing.

        In committed batches: each call generates at most one batch (of
        ``dealer_org.generation_batch_size`` employees, 5,000 by default) and reports its
        progress to Odoo's cron runner, which commits it and calls again while work remains
        (a run killed in the middle is resumed by the next one: what was committed stays,
        nothing is created twice)."""
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search([])
        size = self._generation_batch_size()
        todo = {
            period_type: self._generation_todo(period_type, today, companies)[1]
            for period_type, _label in KPI_PERIODS
        }
        total = sum(len(employees) for employees in todo.values())
        done = 0
        for period_type, employees in todo.items():
            if employees:
                done = len(self._generate(period_type, today, companies, employees=employees[:size]))
                break
        self.env["ir.cron"]._notify_progress(done=done, remaining=max(total - done, 0))
        self.env.invalidate_all()  # each batch starts with an empty cache: memory stays flat
        return done

    @api.model
    def _generation_batch_size(self):
        value = self.env["ir.config_parameter"].sudo().get_param("dealer_org.generation_batch_size", "5000")
        try:
            return max(int(value), 1)
        except ValueError:
            return 5000

    @api.model
    def _generation_todo(self, period_type, day, companies, departments=None, employees=None):
        """Who is due: (the KPIs of ``period_type`` of the jobs of ``companies``, the active
        employees of those jobs (within ``departments`` and ``employees`` when given) without
        an evaluation of the period covering ``day``, by id). Three queries."""
        start = period_bounds(day, period_type)[0]
        kpis = self.env["dealer_org.kpi"].search_fetch(
            [("period", "=", period_type), ("job_id.company_id", "in", companies.ids)], ["job_id", "source"]
        )
        if not kpis:
            return kpis, self.env["hr.employee"]
        domain = [("job_id", "in", kpis.job_id.ids), ("company_id", "in", companies.ids)]
        if departments:
            domain.append(("department_id", "child_of", departments.ids))
        if employees is not None:
            domain.append(("id", "in", employees.ids))
        due = self.env["hr.employee"].search_fetch(domain, ["company_id"], order="id")
        # An archived evaluation keeps its period: it is restored, not generated again.
        existing = (
            self.with_context(active_test=False)
            .search_fetch(
                [
                    ("employee_id", "in", due.ids),
                    ("period_type", "=", period_type),
                    ("period_start", "=", start),
                ],
                ["employee_id"],
            )
            .employee_id
        )
        return kpis, due - existing

    @api.model
    def _generate(self, period_type, day, companies, departments=None, employees=None):
        """Create the missing evaluations of ``period_type`` covering ``day`` for the active
        employees of ``companies`` (and ``departments`` with their sub-departments, and
        ``employees`` when given) whose job has active KPIs of that period. Idempotent.
        Returns the new evaluations.

        In stages: who is due (_generation_todo), the evaluation rows (_insert_evaluations),
        their lines copying the job's KPIs (every language of their names), then the scores
        (_store_scores). Set-based: a fixed number of queries whatever the number of
        employees (a month of a large dealer group is tens of thousands of lines)."""
        self.check_access("create")
        if not self.env.su:
            companies &= self.env.companies
        start, end = period_bounds(day, period_type)
        kpis, employees = self._generation_todo(period_type, day, companies, departments, employees)
        if not employees:
            return self.browse()
        rates = {}
        if "checklist_completion" in kpis.mapped("source"):
            rates = self._get_checklist_rates(employees, start, end)
        # Each line is scored as it is inserted: the score of every (KPI, actual) a line can
        # start with (0 for a manual KPI; the employee's completion rate, or 0 without data,
        # for a checklist one), computed once each here.
        kpis.fetch(["minimum", "target", "maximum", "direction"])
        checklist_actuals = {0.0, *rates.values()}
        scores_table = SQL(
            "(VALUES %s) AS sc(kpi_id, actual, score)",
            SQL(", ").join(
                SQL(
                    "(%s, %s::float8, %s::numeric)",
                    kpi.id,
                    actual,
                    score_line(actual, kpi.minimum, kpi.target, kpi.maximum, kpi.direction),
                )
                for kpi in kpis
                for actual in (checklist_actuals if kpi.source == "checklist_completion" else (0.0,))
            ),
        )
        self.env.flush_all()
        cr, uid = self.env.cr, self.env.uid
        evaluation_ids = self._insert_evaluations(employees.ids, period_type, start, end)
        rates_table = SQL(
            "(VALUES %s) AS rate(employee_id, actual)",
            SQL(", ").join(SQL("(%s, %s::float8)", emp, rate) for emp, rate in rates.items()),
        ) if rates else SQL("(SELECT NULL::int AS employee_id, NULL::float8 AS actual) AS rate")  # fmt: skip
        cr.execute(
            SQL(
                """INSERT INTO dealer_org_kpi_evaluation_line (evaluation_id, employee_id, company_id, kpi_id,
                       sequence, name, code, unit, direction, minimum, target, maximum, weight, source,
                       actual, not_applicable, score, create_uid, create_date, write_uid, write_date)
                   SELECT ev.id, ev.employee_id, ev.company_id, kpi.id, kpi.sequence, kpi.name, kpi.code,
                          kpi.unit, kpi.direction, kpi.minimum, kpi.target, kpi.maximum, kpi.weight,
                          kpi.source, CASE WHEN kpi.source = 'checklist_completion'
                                           THEN COALESCE(rate.actual, 0) ELSE 0 END,
                          -- no checklist due in the period: no data, not zero
                          kpi.source = 'checklist_completion' AND rate.actual IS NULL,
                          COALESCE(sc.score, 0), %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM dealer_org_kpi_evaluation ev
                     JOIN dealer_org_kpi kpi
                       ON kpi.job_id = ev.job_id AND kpi.period = %(type)s AND kpi.active
                LEFT JOIN %(rates)s ON rate.employee_id = ev.employee_id
                LEFT JOIN %(scores)s ON sc.kpi_id = kpi.id
                      AND sc.actual = CASE WHEN kpi.source = 'checklist_completion'
                                           THEN COALESCE(rate.actual, 0) ELSE 0 END
                    WHERE ev.id = ANY(%(evaluations)s)
                 ORDER BY ev.id, kpi.sequence, kpi.id""",
                uid=uid,
                now=cr.now(),
                type=period_type,
                rates=rates_table,
                scores=scores_table,
                evaluations=evaluation_ids,
            )
        )
        evaluations = self.browse(evaluation_ids)
        evaluations._store_scores(lines_scored=True)
        self.env["hr.employee"].invalidate_model(["kpi_evaluation_ids"])
        return evaluations

    def _insert_evaluations(self, employee_ids, period_type, start, end):
        """INSERT the draft evaluations of ``employee_ids`` for the period; return their ids.

        One statement for all of them. A concurrent generation of the same period (another
        worker, a second cron, a button) may have committed some of them since this
        transaction began: PostgreSQL then refuses the batch with a unique violation (an
        ``ON CONFLICT DO NOTHING`` would raise a serialization failure instead, at
        REPEATABLE READ, since the other rows are not in this transaction's snapshot). The
        rows are then inserted one by one, each in a savepoint, keeping the other's."""
        cr = self.env.cr

        def insert(ids):
            cr.execute(
                SQL(
                    """INSERT INTO dealer_org_kpi_evaluation (employee_id, job_id, department_id,
                           company_id, period_type, period_start, period_end, period_name, name, state,
                           active, total_score, coefficient, create_uid, create_date, write_uid, write_date)
                       SELECT e.id, e.job_id, e.department_id, e.company_id, %(type)s, %(start)s,
                              %(end)s, %(label)s, e.name || ' ' || %(label)s, 'draft', TRUE, 0, 0,
                              %(uid)s, %(now)s, %(uid)s, %(now)s
                         FROM hr_employee e
                        WHERE e.id = ANY(%(employees)s)
                     ORDER BY e.id
                    RETURNING id""",
                    type=period_type,
                    start=start,
                    end=end,
                    label=period_label(start, period_type),
                    uid=self.env.uid,
                    now=cr.now(),
                    employees=ids,
                )
            )
            return [row[0] for row in cr.fetchall()]

        try:
            with mute_logger("odoo.sql_db"), cr.savepoint(flush=False):
                return insert(employee_ids)
        except UniqueViolation:
            _logger.info("dealer_org: KPI evaluations generated concurrently; creating the missing ones")
        created = []
        for employee_id in employee_ids:
            try:
                with mute_logger("odoo.sql_db"), cr.savepoint(flush=False):
                    created += insert([employee_id])
            except UniqueViolation:
                continue
        return created

    def _store_scores(self, lines_scored=False):
        """Score the lines of these evaluations and total, grade and pay coefficient of the
        evaluations, set-based: one UPDATE per table, the maths in kpi_scoring. Lines with the
        same actual and thresholds share a score, computed once. ``lines_scored``: the lines
        already carry their score (generation inserts them scored); only the totals are due."""
        if not lines_scored:
            self._store_line_scores()
        self._store_totals()

    def _store_line_scores(self):
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT DISTINCT actual, minimum, target, maximum, direction "
                "FROM dealer_org_kpi_evaluation_line WHERE evaluation_id = ANY(%s)",
                self.ids,
            )
        )
        scores = [(*row, score_line(*row)) for row in cr.fetchall()]
        if scores:
            cr.execute(
                SQL(
                    """UPDATE dealer_org_kpi_evaluation_line AS line SET score = v.score
                         FROM (VALUES %s) AS v(actual, minimum, target, maximum, direction, score)
                        WHERE line.evaluation_id = ANY(%s) AND line.actual = v.actual
                          AND line.minimum = v.minimum AND line.target = v.target
                          AND line.maximum = v.maximum AND line.direction = v.direction""",
                    SQL(", ").join(
                        SQL("(%s::float8, %s::float8, %s::float8, %s::float8, %s, %s::numeric)", *row)
                        for row in scores
                    ),
                    self.ids,
                )
            )

    def _store_totals(self):
        cr = self.env.cr
        cr.execute(
            SQL(
                """SELECT ev.id, ev.company_id, ev.state, ev.actuals_entered,
                          COALESCE(array_agg(line.score::float8) FILTER (WHERE NOT line.not_applicable),
                                   '{}'),
                          COALESCE(array_agg(line.weight) FILTER (WHERE NOT line.not_applicable), '{}')
                     FROM dealer_org_kpi_evaluation ev
                     JOIN dealer_org_kpi_evaluation_line line ON line.evaluation_id = ev.id
                    WHERE ev.id = ANY(%s)
                 GROUP BY ev.id""",
                self.ids,
            )
        )
        rows = cr.fetchall()
        tables = self.env["dealer_org.kpi.grade"]._get_tables(
            self.env["res.company"].browse({r[1] for r in rows})
        )
        results = []
        for evaluation_id, company_id, state, actuals_entered, line_scores, weights in rows:
            total = round(weighted_total(zip(line_scores, weights, strict=True)), 2)
            band = has_result(state, actuals_entered) and grade_for(total, tables[company_id])
            results.append(
                (evaluation_id, total, band.grade if band else None, band.coefficient if band else 0.0)
            )
        if results:
            cr.execute(
                SQL(
                    """UPDATE dealer_org_kpi_evaluation AS ev
                          SET total_score = v.total, score_grade = v.grade, score_coefficient = v.coefficient,
                              -- a calibrated evaluation keeps HR's calibrated grade and coefficient
                              grade = CASE WHEN ev.calibrated_grade IS NOT NULL AND v.grade IS NOT NULL
                                           THEN ev.calibrated_grade ELSE v.grade END,
                              coefficient = CASE WHEN ev.calibrated_grade IS NOT NULL AND v.grade IS NOT NULL
                                                 THEN ev.calibrated_coefficient ELSE v.coefficient END
                         FROM (VALUES %s) AS v(id, total, grade, coefficient) WHERE ev.id = v.id""",
                    SQL(", ").join(
                        SQL("(%s, %s::numeric, %s::varchar, %s::numeric)", *row) for row in results
                    ),
                )
            )
        self.invalidate_model()
        self.env["dealer_org.kpi.evaluation.line"].invalidate_model()

    @api.model
    def _get_checklist_rates(self, employees, date_from, date_to):
        """{employee id: completion rate %} of the duty checklist lines due in the period."""
        return self.env["dealer_org.checklist"].sudo()._get_completion_rates(employees, date_from, date_to)

    # ------------------------------------------------------------------
    # Payroll
    # ------------------------------------------------------------------

    @api.model
    def _get_results(self, employees, date_from, date_to):
        """{employee id: {...}} of the approved or locked evaluations covering
        [date_from, date_to] made in the employee's own company (an evaluation of another
        company, e.g. before a transfer, never pays here); the shortest covering period wins.
        See docs/kpi.md."""
        employees = employees.sudo().with_context(active_test=False)
        employees.fetch(["company_id"])
        evaluations = self.sudo().search_fetch(
            [
                ("employee_id", "in", employees.ids),
                ("company_id", "in", employees.company_id.ids),
                ("active", "=", True),  # archived evaluations never pay, whatever the context
                ("state", "in", FROZEN_STATES),
                ("period_start", "<=", date_from),
                ("period_end", ">=", date_to),
            ],
            [
                "employee_id",
                "period_type",
                "period_start",
                "period_end",
                "total_score",
                "grade",
                "coefficient",
                "calibrated_grade",
            ],
            order="period_start desc, id",
        )
        results = {}
        evaluations = evaluations.filtered(lambda e: e.company_id == e.employee_id.company_id)
        for evaluation in evaluations.sorted(lambda e: (e.period_end - e.period_start).days, reverse=True):
            results[evaluation.employee_id.id] = {
                "evaluation_id": evaluation.id,
                "period_type": evaluation.period_type,
                "period_start": evaluation.period_start,
                "period_end": evaluation.period_end,
                "score": evaluation.total_score,
                "grade": evaluation.grade or False,
                "coefficient": evaluation.coefficient,
                "calibrated": bool(evaluation.calibrated_grade),
            }
        return results


def score_line(actual, minimum, target, maximum, direction):
    try:
        return score_kpi(actual, minimum, target, maximum, direction)
    except ValueError:
        return 0.0  # a hand-made line with unordered thresholds scores nothing
