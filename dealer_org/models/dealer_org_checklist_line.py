from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.checklist_periods import local_today

# What a user may change on a line of their own checklist (HR officers included): tick it,
# annotate it, and request "not applicable" with a reason (docs/security.md, "Duty checklists").
SELF_SERVICE_FIELDS = {"result", "note", "na_reason"}
# What the line maintains itself: its completion (from the result), who ticked it and when
# (from the result's changes), whether it was done on time, who confirmed its "not
# applicable", and its checklist's employee, company, job, department and period (stored
# related fields: the completion rates read by the KPI, and so by payroll, are grouped by
# them). No client writes them, HR included; only the generation (sudo, not steerable from
# RPC) creates lines with their precomputed values.
SYSTEM_FIELDS = {
    "completion",
    "done_by_id",
    "done_on",
    "on_time",
    "na_confirmed_by_id",
    "na_confirmed_on",
    "employee_id",
    "company_id",
    "department_id",
    "job_id",
    "period_type",
    "period_start",
    "checklist_state",
}
# The results that count as completed: done, or "not applicable" once confirmed. A request
# (na_requested) counts as not completed until the manager or HR confirms it.
COMPLETED_RESULTS = ("done", "not_applicable")
NA_RESULTS = ("na_requested", "not_applicable")
# The evaluation states that freeze the checklist lines of their period.
FREEZING_STATES = ("submitted", "approved", "locked")
# What a line of a frozen period, or of a reviewed checklist, keeps (besides its creation and deletion).
CONTENT_FIELDS = {"result", "note", "na_reason", "deadline", "name", "duty_id", "sequence"}


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
    deadline = fields.Date(required=True, index=True)
    result = fields.Selection(
        [
            ("open", "To Do"),
            ("done", "Done"),
            ("na_requested", "N/A Requested"),
            ("not_applicable", "Not Applicable"),
        ],
        required=True,
        default="open",
        index=True,
        help="Not applicable needs a reason and the confirmation of the employee's manager or HR: "
        "until then (N/A Requested) the line counts as not completed.",
    )
    note = fields.Text()
    na_reason = fields.Text("Reason for N/A", help="Why the duty did not apply in this period.")
    done_by_id = fields.Many2one("res.users", "Ticked By", readonly=True, copy=False)
    done_on = fields.Datetime("Ticked On", readonly=True, copy=False)
    on_time = fields.Boolean(
        readonly=True,
        copy=False,
        help="Done on or before its deadline (the day of the tick in the employee's timezone), or "
        "confirmed not applicable. A line done later is late: it counts in the completion rate, "
        "not in the on-time rate.",
    )
    na_confirmed_by_id = fields.Many2one("res.users", "N/A Confirmed By", readonly=True, copy=False)
    na_confirmed_on = fields.Datetime("N/A Confirmed On", readonly=True, copy=False)
    completion = fields.Float(
        "Completion (%)",
        compute="_compute_completion",
        store=True,
        aggregator="avg",
        help="100 when the line is done or confirmed not applicable, else 0: its average is the "
        "completion rate.",
    )
    # The lines of a deleted employee go with their checklists: a cascade, not an emptying
    # that PostgreSQL might run before the checklists' cascade and check against them.
    employee_id = fields.Many2one(
        related="checklist_id.employee_id", store=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="checklist_id.company_id", store=True, index=True)
    department_id = fields.Many2one(related="checklist_id.department_id", store=True)
    job_id = fields.Many2one(related="checklist_id.job_id", store=True)
    period_type = fields.Selection(related="checklist_id.period_type", store=True)
    period_start = fields.Date(related="checklist_id.period_start", store=True)
    checklist_state = fields.Selection(related="checklist_id.state", string="Checklist Status")

    def init(self):
        res = super().init()
        # The completion rates of a period (_get_completion_rates: the KPI "checklist
        # completion", payroll) by an index-only scan: the lines of the employees and dates
        # asked, with what the query and the company rule read, whatever the history kept.
        self.env.cr.execute("DROP INDEX IF EXISTS dealer_org_checklist_line_deadline_employee_index")
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS dealer_org_checklist_line_deadline_employee_rate_index
                   ON dealer_org_checklist_line (deadline, employee_id)
                      INCLUDE (result, on_time, company_id)"""
        )
        return res

    @api.model
    def _upgrade_completion_rules(self):
        """From 18.0.1.1.0 (set-based, a constant number of statements): store whether each
        done line was done on time (its tick's date in the employee's timezone), turn the
        "not applicable" lines of periods no submitted evaluation reads into requests for
        their manager or HR to confirm (their note as the reason), recompute the progress of
        their checklists and rebuild the monthly completion rows."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            """UPDATE dealer_org_checklist_line l
                  SET on_time = (timezone(CASE WHEN r.tz IN (SELECT name FROM pg_timezone_names)
                                               THEN r.tz ELSE 'UTC' END,
                                          l.done_on AT TIME ZONE 'UTC'))::date <= l.deadline
                 FROM hr_employee e JOIN resource_resource r ON r.id = e.resource_id
                WHERE e.id = l.employee_id AND l.result = 'done' AND l.done_on IS NOT NULL"""
        )
        cr.execute(
            """UPDATE dealer_org_checklist_line l
                  SET on_time = true, na_confirmed_by_id = NULL
                WHERE l.result = 'not_applicable'
                  AND EXISTS (SELECT 1 FROM dealer_org_kpi_evaluation ev
                               WHERE ev.employee_id = l.employee_id AND ev.state = ANY(%s)
                                 AND l.deadline BETWEEN ev.period_start AND ev.period_end)""",
            [list(FREEZING_STATES)],
        )
        cr.execute(
            """UPDATE dealer_org_checklist_line l
                  SET result = 'na_requested', completion = 0, on_time = false,
                      na_reason = NULLIF(btrim(l.note), '')
                WHERE l.result = 'not_applicable' AND l.on_time IS NOT TRUE
            RETURNING l.checklist_id"""
        )
        checklists = self.env["dealer_org.checklist"].browse({row[0] for row in cr.fetchall()})
        self.invalidate_model()
        if checklists:
            Checklist = self.env["dealer_org.checklist"]
            for name in ("line_count", "completed_count", "completion_rate", "state"):
                self.env.add_to_compute(Checklist._fields[name], checklists)
            self.env.flush_all()
        self.env["dealer_org.checklist.completion"]._rebuild_completion()

    @api.depends("result")
    def _compute_completion(self):
        for line in self:
            line.completion = 100.0 if line.result in COMPLETED_RESULTS else 0.0

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_no_system_fields(vals)
            checklists = self.env["dealer_org.checklist"].browse(
                [vals["checklist_id"] for vals in vals_list if vals.get("checklist_id")]
            )
            checklists._check_not_own(self.env._("add lines to"))
            self._check_not_frozen_dates(
                [
                    (checklist_id, vals.get("deadline"))
                    for vals in vals_list
                    if (checklist_id := vals.get("checklist_id"))
                ]
            )
        for vals in vals_list:
            result = vals.get("result", "open")
            if result != "open":
                if not self.env.su:
                    self._check_na_reason([vals.get("na_reason")], result)
                vals.setdefault("done_by_id", self.env.uid)
                vals.setdefault("done_on", fields.Datetime.now())
                if result == "not_applicable":
                    vals.update(na_confirmed_by_id=self.env.uid, na_confirmed_on=fields.Datetime.now())
        lines = super().create(vals_list)
        lines.filtered(lambda line: line.result != "open")._store_on_time()
        if not self.env.su:
            lines._check_company(["duty_id"])
        return lines

    def write(self, vals):
        if "checklist_id" in vals and all(
            line.checklist_id.id == vals["checklist_id"] for line in self.sudo()
        ):
            # The checklist the lines are on already (the ORM writes it for its own commands).
            vals = {name: value for name, value in vals.items() if name != "checklist_id"}
        own = self.browse()
        if not self.env.su:
            self._check_no_system_fields(vals)
            own = self._own_lines()
            if own or not self.env.user.has_group("hr.group_hr_user"):
                # Everyone on their own checklist (HR officers included), and users without HR
                # rights (the record rules limit them to their own lines).
                self._check_self_service(vals)
            if set(vals) & CONTENT_FIELDS:
                self._check_not_frozen()
                if "deadline" in vals:
                    self._check_not_frozen_dates([(line.checklist_id.id, vals["deadline"]) for line in self])
        if "checklist_id" in vals:
            self._refuse_move()
        content = sorted(set(vals) & CONTENT_FIELDS)
        # Someone else's lines (HR's edits) changed after a review clear it, visibly.
        reviewed = (
            (self - own).sudo().checklist_id.filtered("reviewed_by_id")
            if content and not self.env.su
            else None
        )
        changed = self
        if "result" in vals:
            changed = self._write_result(vals, own)
            rest = {name: value for name, value in vals.items() if name != "result"}
            if rest:
                super().write(rest)
            if not set(rest) & CONTENT_FIELDS:
                content = ["result"] if changed else []
        else:
            super().write(vals)
            if "deadline" in vals:
                self.filtered(lambda line: line.result == "done")._store_on_time()
        if "duty_id" in vals and not self.env.su:
            self._check_company(["duty_id"])
        if reviewed and content:
            reviewed._clear_review(self - own, content)
        done = self.checklist_id.filtered(lambda checklist: checklist.state == "done")
        done._close_overdue_activities()
        return True

    def _write_result(self, vals, own):
        """Write ``vals["result"]`` (with the rest of ``vals``) on the lines whose result
        changes, and who did it and when; a line that has the result already keeps its tick
        (ticking twice, e.g. on a lagging replica's stale page, rewrites nothing). Writing
        "not applicable" on one's own line is a request (N/A Requested, counting as not
        completed until confirmed); HR writing it on someone else's line confirms it.
        Returns the lines that changed."""
        result = vals["result"]
        now = fields.Datetime.now()
        groups = defaultdict(lambda: self.browse())
        for line in self:
            new = "na_requested" if result == "not_applicable" and line in own else result
            if line.result != new:
                groups[new, line.result] |= line
        changed = self.browse()
        for (new, old), lines in groups.items():
            if new in NA_RESULTS and not self.env.su:
                reasons = [vals["na_reason"]] if "na_reason" in vals else lines.mapped("na_reason")
                lines._check_na_reason(reasons, new)
            line_vals = dict(vals, result=new)
            if new == "open":
                line_vals.update(
                    done_by_id=False,
                    done_on=False,
                    na_confirmed_by_id=False,
                    na_confirmed_on=False,
                    na_reason=False,
                )
            elif new == "not_applicable" and old == "na_requested":
                # The confirmation of a request: the requester stays who ticked it.
                line_vals.update(na_confirmed_by_id=self.env.uid, na_confirmed_on=now)
            else:
                line_vals.update(
                    done_by_id=self.env.uid, done_on=now, na_confirmed_by_id=False, na_confirmed_on=False
                )
                if new == "not_applicable":
                    line_vals.update(na_confirmed_by_id=self.env.uid, na_confirmed_on=now)
            super(DealerOrgChecklistLine, lines).write(line_vals)
            changed |= lines
        changed._store_on_time()
        return changed

    def _store_on_time(self):
        """Store whether each line counts as on time: done by its deadline on the employee's
        day (the tick's date in their timezone), or confirmed not applicable."""
        on_time = self.browse()
        for line in self:
            if line.result == "not_applicable" or (
                line.result == "done"
                and line.done_on
                and local_today(line.done_on, line.sudo().employee_id.tz) <= line.deadline
            ):
                on_time |= line
        for lines, value in ((on_time, True), (self - on_time, False)):
            lines = lines.filtered(lambda line, value=value: line.on_time != value)
            if lines:
                super(DealerOrgChecklistLine, lines).write({"on_time": value})
        return True

    def unlink(self):
        if not self.env.su:
            self.checklist_id._check_not_own(self.env._("delete lines of"))
            self._check_not_frozen()
        return super().unlink()

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

    def _own_lines(self):
        """The lines of the current user's own checklists."""
        user = self.env.user
        return self.filtered(lambda line: line.sudo().employee_id.user_id == user)

    def _check_self_service(self, vals):
        """On their own checklist, everyone (HR officers included) ticks, annotates and
        requests "not applicable", on lines not reviewed nor locked, and un-ticks only until
        the deadline. A user without HR rights does nothing else (the record rules keep
        them to their own lines)."""
        # A line of someone else's checklist: the record rules refuse it first.
        self.check_access("write")
        _ = self.env._
        forbidden = set(vals) - SELF_SERVICE_FIELDS
        if forbidden:
            raise AccessError(
                _(
                    "On your own checklist you can tick a line, add a note and ask for “not "
                    "applicable” with a reason; its duty, deadline and other fields (%(fields)s) are "
                    "changed by HR, never by the employee whose checklist it is.",
                    fields=self._field_labels(forbidden),
                )
            )
        checklists = self.sudo().checklist_id
        locked = checklists.filtered(lambda checklist: checklist.state == "done")
        if locked:
            raise UserError(
                _(
                    "The checklist %(checklist)s is done and locked: ask HR to reopen it "
                    "if a line must change.",
                    checklist=", ".join(locked.mapped("display_name")),
                )
            )
        reviewed = checklists.filtered("reviewed_by_id")
        if reviewed:
            raise UserError(
                _(
                    "The checklist %(checklist)s was reviewed by %(reviewer)s: its lines can no longer be "
                    "changed by you. Ask your manager if a line must change.",
                    checklist=reviewed[0].display_name,
                    reviewer=reviewed[0].reviewed_by_id.name,
                )
            )
        result = vals.get("result")
        if result == "open":
            now = fields.Datetime.now()
            late = self.filtered(
                lambda line: line.result in COMPLETED_RESULTS
                and local_today(now, line.sudo().employee_id.tz) > line.deadline
            )
            if late:
                raise UserError(
                    _(
                        "The deadline of %(line)s (%(deadline)s) has passed: a line ticked by then cannot "
                        "be un-ticked by the employee any more.",
                        line=late[0].name,
                        deadline=late[0].deadline,
                    )
                )
        if "na_reason" in vals and result not in NA_RESULTS:
            confirmed = self.filtered(lambda line: line.result == "not_applicable")
            if confirmed:
                raise UserError(
                    _(
                        "The “not applicable” of %(line)s was confirmed: its reason can no longer change.",
                        line=confirmed[0].name,
                    )
                )

    @api.model
    def _check_na_reason(self, reasons, result):
        if result in NA_RESULTS and not all(reason and str(reason).strip() for reason in reasons):
            raise UserError(
                self.env._(
                    "A duty can only be marked not applicable with a reason, given for each line "
                    "(%(count)s without one): say why it did not apply in this period. The employee's "
                    "manager or HR then confirms it; until then the line counts as not completed.",
                    count=sum(1 for reason in reasons if not (reason and str(reason).strip())),
                )
            )

    def _check_not_frozen(self):
        self._check_not_frozen_dates([(line.checklist_id.id, line.deadline) for line in self.sudo()])

    @api.model
    def _check_not_frozen_dates(self, checklist_dates):
        """Refuse when a (checklist id, deadline) falls in the period of a submitted,
        approved or locked KPI evaluation of the checklist's employee: the evaluation reads
        those lines (checklist completion), so they stay as they were when it was
        submitted. One query for all of them."""
        evaluation = self._freezing_evaluation(checklist_dates)
        if evaluation:
            state = dict(evaluation._fields["state"]._description_selection(self.env))[evaluation.state]
            raise UserError(
                self.env._(
                    "The checklist lines of %(employee)s from %(start)s to %(end)s are frozen: the KPI "
                    "evaluation that reads them is %(state)s. Nobody changes, adds or deletes them; reset "
                    "the evaluation to draft first if a line must change.",
                    employee=evaluation.employee_id.name,
                    start=evaluation.period_start,
                    end=evaluation.period_end,
                    state=state,
                )
            )

    @api.model
    def _freezing_evaluation(self, checklist_dates):
        """The first submitted, approved or locked evaluation (as superuser) whose employee
        and period cover one of the (checklist id, deadline) pairs, or an empty recordset."""
        pairs = [(checklist_id, fields.Date.to_date(day)) for checklist_id, day in checklist_dates if day]
        Evaluation = self.env["dealer_org.kpi.evaluation"].sudo()
        if not pairs:
            return Evaluation
        checklists = (
            self.env["dealer_org.checklist"].sudo().browse({checklist_id for checklist_id, _d in pairs})
        )
        employee_of = {checklist.id: checklist.employee_id.id for checklist in checklists}
        days = [day for _c, day in pairs]
        evaluations = Evaluation.search_fetch(
            [
                ("employee_id", "in", list(set(employee_of.values()))),
                ("state", "in", FREEZING_STATES),
                ("period_start", "<=", max(days)),
                ("period_end", ">=", min(days)),
            ],
            ["employee_id", "period_start", "period_end", "state"],
        )
        by_employee = defaultdict(list)  # a bulk edit of many lines: no lines × evaluations scan
        for evaluation in evaluations:
            by_employee[evaluation.employee_id.id].append(evaluation)
        for checklist_id, day in pairs:
            for evaluation in by_employee.get(employee_of.get(checklist_id), ()):
                if evaluation.period_start <= day <= evaluation.period_end:
                    return evaluation
        return Evaluation

    @api.model
    def _field_labels(self, names):
        return ", ".join(
            self._fields[name]._description_string(self.env) for name in sorted(names) if name in self._fields
        )

    # ------------------------------------------------------------------
    # Actions: what the buttons return is the line as stored (docs/scale.md, read replica)
    # ------------------------------------------------------------------

    def action_mark_done(self):
        self.write({"result": "done"})
        return self._stored_result_notification()

    def action_mark_not_applicable(self):
        """Ask for "not applicable": with the reason on the line, the request is made; a
        single line without a reason opens it to give one."""
        if len(self) == 1 and not (self.na_reason or "").strip():
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Not Applicable: Reason"),
                "res_model": self._name,
                "res_id": self.id,
                "view_mode": "form",
                "views": [(self.env.ref("dealer_org.dealer_org_checklist_line_view_form_na").id, "form")],
                "target": "new",
            }
        self.write({"result": "not_applicable"})
        return self._stored_result_notification()

    def action_request_not_applicable(self):
        """The reason dialog's button: request "not applicable" with the reason given."""
        self.write({"result": "not_applicable"})
        return self._stored_result_notification()

    def action_reset(self):
        self.write({"result": "open"})
        return self._stored_result_notification()

    def action_confirm_not_applicable(self):
        """The employee's manager or HR confirms the requested "not applicable": the line then
        counts as completed and on time. Never on one's own line, HR included."""
        self._check_na_decision()
        reviewed = self.sudo().checklist_id.filtered("reviewed_by_id")
        self.sudo().write({"result": "not_applicable"})
        reviewed._clear_review(self, ["result"])
        return self._stored_result_notification()

    def action_refuse_not_applicable(self):
        """The employee's manager or HR refuses the request: the line is to do again."""
        self._check_na_decision()
        checklists = self.sudo().checklist_id
        reviewed = checklists.filtered("reviewed_by_id")
        self.sudo().write({"result": "open"})
        reviewed._clear_review(self, ["result"])
        user = self.env.user
        for checklist in checklists:
            lines = self.filtered(lambda line, checklist=checklist: line.sudo().checklist_id == checklist)
            checklist.sudo().message_post(
                body=self.env._(
                    "“Not applicable” refused by %(user)s for: %(lines)s. The lines are to do again.",
                    user=user.name,
                    lines="; ".join(lines.mapped("name")),
                ),
                author_id=user.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return self._stored_result_notification()

    def _check_na_decision(self):
        """Who may confirm or refuse a "not applicable" request on these lines: HR, or the
        employee's team manager (_team_domain), never on their own checklist; only pending
        requests, outside frozen periods."""
        _ = self.env._
        user = self.env.user
        self.check_access("read")
        self.sudo().checklist_id._check_not_own(_("confirm or refuse “not applicable” on"))
        if not user.has_group("hr.group_hr_user"):
            Checklist = self.env["dealer_org.checklist"].sudo()
            team = Checklist.search(
                [("id", "in", self.sudo().checklist_id.ids), *Checklist._team_domain(user)]
            )
            if self.sudo().checklist_id - team:
                raise AccessError(
                    _("Only the employee's manager or HR can confirm or refuse “not applicable”.")
                )
        pending = self.sudo().filtered(lambda line: line.result == "na_requested")
        if pending != self.sudo():
            raise UserError(
                _(
                    "%(line)s has no pending “not applicable” request to confirm or refuse.",
                    line=(self.sudo() - pending)[0].name,
                )
            )
        self._check_not_frozen()

    def _stored_result_notification(self):
        """What the card shows: each line's result as stored now (on the primary), with the
        first tick's time and user, not a re-read that a lagging replica could serve stale."""
        labels = dict(self._fields["result"]._description_selection(self.env))
        lines = self.sudo()
        parts = []
        for line in lines:
            text = labels[line.result]
            if line.done_on:
                text = self.env._(
                    "%(result)s (%(user)s, %(when)s)",
                    result=text,
                    user=line.done_by_id.name or "",
                    when=fields.Datetime.context_timestamp(self, line.done_on).strftime("%Y-%m-%d %H:%M"),
                )
            parts.append(f"{line.name}: {text}")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Checklist"),
                "message": "\n".join(parts),
                "type": "success",
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
                "results": {
                    line.id: {
                        "result": line.result,
                        "done_on": fields.Datetime.to_string(line.done_on) if line.done_on else False,
                        "done_by_id": line.done_by_id.id,
                    }
                    for line in lines
                },
            },
        }
