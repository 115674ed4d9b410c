import logging
import random
import threading
import time
from collections import defaultdict
from datetime import datetime

import pytz
from psycopg2.errors import DeadlockDetected, SerializationFailure, UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, create_index, mute_logger, plaintext2html
from odoo.tools.misc import format_datetime

from ..tools import periods
from ..tools.checklist_periods import (
    duty_deadline,
    local_today,
    period_of,
    periods_to_generate,
)
from .dealer_org_checklist_line import COMPLETED_RESULTS, FREEZING_STATES
from .dealer_org_validation import DATE_MAX, DATE_MIN

_logger = logging.getLogger(__name__)

# The recurring periods of the one definition (tools/periods.py): the cron generates a
# checklist of each, so a recurring period always has its checklist type.
PERIOD_TYPES = periods.selection(periods.RECURRING)

# Generated checklists are many and need no creation message nor followers.
GENERATION_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}

# Fields a user without HR rights may write on a checklist: its lines (each line
# checks its own fields) and what the chatter and activities maintain.
SELF_SERVICE_FIELDS = {"line_ids"}
# What the checklist maintains itself: its progress (computed from the lines; the KPI
# "checklist completion" and so payroll read it), the review (action_review) and the
# overdue flag (the cron). No client writes them, HR included; only the generation
# (sudo, not steerable from RPC) creates checklists with their precomputed values.
SYSTEM_FIELDS = {
    "line_count",
    "completed_count",
    "completion_rate",
    "state",
    "overdue_notified",
    "reviewed_by_id",
    "reviewed_on",
}
# What a checklist is: whose and of which period (the unique key). Set when it is
# created, never changed afterwards: HR deletes a wrong checklist instead.
IDENTITY_FIELDS = {"employee_id", "company_id", "period_type", "period_start", "period_end"}

# The cron retries a generation that lost a race against a concurrent one (another worker,
# a wizard) that many times, each in a fresh transaction.
CRON_MAX_TRIES = 5
CONCURRENCY_ERRORS = (SerializationFailure, DeadlockDetected, UniqueViolation)
# First key of the advisory locks by which concurrent cron workers share the generation's
# chunks (the second is the chunk's first employee id).
GENERATION_LOCK = 0x0D0C


class DealerOrgChecklist(models.Model):
    _name = "dealer_org.checklist"
    _description = "Duty Checklist"
    _inherit = ["mail.thread", "mail.activity.mixin", "dealer_org.validation.mixin"]
    _order = "period_start desc, deadline, employee_id, id"
    _check_company_auto = True

    employee_id = fields.Many2one(
        "hr.employee", "Employee", required=True, index=True, ondelete="cascade", check_company=True
    )
    job_id = fields.Many2one("hr.job", "Job Position", index=True, ondelete="set null", check_company=True)
    department_id = fields.Many2one(
        "hr.department", "Department", index=True, ondelete="set null", check_company=True
    )
    company_id = fields.Many2one(
        "res.company", "Company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(related="employee_id.user_id", string="User")
    period_type = fields.Selection(PERIOD_TYPES, "Period", required=True, index=True)
    period_start = fields.Date(required=True, index=True)
    period_end = fields.Date(required=True)
    period_key = fields.Char("Period Label", compute="_compute_period_key")
    deadline = fields.Date(
        required=True, index=True, help="The last day to complete every line of the checklist."
    )
    line_ids = fields.One2many("dealer_org.checklist.line", "checklist_id", "Lines", copy=True)
    line_count = fields.Integer(compute="_compute_progress", store=True)
    completed_count = fields.Integer("Completed Lines", compute="_compute_progress", store=True)
    completion_rate = fields.Float(
        "Completion (%)",
        compute="_compute_progress",
        store=True,
        aggregator="avg",
        help="Lines done or not applicable, in percent of the checklist's lines.",
    )
    state = fields.Selection(
        [("open", "Open"), ("done", "Done"), ("overdue", "Overdue")],
        "Status",
        compute="_compute_progress",
        store=True,
        index=True,
        tracking=True,
        help="Done when every line is done or not applicable; overdue when a line still to do "
        "is past its deadline.",
    )
    overdue_notified = fields.Boolean(
        "Overdue Activity Scheduled",
        copy=False,
        help="The overdue activities of the checklist were scheduled (once per checklist).",
    )
    reviewed_by_id = fields.Many2one("res.users", "Reviewed By", readonly=True, copy=False)
    reviewed_on = fields.Datetime(readonly=True, copy=False)
    can_manage = fields.Boolean("Managed by HR", compute="_compute_can_manage")
    is_locked = fields.Boolean(
        "Locked", compute="_compute_can_manage", help="Done checklists can only be changed by HR."
    )
    is_own = fields.Boolean("My Checklist", compute="_compute_can_manage")
    can_confirm = fields.Boolean(
        "Can Confirm N/A",
        compute="_compute_can_manage",
        help="The user may confirm or refuse the employee's “not applicable” requests (their manager or "
        "HR, never on their own checklist).",
    )
    on_time_count = fields.Integer("Lines On Time", compute="_compute_on_time")
    on_time_rate = fields.Float(
        "On Time (%)",
        compute="_compute_on_time",
        help="Lines done by their deadline (on the employee's day) or confirmed not applicable, in "
        "percent of the checklist's lines: what the KPI “checklist completion” reads.",
    )
    na_requested_count = fields.Integer("N/A Requests", compute="_compute_on_time")
    is_current = fields.Boolean(
        "Current Period",
        compute="_compute_is_current",
        search="_search_is_current",
        help="The period contains today on the employee's own day (in their timezone).",
    )

    _sql_constraints = [
        (
            "employee_period_unique",
            "UNIQUE(employee_id, period_type, period_start)",
            "An employee has one checklist per period: this one already exists.",
        ),
        (
            "period_order",
            "CHECK(period_start <= period_end)",
            "The period cannot end before it starts.",
        ),
    ]

    def init(self):
        res = super().init()
        # The overdue checklists still waiting for their activities (_update_overdue): a
        # handful among a year of history, found without reading the others.
        create_index(
            self.env.cr,
            "dealer_org_checklist_overdue_todo_index",
            self._table,
            ["id"],
            where="state = 'overdue' AND overdue_notified IS NOT TRUE",
        )
        return res

    @api.depends("period_type", "period_start")
    def _compute_period_key(self):
        for checklist in self:
            checklist.period_key = (
                period_of(checklist.period_type, checklist.period_start).key
                if checklist.period_type and checklist.period_start
                else False
            )

    @api.depends("employee_id", "period_type", "period_start")
    @api.depends_context("lang")
    def _compute_display_name(self):
        types = dict(self._fields["period_type"]._description_selection(self.env))
        for checklist in self:
            checklist.display_name = self.env._(
                "%(employee)s – %(period)s %(key)s",
                employee=checklist.employee_id.name or "",
                period=types.get(checklist.period_type, ""),
                key=checklist.period_key or "",
            )

    @api.depends("line_ids.result", "line_ids.deadline")
    def _compute_progress(self):
        """Overdue when a line still to do is past its deadline, a deadline that had passed
        when the checklist was created counting as its creation day (in the employee's
        timezone): a checklist generated late (a duty added mid-week, a catch-up) is not
        born overdue; its employee has the day it appears."""
        now = fields.Datetime.now()
        today_by_tz = {}
        for checklist in self:
            lines = checklist.line_ids
            completed = lines.filtered(lambda line: line.result in COMPLETED_RESULTS)
            checklist.line_count = len(lines)
            checklist.completed_count = len(completed)
            checklist.completion_rate = 100.0 * len(completed) / len(lines) if lines else 0.0
            tz = checklist.employee_id.tz
            if tz not in today_by_tz:
                today_by_tz[tz] = local_today(now, tz)
            today = today_by_tz[tz]
            created_on = local_today(checklist.create_date, tz) if checklist.create_date else today
            if lines and len(completed) == len(lines):
                checklist.state = "done"
            elif any(max(line.deadline, created_on) < today for line in lines - completed):
                checklist.state = "overdue"
            else:
                checklist.state = "open"

    @api.depends("line_ids.result", "line_ids.on_time")
    def _compute_on_time(self):
        for checklist in self:
            lines = checklist.line_ids
            on_time = len(lines.filtered("on_time"))
            checklist.on_time_count = on_time
            checklist.on_time_rate = 100.0 * on_time / len(lines) if lines else 0.0
            checklist.na_requested_count = len(lines.filtered(lambda line: line.result == "na_requested"))

    @api.depends("period_start", "period_end", "employee_id")
    def _compute_is_current(self):
        now = fields.Datetime.now()
        for checklist in self:
            today = local_today(now, checklist.sudo().employee_id.tz)
            checklist.is_current = bool(
                checklist.period_start and checklist.period_start <= today <= checklist.period_end
            )

    def _search_is_current(self, operator, value):
        """The checklists whose period contains today on their employee's own day, decided
        here (the browser's date is not the employee's: a phone set to UTC showed nothing
        between midnight in China and midnight UTC). One subquery: today per timezone."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search “Current Period” for true or false only."))
        now = fields.Datetime.now()
        cr = self.env.cr
        cr.execute("SELECT DISTINCT COALESCE(tz, '') FROM resource_resource")
        days = SQL(", ").join(
            SQL("(%s, %s::date)", tz, local_today(now, tz)) for [tz] in cr.fetchall() or [("",)]
        )
        # A period lasts at most a year: the bound lets the database use the period_start index.
        current = SQL(
            """(SELECT c.id FROM dealer_org_checklist c
                 JOIN hr_employee e ON e.id = c.employee_id
                 JOIN resource_resource r ON r.id = e.resource_id
                 JOIN (VALUES %s) AS day(tz, today) ON day.tz = COALESCE(r.tz, '')
                WHERE c.period_start <= day.today AND c.period_start > day.today - 367
                  AND c.period_end >= day.today)""",
            days,
        )
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", current)]

    @api.depends("state", "employee_id.user_id")
    @api.depends_context("uid")
    def _compute_can_manage(self):
        user = self.env.user
        is_hr = user.has_group("hr.group_hr_user")
        team = self.browse()
        if not is_hr and self.ids:
            team = self.sudo().search([("id", "in", self.ids), *self._team_domain(user)])
        for checklist in self:
            own = checklist.sudo().employee_id.user_id == user
            checklist.is_own = own
            # On their own checklist an HR officer is an employee like any other.
            checklist.can_manage = is_hr and not own
            checklist.is_locked = (checklist.state == "done" or bool(checklist.reviewed_by_id)) and not (
                is_hr and not own
            )
            checklist.can_confirm = not own and (is_hr or checklist in team)

    def _check_company(self, fnames=None):
        """Clients' job and department must be of the checklist's company. The generation
        (superuser, not steerable from a client) copies them from the employee, whose own
        company check (hr) covers them: checking each again would cost it 5 % more."""
        if self.env.su:
            if fnames is None or {"company_id", "company_ids"} & set(fnames):
                fnames = list(self._fields)
            fnames = [name for name in fnames if name not in ("job_id", "department_id", "company_id")]
        return super()._check_company(fnames)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_no_system_fields(vals)
            employees = self.env["hr.employee"].sudo().browse([vals.get("employee_id") for vals in vals_list])
            if self.env.user in employees.user_id:
                raise AccessError(
                    self.env._(
                        "Nobody creates checklists for themselves, HR included: they are generated "
                        "from the job's duties."
                    )
                )
        else:
            # A checklist is never overdue on the day it is created (see _compute_progress):
            # the generation's precomputed state counts a deadline already past at creation.
            vals_list = [
                dict(vals, state="open") if vals.get("state") == "overdue" else vals for vals in vals_list
            ]
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_no_system_fields(vals, IDENTITY_FIELDS)
            own = self.filtered(lambda checklist: checklist.sudo().employee_id.user_id == self.env.user)
            # On their own checklist an HR officer is an employee like any other.
            if own or not self.env.user.has_group("hr.group_hr_user"):
                forbidden = [
                    name
                    for name in vals
                    if name not in SELF_SERVICE_FIELDS and not name.startswith("message_")
                ]
                if forbidden:
                    raise AccessError(
                        self.env._(
                            "Only HR officers can change a checklist (%(fields)s), and never their own. "
                            "Tick its lines instead.",
                            fields=self._field_labels(forbidden),
                        )
                    )
            if any(name != "line_ids" and not name.startswith("message_") for name in vals):
                # The lines check themselves (line_ids); the rest of a frozen period stays.
                Line = self.env["dealer_org.checklist.line"]
                Line._check_not_frozen_dates(
                    [(line.checklist_id.id, line.deadline) for line in self.sudo().line_ids]
                    + [(checklist.id, vals["deadline"]) for checklist in self if vals.get("deadline")]
                )
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self._check_not_own(self.env._("delete"))
            self.env["dealer_org.checklist.line"]._check_not_frozen_dates(
                [(line.checklist_id.id, line.deadline) for line in self.sudo().line_ids]
            )
        return super().unlink()

    def _check_not_own(self, what):
        """Refuse ``what`` (a verb: "delete", "add lines to" …) on the user's own checklists:
        nobody does more than tick their own, HR included."""
        own = self.sudo().filtered(lambda checklist: checklist.employee_id.user_id == self.env.user)
        if own:
            raise AccessError(
                self.env._(
                    "Nobody can %(what)s their own checklist (%(checklist)s), HR included: ask your "
                    "manager or another HR officer.",
                    what=what,
                    checklist=own[0].display_name,
                )
            )

    def _clear_review(self, lines, field_names):
        """A line of a reviewed checklist changed (by HR, or a confirmation): the review no
        longer covers what the checklist says. Empty it and say in the chatter who changed
        what after whose review."""
        user = self.env.user
        Line = self.env["dealer_org.checklist.line"]
        for checklist in self.sudo():
            changed = lines.sudo().filtered(lambda line, checklist=checklist: line.checklist_id == checklist)
            body = self.env._(
                "Changed after the review by %(reviewer)s (%(when)s): %(user)s changed %(fields)s of "
                "%(lines)s. The review was cleared: the checklist must be reviewed again.",
                reviewer=checklist.reviewed_by_id.name,
                when=format_datetime(self.env, checklist.reviewed_on),
                user=user.name,
                fields=Line._field_labels(field_names),
                lines="; ".join(changed.mapped("name")) or "-",
            )
            checklist.write({"reviewed_by_id": False, "reviewed_on": False})
            checklist.message_post(
                body=body, author_id=user.partner_id.id, message_type="comment", subtype_xmlid="mail.mt_note"
            )

    @api.model
    def _check_no_system_fields(self, vals, also=()):
        """Refuse the fields the checklist maintains itself (and ``also``) in ``vals``."""
        refused = [name for name in vals if name in SYSTEM_FIELDS or name in also]
        if refused:
            raise AccessError(
                self.env._(
                    "%(fields)s of a checklist cannot be set by hand: the progress follows its "
                    "lines, the review is the “Mark as Reviewed” button, and the employee and "
                    "period are fixed when the checklist is generated.",
                    fields=self._field_labels(refused),
                )
            )

    @api.model
    def _field_labels(self, names):
        return ", ".join(
            self._fields[name]._description_string(self.env) for name in names if name in self._fields
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_review(self):
        """The employee's manager (or HR) marks the checklists as reviewed.

        Only checklists the user may read (their companies, their team) are reviewed, and
        nobody reviews their own, HR included. Error messages name only checklists the
        user may read."""
        user = self.env.user
        _ = self.env._
        # AccessError for any checklist outside the user's companies or team.
        self.check_access("read")
        own = self.filtered(lambda checklist: checklist.sudo().employee_id.user_id == user)
        if own:
            raise UserError(
                _(
                    "Nobody reviews their own checklist: ask your manager or HR to review %(checklists)s.",
                    checklists=", ".join(own.mapped("display_name")),
                )
            )
        if not user.has_group("hr.group_hr_user"):
            team = self.sudo().search([("id", "in", self.ids), *self._team_domain(user)])
            others = self - team
            if others:
                raise UserError(
                    _(
                        "Only the employee's manager or HR can review %(checklists)s.",
                        checklists=", ".join(others.mapped("display_name")),
                    )
                )
        self.sudo().write({"reviewed_by_id": user.id, "reviewed_on": fields.Datetime.now()})
        return True

    @api.model
    def _action_team_checklists(self):
        """The checklists of the current user's team, their own left out. A user who
        manages nobody (the menu is hidden from them; a bookmark still leads here) is told
        so instead of being shown an empty list."""
        if not self._is_team_manager(self.env.user):
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("My Team's Checklists"),
                    "message": self.env._(
                        "You manage no team: nobody has you as manager, neither directly nor as "
                        "the manager of their department."
                    ),
                    "type": "info",
                    "sticky": False,
                },
            }
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_org.dealer_org_checklist_action_all")
        action["name"] = self.env._("My Team's Checklists")
        action["domain"] = [("employee_id.user_id", "!=", self.env.uid), *self._team_domain(self.env.user)]
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _is_team_manager(self, user):
        """Whether ``user`` manages an employee other than themselves: as their manager
        (parent) or as the manager of their department (the team of _team_domain). Read as
        superuser: the answer is about ``user`` only, never steerable to another one."""
        employees = user.employee_ids
        if not employees:
            return False
        return bool(
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=True)
            .search_count(
                [
                    ("id", "not in", employees.ids),
                    "|",
                    ("parent_id", "in", employees.ids),
                    ("department_id.manager_id", "in", employees.ids),
                ],
                limit=1,
            )
        )

    @api.model
    def _team_domain(self, user):
        """Checklists of the user's team: employees under them in the manager chain (their
        own included) and the members of departments they manage, archived ones included.

        The team is resolved here to a list of employee ids (one query, as superuser: it
        only narrows what the record rules let the user read), so that the database finds
        the checklists by the employee index. As a domain on the employees' manager chain
        it would read every checklist of the user's companies (a year of a store's
        history) and filter them (docs/scale.md, "A year of history")."""
        team = (
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("id", "child_of", user.employee_ids.ids),
                    ("department_id.manager_id.user_id", "=", user.id),
                ]
            )
        )
        return [("employee_id", "in", team.ids)]

    @api.model
    def _cron_generate(self, employees=None, now=None):
        """Scheduled: generate the due checklists in committed batches, then flag the
        overdue ones; return the number of employees of the batch this call generated.

        One batch per call: the employees who may have something due
        (``_generation_candidates``) are taken by id in chunks of
        ``dealer_org.generation_batch_size`` (5,000 by default); the first chunk with
        something due is generated and committed, and the progress reported to Odoo's cron
        runner (``ir.cron._notify_progress``), which calls again while work remains. A run
        killed at any point is resumed by the next call: what was committed stays, what was
        lost is due again, nothing is created twice. Cron workers running at once share the
        work: a chunk another worker is generating (a transaction-scoped advisory lock on
        its first employee) is left to it. With the last batch and once nothing is left to
        generate, each call then flags and notifies a batch of overdue checklists
        (``_update_overdue``, committed, shared between workers and resumable likewise);
        a call with nothing to generate returns how many. ``employees`` and ``now``
        narrow the run (tests)."""
        # The monthly completion report: lines whose deadline came since yesterday become due
        # (once a day; committed on its own).
        Completion = self.env["dealer_org.checklist.completion"]
        self._cron_retrying(lambda: Completion._refresh_completion(now=now))
        size = self.env["dealer_org.kpi.evaluation"]._generation_batch_size()
        candidate_ids = self._generation_candidates(employees, now)
        Employee = self.env["hr.employee"]
        done = busy = 0
        remaining = None
        for offset in range(0, len(candidate_ids), size):
            chunk = Employee.browse(candidate_ids[offset : offset + size])
            created = self._cron_retrying(lambda chunk=chunk: self._generate_batch(chunk, now))
            self.env.invalidate_all()  # each batch starts with an empty cache: memory stays flat
            if created is None:  # another worker's
                busy += len(chunk)
            elif created:
                done = len(chunk)
                remaining = busy + len(candidate_ids) - offset - len(chunk)
                break
        if remaining is None:
            remaining = busy
        if not remaining:
            # Everything is generated: flag what is overdue now, a batch per call as well
            # (with the last generated batch: its own transaction).
            stats = {}
            notified = self._cron_retrying(
                lambda: self._update_overdue(employees=employees, limit=size, now=now, stats=stats)
            )
            self.env.invalidate_all()
            done = done or len(notified) or stats.get("flagged", 0)
            # A full batch of flags or of notifications: more may wait (checklists flagged
            # again after a reopening were notified before, so the two counts can differ).
            if size in (len(notified), stats.get("flagged")):
                remaining = max(1, self._overdue_remaining(employees))
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    @api.model
    def _overdue_remaining(self, employees=None):
        """How many overdue checklists still wait for their activities (the progress the
        cron reports; those still to flag are found by the next call)."""
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM dealer_org_checklist c "
                "WHERE c.state = 'overdue' AND c.overdue_notified IS NOT TRUE %s",
                self._overdue_scope(employees),
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _generation_candidates(self, employees=None, now=None):
        """Ids of the active employees (of ``employees``, or all) who may have checklists
        due, in id order: those whose job has checklist duties of a period type of which
        they have no checklist since the start of that period on the latest day of any
        timezone. A superset of the due ones (an employee whose day has not turned yet is
        in it; ``_generate_checklists`` decides), from one query on the unique key's index,
        without reading the employees."""
        now = now or fields.Datetime.now()
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("SELECT DISTINCT tz FROM resource_resource WHERE tz IS NOT NULL")
        today = max([local_today(now, tz) for [tz] in cr.fetchall()] or [local_today(now, "UTC")])
        starts = SQL(", ").join(
            SQL("(%s, %s::date)", period_type, period_of(period_type, today).start)
            for period_type, _label in PERIOD_TYPES
        )
        cr.execute(
            SQL(
                """SELECT DISTINCT e.id
                     FROM hr_employee e
                     JOIN dealer_org_job_duty duty ON duty.job_id = e.job_id AND duty.checklist_item
                     JOIN (VALUES %(starts)s) AS p(period_type, period_start) ON p.period_type = duty.period
                    WHERE e.active %(scope)s
                      AND NOT EXISTS (SELECT 1 FROM dealer_org_checklist c
                                       WHERE c.employee_id = e.id AND c.period_type = p.period_type
                                         AND c.period_start >= p.period_start)
                 ORDER BY e.id""",
                starts=starts,
                scope=SQL() if employees is None else SQL("AND e.id = ANY(%s)", employees.ids),
            )
        )
        return [row[0] for row in cr.fetchall()]

    @api.model
    def _generate_batch(self, employees, now=None):
        """Generate the due checklists of ``employees`` (a chunk of the cron) and return
        them, or None when another worker is generating the same chunk."""
        self.env.cr.execute(
            SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", GENERATION_LOCK, employees.ids[0])
        )
        if not self.env.cr.fetchone()[0]:
            return None
        return self._generate_checklists(employees=employees, now=now)

    @api.model
    def _cron_retrying(self, work):
        """Run ``work`` and commit it; return its result.

        Another generation may run at the same time (a second cron worker, an HR officer's
        wizard). Odoo runs transactions at REPEATABLE READ: what the other one commits
        meanwhile is invisible here, and writing over it fails with a serialization failure
        (the overdue flags of the same checklists), a unique violation or a deadlock. As
        Odoo's request loop does (odoo.service.model.retrying), the work is then rolled back
        and retried in a fresh transaction, which sees the other run's checklists and
        creates only what is still missing, at most CRON_MAX_TRIES times. A successful try
        is committed: a cron may commit (ir.cron commits its own bookkeeping around the
        job, and the rollback of a failed try must not undo more than this batch).
        """
        if getattr(threading.current_thread(), "testing", False):
            # In a test's transaction: its cursor can neither commit nor roll back.
            result = work()
            self.env.flush_all()
            return result
        for attempt in range(1, CRON_MAX_TRIES + 1):
            try:
                result = work()
                self.env.flush_all()
                # Each batch is committed on its own (see above): a later failure must not undo it.
                self.env.cr.commit()  # pylint: disable=invalid-commit
                return result
            except CONCURRENCY_ERRORS as error:
                self.env.cr.rollback()
                if attempt == CRON_MAX_TRIES:
                    _logger.warning(
                        "dealer_org: checklist generation still conflicts with a concurrent one "
                        "after %d tries (%s); the next run will complete it",
                        attempt,
                        type(error).__name__,
                    )
                    raise
                wait = random.uniform(0.1, 0.5 * 2**attempt)
                _logger.info(
                    "dealer_org: checklist generation conflicted with a concurrent one (%s); "
                    "trying again in %.2f s",
                    type(error).__name__,
                    wait,
                )
                time.sleep(wait)

    @api.model
    def _generate_checklists(self, employees=None, on_date=None, period_types=None, now=None):
        """Create the due checklists and their lines; return the new checklists.

        Without ``on_date``, each employee gets the periods current on their own day (in
        their timezone, at ``now``, a naive UTC datetime) plus the periods missed since
        their latest checklist, at most their company's catch-up bound. With ``on_date``,
        the periods containing that date. Only active employees holding a job with
        checklist duties count; existing checklists are kept, so running twice creates
        nothing. A constant number of queries besides the inserts, whatever the number
        of employees.

        Runs as superuser and creates for every company: callers reachable from a client
        (the wizard) pass the ``employees`` the user may act on. A duty whose schedule
        cannot give a deadline is left out with a warning (see ``_generation_duties``).
        """
        Checklist = self.sudo().with_context(GENERATION_CONTEXT, active_test=True)
        types = period_types or [key for key, _label in PERIOD_TYPES]
        staff = self._generate_checklists_eligible(employees, types)
        if not staff:
            return Checklist.browse()
        duties = self._generation_duties(staff, types)

        now = now or fields.Datetime.now()
        # One query for the timezones (reading employee.tz would prefetch by 1,000).
        self.env["resource.resource"].sudo().search_fetch([("id", "in", staff.resource_id.ids)], ["tz"])
        today_by_tz = {tz: local_today(now, tz) for tz in set(staff.mapped("tz"))}
        if on_date:
            wanted = self._generation_wanted_on(Checklist, staff, duties, types, on_date)
        else:
            wanted = self._generation_wanted_due(Checklist, staff, duties, types, today_by_tz)
        wanted = self._generation_not_frozen(wanted)
        deadlines = self._generation_deadlines(wanted, duties)
        wanted = [(employee, period) for employee, period in wanted if deadlines[employee.job_id.id, period]]
        if not wanted:
            return Checklist.browse()

        rows = self._generation_rows(wanted, deadlines, today_by_tz)
        checklists = Checklist._create_missing(rows)
        _logger.info("dealer_org: %d checklists generated", len(checklists))
        return checklists.with_env(self.env)

    @api.model
    def _generation_rows(self, wanted, deadlines, today_by_tz):
        """The rows to write: one dict per checklist with what its computed fields will be
        (no line done yet, and open: a checklist is never born overdue, even when a line's
        deadline is already past, see _compute_progress) and its ``lines``,
        [(duty id, deadline)]."""
        rows = []
        for employee, period in wanted:
            duty_deadlines = deadlines[employee.job_id.id, period]
            rows.append(
                {
                    "employee_id": employee.id,
                    "job_id": employee.job_id.id,
                    "department_id": employee.department_id.id,
                    "company_id": employee.company_id.id,
                    "period_type": period.type,
                    "period_start": period.start,
                    "period_end": period.end,
                    "deadline": max(deadline for _duty, deadline in duty_deadlines),
                    "state": "open",
                    "lines": [(duty.id, deadline) for duty, deadline in duty_deadlines],
                }
            )
        return rows

    @api.model
    def _generation_duties(self, staff, types):
        """The checklist duties of the staff's jobs: {(job id, period type): [duty]}.

        The form refuses a schedule out of range (a deadline of 3,000,000 days …), but the
        database may still hold one (written by SQL, an import, an older version). Such a
        duty is left out of the checklists with a warning naming it, rather than stopping
        the generation for every employee of every company or guessing its deadline; its
        job's other duties are generated as usual, and the duty's line comes once HR
        corrects it (on the next generation of a period not generated yet)."""
        duties = defaultdict(list)
        for duty in (
            self.env["dealer_org.job.duty"]
            .sudo()
            .search_fetch(
                [("job_id", "in", staff.job_id.ids), ("checklist_item", "=", True), ("period", "in", types)],
                [
                    "job_id",
                    "sequence",
                    "name",
                    "period",
                    "weekday",
                    "month_day",
                    "period_month",
                    "deadline_days",
                ],
            )
        ):
            problem = duty._checklist_schedule_problem()
            if problem:
                self._warn_bad_duty(duty, problem)
                continue
            duties[duty.job_id.id, duty.period].append(duty)
        return duties

    @api.model
    def _warn_bad_duty(self, duty, problem):
        _logger.warning(
            "dealer_org: duty %s of job %s left out of the checklists: %s. Correct it on the job form.",
            duty.id,
            duty.job_id.id,
            problem,
        )

    @api.model
    def _generation_wanted_on(self, Checklist, staff, duties, types, on_date):
        """(employee, period) of the periods containing ``on_date`` not generated yet."""
        wanted = [
            (employee, period_of(period_type, on_date))
            for employee in staff
            for period_type in types
            if (employee.job_id.id, period_type) in duties
        ]
        existing = {
            (c.employee_id.id, c.period_type, c.period_start)
            for c in Checklist.search_fetch(
                [
                    ("employee_id", "in", staff.ids),
                    ("period_start", "in", list({period.start for _e, period in wanted})),
                ],
                ["employee_id", "period_type", "period_start"],
            )
        }
        return [(e, p) for e, p in wanted if (e.id, p.type, p.start) not in existing]

    @api.model
    def _generation_not_frozen(self, wanted):
        """``wanted`` without the (employee, period) a submitted, approved or locked
        evaluation of the employee overlaps: that evaluation reads the period's lines, so
        neither the wizard nor the cron's catch-up adds any. One query."""
        if not wanted:
            return wanted
        frozen = defaultdict(list)  # employee id -> [(start, end)] of their freezing evaluations
        for evaluation in (
            self.env["dealer_org.kpi.evaluation"]
            .sudo()
            .search_fetch(
                [
                    ("employee_id", "in", list({e.id for e, _p in wanted})),
                    ("state", "in", FREEZING_STATES),
                    ("period_start", "<=", max(p.end for _e, p in wanted)),
                    ("period_end", ">=", min(p.start for _e, p in wanted)),
                ],
                ["employee_id", "period_start", "period_end"],
            )
        ):
            frozen[evaluation.employee_id.id].append((evaluation.period_start, evaluation.period_end))
        return [
            (e, p)
            for e, p in wanted
            if not any(start <= p.end and end >= p.start for start, end in frozen.get(e.id, ()))
        ]

    @api.model
    def _generation_wanted_due(self, Checklist, staff, duties, types, today_by_tz):
        """(employee, period) due on each employee's day: the current periods and the
        missed ones since their latest checklist, within their company's catch-up bound."""
        # The latest checklist of each employee and period type: one index probe each on
        # the unique key (a GROUP BY would read every checklist of a year of history).
        Checklist.flush_model(["employee_id", "period_type", "period_start"])
        self.env.cr.execute(
            SQL(
                """SELECT e.id, t.type,
                          (SELECT c.period_start FROM dealer_org_checklist c
                            WHERE c.employee_id = e.id AND c.period_type = t.type
                              AND c.period_start <= %(today)s
                         ORDER BY c.period_start DESC LIMIT 1)
                     FROM unnest(%(employees)s::int[]) AS e(id)
                    CROSS JOIN unnest(%(types)s::varchar[]) AS t(type)""",
                today=max(today_by_tz.values()),
                employees=staff.ids,
                types=list(types),
            )
        )
        latest = {
            (employee, period_type): start for employee, period_type, start in self.env.cr.fetchall() if start
        }
        catch_up = {
            company.id: company.checklist_catch_up_periods
            for company in self.env["res.company"].sudo().search_fetch([], ["checklist_catch_up_periods"])
        }
        wanted = []
        for employee in staff:
            today = today_by_tz[employee.tz]
            for period_type in types:
                if (employee.job_id.id, period_type) not in duties:
                    continue
                wanted += [
                    (employee, period)
                    for period in periods_to_generate(
                        period_type,
                        today,
                        latest.get((employee.id, period_type)),
                        catch_up.get(employee.company_id.id, 0),
                    )
                ]
        return wanted

    @api.model
    def _generation_deadlines(self, wanted, duties):
        """{(job id, period): [(duty, deadline)]} for the wanted periods. A duty whose
        deadline falls outside the dates a checklist can store is left out, and so is such
        a period (warnings)."""
        deadlines = {}
        for employee, period in wanted:
            key = (employee.job_id.id, period)
            if key in deadlines:
                continue
            deadlines[key] = []
            if not (DATE_MIN <= period.start and period.end <= DATE_MAX):
                _logger.warning(
                    "dealer_org: no %s checklists of %s: beyond the dates a checklist stores",
                    period.type,
                    period.key,
                )
                continue
            for duty in duties[employee.job_id.id, period.type]:
                try:
                    deadline = duty_deadline(
                        period,
                        weekday=duty.weekday,
                        month_day=duty.month_day,
                        period_month=duty.period_month,
                        deadline_days=duty.deadline_days,
                    )
                except (ValueError, OverflowError) as error:
                    self._warn_bad_duty(duty, error)
                    continue
                if not (DATE_MIN <= deadline <= DATE_MAX):
                    self._warn_bad_duty(duty, f"deadline {deadline} in {period.key}")
                    continue
                deadlines[key].append((duty, deadline))
        return deadlines

    @api.model
    def _generate_checklists_eligible(self, employees=None, period_types=None):
        """The active employees (of ``employees``, or all) whose job has checklist duties of
        ``period_types``: those the generation works for. One query."""
        types = period_types or [key for key, _label in PERIOD_TYPES]
        domain = [("job_id.duty_ids", "any", [("checklist_item", "=", True), ("period", "in", types)])]
        if employees is not None:
            domain.append(("id", "in", employees.ids))
        return (
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=True)
            .search_fetch(domain, ["job_id", "department_id", "company_id", "resource_id"])
        )

    @api.model
    def _action_for(self, checklists):
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_org.dealer_org_checklist_action_all")
        action["domain"] = [("id", "in", checklists.ids)]
        action["context"] = {}
        return action

    def _create_missing(self, rows):
        """Write the checklists of ``rows`` (see ``_generation_rows``; ``lines`` and
        ``state`` optional) that do not exist yet, with their lines; return them.

        Set-based: one INSERT of the checklists, one INSERT … SELECT of their lines (which
        takes each line's text in every language from its duty), with the stored computed
        and related fields written as the ORM would compute them. A concurrent generation
        may have committed some of these checklists since this transaction began: the
        unique key (employee, period type, period start) then rejects the batch (an ``ON
        CONFLICT DO NOTHING`` would raise a serialization failure instead, at REPEATABLE
        READ), and the checklists are inserted one by one, each in a savepoint, keeping the
        other's."""
        if not rows:
            return self.browse()
        self.env.flush_all()
        cr = self.env.cr
        try:
            with mute_logger("odoo.sql_db"), cr.savepoint(flush=False):
                ids = self._insert_checklists(rows)
        except UniqueViolation:
            _logger.info("dealer_org: checklists generated concurrently; creating the missing ones")
            ids = []
            for row in rows:
                try:
                    with mute_logger("odoo.sql_db"), cr.savepoint(flush=False):
                        ids += self._insert_checklists([row])
                except UniqueViolation:
                    continue
        self._insert_lines(ids, rows)
        self.invalidate_model()
        self.env["dealer_org.checklist.line"].invalidate_model()
        return self.browse(ids)

    def _insert_checklists(self, rows):
        """INSERT the checklists of ``rows`` in one statement; return their ids (in the
        order of ``rows``)."""
        cr = self.env.cr
        columns = defaultdict(list)
        for row in rows:
            lines = row.get("lines", ())
            for name in ("employee_id", "job_id", "department_id", "company_id"):
                columns[name].append(row.get(name) or None)
            for name in ("period_type", "period_start", "period_end", "deadline"):
                columns[name].append(row[name])
            columns["state"].append(row.get("state", "open"))
            columns["line_count"].append(len(lines))
        cr.execute(
            SQL(
                """INSERT INTO dealer_org_checklist (employee_id, job_id, department_id, company_id,
                       period_type, period_start, period_end, deadline, state, line_count,
                       completed_count, completion_rate, overdue_notified,
                       create_uid, create_date, write_uid, write_date)
                   SELECT r.employee_id, r.job_id, r.department_id, r.company_id, r.period_type,
                          r.period_start, r.period_end, r.deadline, r.state, r.line_count,
                          0, 0, false, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(employee)s::int[], %(job)s::int[], %(department)s::int[],
                                 %(company)s::int[], %(type)s::varchar[], %(start)s::date[],
                                 %(end)s::date[], %(deadline)s::date[], %(state)s::varchar[],
                                 %(line_count)s::int[])
                          WITH ORDINALITY AS r(employee_id, job_id, department_id, company_id, period_type,
                               period_start, period_end, deadline, state, line_count, n)
                 ORDER BY r.n
                RETURNING id""",
                employee=columns["employee_id"],
                job=columns["job_id"],
                department=columns["department_id"],
                company=columns["company_id"],
                type=columns["period_type"],
                start=columns["period_start"],
                end=columns["period_end"],
                deadline=columns["deadline"],
                state=columns["state"],
                line_count=columns["line_count"],
                uid=self.env.uid,
                now=cr.now(),
            )
        )
        return [row[0] for row in cr.fetchall()]

    def _insert_lines(self, checklist_ids, rows):
        """INSERT the lines of the new checklists ``checklist_ids`` (their ``rows``'
        ``lines``) in one INSERT … SELECT: text (all languages) and sequence from the duty,
        employee, company, job, department and period from the checklist."""
        if not checklist_ids:
            return
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT id, employee_id, period_type, period_start "
                "FROM dealer_org_checklist WHERE id = ANY(%s)",
                checklist_ids,
            )
        )
        new = {(employee, period_type, start): id_ for id_, employee, period_type, start in cr.fetchall()}
        checklist_col, duty_col, deadline_col = [], [], []
        for row in rows:
            checklist_id = new.get((row["employee_id"], row["period_type"], row["period_start"]))
            if not checklist_id:
                continue
            for duty_id, deadline in row.get("lines", ()):
                checklist_col.append(checklist_id)
                duty_col.append(duty_id)
                deadline_col.append(deadline)
        if not checklist_col:
            return
        cr.execute(
            SQL(
                """INSERT INTO dealer_org_checklist_line (checklist_id, duty_id, sequence, name, deadline,
                       result, completion, on_time, employee_id, company_id, department_id, job_id,
                       period_type, period_start, create_uid, create_date, write_uid, write_date)
                   SELECT v.checklist_id, v.duty_id, duty.sequence, duty.name, v.deadline, 'open', 0, false,
                          c.employee_id, c.company_id, c.department_id, c.job_id, c.period_type,
                          c.period_start, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(checklists)s::int[], %(duties)s::int[], %(deadlines)s::date[])
                          WITH ORDINALITY AS v(checklist_id, duty_id, deadline, n)
                     JOIN dealer_org_job_duty duty ON duty.id = v.duty_id
                     JOIN dealer_org_checklist c ON c.id = v.checklist_id
                 ORDER BY v.n""",
                checklists=checklist_col,
                duties=duty_col,
                deadlines=deadline_col,
                uid=self.env.uid,
                now=cr.now(),
            )
        )

    @api.model
    def _update_overdue(self, employees=None, limit=None, now=None, stats=None):
        """Flag the open checklists with a line past its deadline as overdue and, as each
        company configures it, give the employee (and the manager) an activity, once per
        checklist. Return the checklists newly notified. ``employees``: only theirs.
        ``stats`` (a dict), when given, receives the number of checklists flagged ("flagged").

        One batch of at most ``limit`` checklists flagged and ``limit`` notified (all when
        None), set-based: a constant number of queries whatever their number (see
        ``_overdue_flag`` and ``_schedule_overdue_activities``). The checklists of a batch
        are locked (``FOR UPDATE SKIP LOCKED``): a concurrent run (another cron worker)
        takes the next ones, and a checklist another run notified meanwhile makes this
        transaction fail with a serialization failure (REPEATABLE READ), which the cron
        retries (``_cron_retrying``); the flag and its activities are committed together,
        so a resumed run never schedules an activity twice."""
        now = now or fields.Datetime.now()
        self.env.flush_all()
        flagged = self._overdue_flag(employees, limit, now)
        if stats is not None:
            stats["flagged"] = len(flagged)
        cr = self.env.cr
        cr.execute(
            SQL(
                """SELECT c.id FROM dealer_org_checklist c
                    WHERE c.state = 'overdue' AND c.overdue_notified IS NOT TRUE %(scope)s
                 ORDER BY c.id %(limit)s
                      FOR UPDATE SKIP LOCKED""",
                scope=self._overdue_scope(employees),
                limit=SQL("LIMIT %s", limit) if limit else SQL(),
            )
        )
        overdue = self.sudo().browse([row[0] for row in cr.fetchall()])
        if not overdue:
            return self.browse()
        overdue._schedule_overdue_activities(now)
        cr.execute(
            SQL(
                "UPDATE dealer_org_checklist SET overdue_notified = true, write_uid = %s, write_date = %s "
                "WHERE id = ANY(%s)",
                self.env.uid,
                cr.now(),
                overdue.ids,
            )
        )
        overdue.invalidate_recordset(["overdue_notified", "write_uid", "write_date"])
        return overdue.with_env(self.env)

    @api.model
    def _overdue_scope(self, employees):
        return SQL() if employees is None else SQL("AND c.employee_id = ANY(%s)", employees.ids)

    @api.model
    def _overdue_flag(self, employees, limit, now):
        """Set the state of (at most ``limit``) open checklists that are overdue on their
        employee's day to overdue, in one UPDATE; return their ids. The rule of
        ``_compute_progress``: a line still to do whose deadline, or the checklist's
        creation day if later, is before today in the employee's timezone. Computed per
        timezone in Python (as ``local_today``), so the SQL compares dates only."""
        cr = self.env.cr
        cr.execute("SELECT DISTINCT COALESCE(tz, '') FROM resource_resource")
        days = []
        for [tz] in cr.fetchall():
            today = local_today(now, tz)
            try:
                zone = pytz.timezone(tz or "UTC")
            except pytz.UnknownTimeZoneError:
                zone = pytz.utc
            midnight = zone.localize(datetime.combine(today, datetime.min.time()))
            since = midnight.astimezone(pytz.utc).replace(tzinfo=None)
            days.append(SQL("(%s, %s::date, %s::timestamp)", tz, today, since))
        if not days:
            return []
        cr.execute(
            SQL(
                """WITH day(tz, today, since) AS (VALUES %(days)s),
                        due AS (SELECT c.id
                                  FROM dealer_org_checklist c
                                  JOIN hr_employee e ON e.id = c.employee_id
                                  JOIN resource_resource r ON r.id = e.resource_id
                                  JOIN day ON day.tz = COALESCE(r.tz, '')
                                 WHERE c.state = 'open' %(scope)s
                                   AND c.create_date < day.since
                                   AND EXISTS (SELECT 1 FROM dealer_org_checklist_line l
                                                WHERE l.checklist_id = c.id
                                                  AND l.result IN ('open', 'na_requested')
                                                  AND l.deadline < day.today)
                              ORDER BY c.id %(limit)s
                                   FOR UPDATE OF c SKIP LOCKED)
                   UPDATE dealer_org_checklist c
                      SET state = 'overdue', write_uid = %(uid)s, write_date = %(now)s
                     FROM due WHERE c.id = due.id
                RETURNING c.id""",
                days=SQL(", ").join(days),
                scope=self._overdue_scope(employees),
                limit=SQL("LIMIT %s", limit) if limit else SQL(),
                uid=self.env.uid,
                now=cr.now(),
            )
        )
        flagged = [row[0] for row in cr.fetchall()]
        self.browse(flagged).invalidate_recordset(["state", "write_uid", "write_date"])
        self.env["dealer_org.checklist.line"].invalidate_model(["checklist_state"])
        return flagged

    def _schedule_overdue_activities(self, now=None):
        """Give the overdue checklists ``self`` their activities: one to the employee's
        user and, when the company asks for it, one to their manager's (the employee's
        manager, else the department's), each written in its reader's language, due today
        on the employee's day. Companies without overdue activities get none.

        A constant number of queries: one read of everything the texts need, then one
        statement that inserts the activities (real ``mail.activity`` rows, as its create
        would write them; the ORM create subscribes the assignees one user at a time),
        their assignees as followers of the checklists (with the default subtypes, as
        ``message_subscribe`` would), and one web client notification per assignee. No
        e-mail per activity (thousands a day in a group)."""
        activity_type = self.env.ref(
            "dealer_org.mail_activity_type_checklist_overdue", raise_if_not_found=False
        )
        if not activity_type or not self:
            return
        now = now or fields.Datetime.now()
        cr = self.env.cr
        cr.execute(
            SQL(
                """SELECT c.id, c.period_type, c.period_start, c.completed_count, c.line_count,
                          e.name, r.tz, co.checklist_notify_manager,
                          eu.id, ep.lang, ep.id, mu.id, mp.lang, mp.id
                     FROM dealer_org_checklist c
                     JOIN res_company co ON co.id = c.company_id AND co.checklist_overdue_activity
                     JOIN hr_employee e ON e.id = c.employee_id
                     JOIN resource_resource r ON r.id = e.resource_id
                LEFT JOIN hr_department d ON d.id = e.department_id
                LEFT JOIN hr_employee m ON m.id = COALESCE(e.parent_id, d.manager_id)
                LEFT JOIN res_users eu ON eu.id = e.user_id
                LEFT JOIN res_partner ep ON ep.id = eu.partner_id
                LEFT JOIN res_users mu ON mu.id = m.user_id
                LEFT JOIN res_partner mp ON mp.id = mu.partner_id
                    WHERE c.id = ANY(%s)
                 ORDER BY c.id""",
                self.ids,
            )
        )
        rows = cr.fetchall()
        by_lang = {}

        def texts(lang):
            if lang not in by_lang:
                env = self.with_context(lang=lang).env
                types = dict(self._fields["period_type"]._description_selection(env))
                by_lang[lang] = (env._, types)
            return by_lang[lang]

        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list, assignees, partners = [], [], set()
        for (
            checklist_id,
            period_type,
            period_start,
            done,
            total,
            employee_name,
            tz,
            notify_manager,
            user_id,
            user_lang,
            user_partner,
            manager_id,
            manager_lang,
            manager_partner,
        ) in rows:
            readers = {user_id: (user_lang, user_partner)} if user_id else {}
            if notify_manager and manager_id and manager_id not in readers:
                readers[manager_id] = (manager_lang, manager_partner)
            key = period_of(period_type, period_start).key
            for reader, (lang, partner) in readers.items():
                partners.add(partner)
                # Written in the language of the user who reads it (the employee's, their manager's).
                _, types = texts(lang or self.env.lang)
                name = _(
                    "%(employee)s – %(period)s %(key)s",
                    employee=employee_name or "",
                    period=types.get(period_type, ""),
                    key=key,
                )
                vals_list.append(
                    {
                        "res_id": checklist_id,
                        "res_name": name,
                        "date_deadline": local_today(now, tz),
                        "summary": _("Overdue checklist: %(checklist)s", checklist=name),
                        "note": plaintext2html(
                            _(
                                "%(done)s of %(total)s lines of %(checklist)s are ticked: tick the "
                                "lines still to do as done or not applicable.",
                                done=done,
                                total=total,
                                checklist=name,
                            )
                        ),
                    }
                )
                assignees.append(reader)
        if not vals_list:
            return
        subtypes, _internal, external = self.env["mail.message.subtype"].sudo().default_subtypes(self._name)
        cr.execute(
            SQL(
                """WITH v AS (SELECT * FROM unnest(%(res_ids)s::int[], %(users)s::int[], %(names)s::varchar[],
                                                   %(summaries)s::varchar[], %(notes)s::text[],
                                                   %(deadlines)s::date[])
                                     AS v(res_id, user_id, res_name, summary, note, date_deadline)),
                        activity AS (INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
                                            activity_type_id, user_id, user_tz, summary, note, date_deadline,
                                            automated, active, create_uid, create_date, write_uid, write_date)
                                     SELECT %(model_id)s, %(model)s, v.res_id, v.res_name, %(type)s,
                                            v.user_id, p.tz, v.summary, v.note, v.date_deadline, false, true,
                                            %(uid)s, %(now)s, %(uid)s, %(now)s
                                       FROM v JOIN res_users u ON u.id = v.user_id
                                       JOIN res_partner p ON p.id = u.partner_id
                                  RETURNING res_id, user_id),
                        assigned AS (SELECT DISTINCT activity.res_id, u.partner_id, u.share
                                       FROM activity JOIN res_users u ON u.id = activity.user_id),
                        followed AS (INSERT INTO mail_followers (res_model, res_id, partner_id)
                                     SELECT DISTINCT %(model)s, res_id, partner_id FROM assigned
                                         ON CONFLICT DO NOTHING
                                  RETURNING id, partner_id)
                   INSERT INTO mail_followers_mail_message_subtype_rel
                          (mail_followers_id, mail_message_subtype_id)
                   SELECT DISTINCT f.id, s.id
                     FROM followed f
                     JOIN assigned a ON a.partner_id = f.partner_id
                     JOIN unnest(%(all)s::int[]) AS s(id)
                       ON NOT a.share OR s.id = ANY(%(external)s::int[])""",
                res_ids=[vals["res_id"] for vals in vals_list],
                users=assignees,
                names=[vals["res_name"] for vals in vals_list],
                summaries=[vals["summary"] for vals in vals_list],
                notes=[str(vals["note"]) for vals in vals_list],
                deadlines=[vals["date_deadline"] for vals in vals_list],
                model_id=model_id,
                model=self._name,
                type=activity_type.id,
                uid=self.env.uid,
                now=cr.now(),
                all=subtypes.ids,
                external=external.ids,
            )
        )
        self.env["mail.activity"].invalidate_model()
        self.env["mail.followers"].invalidate_model()
        self.invalidate_recordset(["message_follower_ids", "message_partner_ids", "activity_ids"])
        # What res.users._bus_send would send (to each user's partner), without reading them.
        self.env["res.partner"].browse(partners)._bus_send(
            "mail.activity/updated", {"activity_created": True}
        )

    def _close_overdue_activities(self):
        activity_type = self.env.ref(
            "dealer_org.mail_activity_type_checklist_overdue", raise_if_not_found=False
        )
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id if activity_type else False),
                ]
            )
        )
        if activities:
            activities.action_feedback(feedback=self.env._("Checklist completed."))

    @api.model
    def _get_completion_rates(self, employees, date_from, date_to, rate="on_time"):
        """Rate in percent (0–100) per employee id of the checklist lines due in [date_from,
        date_to]: with ``rate="on_time"`` (what the KPI "checklist completion", and so
        payroll, reads) the lines done by their deadline on the employee's day or confirmed
        not applicable; with ``rate="completion"`` the lines done (late or not) or confirmed
        not applicable. A "not applicable" still to confirm counts as not completed.
        Employees without due lines are left out. One query, under the caller's rights."""
        counts = self._get_completion_counts(employees, date_from, date_to)
        index = 2 if rate == "on_time" else 1
        return {employee_id: 100.0 * row[index] / row[0] for employee_id, row in counts.items()}

    @api.model
    def _get_completion_counts(self, employees, date_from, date_to):
        """{employee id: (due lines, completed lines, on-time lines)} of the checklist lines
        due in [date_from, date_to]. One query (grouped by employee, result and on time),
        under the caller's rights."""
        counts = defaultdict(lambda: [0, 0, 0])  # employee id -> [total, completed, on time]
        for employee, result, on_time, count in self.env["dealer_org.checklist.line"]._read_group(
            [
                ("employee_id", "in", employees.ids),
                ("deadline", ">=", date_from),
                ("deadline", "<=", date_to),
            ],
            ["employee_id", "result", "on_time"],
            ["__count"],
        ):
            row = counts[employee.id]
            row[0] += count
            if result in COMPLETED_RESULTS:
                row[1] += count
                if on_time or result == "not_applicable":
                    row[2] += count
        return {employee_id: tuple(row) for employee_id, row in counts.items()}
