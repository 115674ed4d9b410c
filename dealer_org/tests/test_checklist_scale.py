"""Checklist generation at scale (issue 11): set-based generation in committed batches.

Guards: the generation writes the same checklists and lines an ORM create would (the
stored progress, state and related fields consistent with their computes, the duties' text
in every language on the lines) and is idempotent; the cron generates one batch of
``dealer_org.generation_batch_size`` employees per call and reports its progress, and a
batch lost to a crash (kill -9 of the worker) is redone by the next call with nothing
created twice and nothing missing."""

from datetime import date, datetime

from .checklist_common import PAST_MONDAY, ChecklistCase

NOW = datetime(2024, 5, 8, 2, 0)  # Wednesday 8 May 2024, morning in China


class TestChecklistScale(ChecklistCase):
    def test_rows_match_their_computes_and_translations(self):
        checklists = self.generate(on_date=PAST_MONDAY)
        self.assertEqual(len(checklists), 4 * 5)
        stored = {
            c.id: (c.line_count, c.completed_count, c.completion_rate, c.state, c.deadline)
            for c in checklists
        }
        lines_stored = {
            line.id: (
                line.employee_id,
                line.company_id,
                line.department_id,
                line.job_id,
                line.period_type,
                line.period_start,
                line.completion,
                line.sequence,
            )
            for line in checklists.line_ids
        }
        # What the ORM computes from the lines and the checklist.
        self.env.add_to_compute(self.Checklist._fields["line_count"], checklists)
        Line = self.env["dealer_org.checklist.line"]
        for name in (
            "employee_id",
            "company_id",
            "department_id",
            "job_id",
            "period_type",
            "period_start",
            "completion",
        ):
            self.env.add_to_compute(Line._fields[name], checklists.line_ids)
        self.env.flush_all()
        self.env.invalidate_all()
        for checklist in checklists:
            self.assertEqual(
                stored[checklist.id],
                (
                    checklist.line_count,
                    checklist.completed_count,
                    checklist.completion_rate,
                    checklist.state,
                    max(checklist.line_ids.mapped("deadline")),
                ),
            )
            # Generated today for a past period: never born overdue (it is the next day).
            self.assertEqual(checklist.state, "open")
        for line in checklists.line_ids:
            self.assertEqual(
                lines_stored[line.id],
                (
                    line.employee_id,
                    line.company_id,
                    line.department_id,
                    line.job_id,
                    line.period_type,
                    line.period_start,
                    line.completion,
                    line.duty_id.sequence,
                ),
            )
        daily = self.checklist(checklists, self.consultant, "daily")
        line = daily.line_ids.filtered(lambda line: line.duty_id == self.duty_daily)
        self.assertEqual(line.with_context(lang="zh_CN").name, "参加晨会、夕会")
        self.assertEqual(line.with_context(lang="en_US").name, "Attend the morning meeting")
        # Ticking a line keeps the progress right (the ORM takes over from the stored values).
        line.sudo().result = "done"
        self.assertEqual(daily.completed_count, 1)
        self.assertFalse(self.generate(on_date=PAST_MONDAY), "a second run creates nothing")


class TestChecklistCronBatches(ChecklistCase):
    def test_batches_until_done_and_a_lost_batch_is_redone(self):
        self.env["ir.config_parameter"].sudo().set_param("dealer_org.generation_batch_size", "1")
        Checklist = self.Checklist
        self.assertEqual(Checklist._cron_generate(employees=self.staff, now=NOW), 1)
        # A worker killed in the middle of the next batch: its transaction is lost.
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            Checklist._cron_generate(employees=self.staff, now=NOW)
            raise RuntimeError("kill -9")
        calls = 1
        while Checklist._cron_generate(employees=self.staff, now=NOW):
            calls += 1
            self.assertLess(calls, len(self.staff) + 2)
        self.assertEqual(calls, len(self.staff))
        self.env.cr.execute(
            """SELECT employee_id, period_type, period_start, count(*) FROM dealer_org_checklist
               GROUP BY 1, 2, 3 HAVING count(*) > 1"""
        )
        self.assertEqual(self.env.cr.fetchall(), [])
        checklists = Checklist.search([("employee_id", "in", self.staff.ids)])
        self.assertEqual(
            {(c.employee_id, c.period_type) for c in checklists},
            {(e, t) for e in self.staff for t in ("daily", "weekly", "monthly", "quarterly", "yearly")},
        )
        self.assertEqual(Checklist._cron_generate(employees=self.staff, now=NOW), 0, "nothing left")


class TestChecklistOverdueBatches(ChecklistCase):
    """The overdue flags and activities in bounded batches (issue 11)."""

    def overdue_batch(self, limit):
        """One batch; (checklists notified, queries it took)."""
        before = self.env.cr.sql_log_count
        notified = self.Checklist._update_overdue(employees=self.staff, limit=limit)
        return notified, self.env.cr.sql_log_count - before

    def test_the_cron_goes_on_while_flags_fill_a_batch(self):
        """Checklists flagged overdue again after a reopening were notified before: a batch
        that flags a full batch of them notifies none, and the cron still carries on until
        every overdue checklist is flagged."""
        self.env["ir.config_parameter"].sudo().set_param("dealer_org.generation_batch_size", 3)
        checklists = self.generate(on_date=PAST_MONDAY)
        self.age(checklists, days=(date.today() - PAST_MONDAY).days + 1)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE dealer_org_checklist SET overdue_notified = true WHERE id = ANY(%s)", [checklists.ids]
        )
        self.env.invalidate_all()
        with self.env.cr.savepoint(flush=False) as savepoint:
            overdue = self.Checklist._overdue_flag(self.staff, None, NOW)
            savepoint.rollback()
        self.env.invalidate_all()
        self.assertGreater(len(overdue), 3, "more than one batch to flag")
        calls = 0
        while self.Checklist._cron_generate(employees=self.staff, now=NOW):
            calls += 1
            self.assertLess(calls, 2 * len(checklists))
        flagged = checklists.filtered(lambda c: c.state == "overdue")
        self.assertEqual(sorted(flagged.ids), sorted(overdue), "every overdue checklist flagged")
        self.assertFalse(self.Checklist._overdue_flag(self.staff, None, NOW), "nothing left to flag")

    def test_bounded_batches_notify_each_checklist_once(self):
        self.main_company.write({"checklist_overdue_activity": True, "checklist_notify_manager": True})
        checklists = self.generate(on_date=PAST_MONDAY)
        self.assertEqual(len(checklists), 4 * 5)
        self.age(checklists)
        # The queries of one batch do not grow with its size: all 20 at once (measured in a
        # savepoint rolled back, after a warm-up of the caches) ...
        for _attempt in range(2):
            with self.assertRaises(RuntimeError), self.env.cr.savepoint():
                notified, queries_all = self.overdue_batch(None)
                self.assertEqual(notified, checklists)
                raise RuntimeError("rolled back")
            self.env.invalidate_all()
        # ... a worker killed in the middle of a batch: its transaction is lost ...
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            self.overdue_batch(3)
            raise RuntimeError("kill -9")
        self.env.invalidate_all()
        # ... and batches of 3 until nothing is left.
        seen, calls = [], 0
        while True:
            notified, queries = self.overdue_batch(3)
            if not notified:
                break
            calls += 1
            self.assertLessEqual(len(notified), 3)
            self.assertEqual(queries, queries_all, "a batch of 3 takes the queries of a batch of 20")
            seen += notified.ids
        self.assertEqual(calls, 7)
        self.assertEqual(sorted(seen), sorted(checklists.ids), "each checklist notified once")
        self.assertEqual(set(checklists.mapped("state")), {"overdue"})
        self.assertTrue(all(checklists.mapped("overdue_notified")))
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "dealer_org.checklist"), ("res_id", "in", checklists.ids)]
        )
        pairs = [(activity.res_id, activity.user_id) for activity in activities]
        self.assertEqual(len(pairs), len(set(pairs)), "no activity twice")
        consultant = checklists.filtered(lambda c: c.employee_id == self.consultant)
        self.assertEqual(
            {(a.res_id, a.user_id) for a in activities if a.res_id in consultant.ids},
            {(c.id, user) for c in consultant for user in (self.consultant_user, self.supervisor_user)},
            "the employee and their manager",
        )
        abroad = checklists.filtered(lambda c: c.employee_id == self.utc_consultant)
        self.assertEqual(
            {a.user_id for a in activities if a.res_id in abroad.ids},
            {self.dept_manager_user},
            "no user: their department's manager only",
        )
        # The assignees follow the checklist, as an activity's assignee does.
        for checklist in consultant:
            self.assertLessEqual(
                self.consultant_user.partner_id | self.supervisor_user.partner_id,
                checklist.message_partner_ids,
            )
            self.assertTrue(
                checklist.message_follower_ids.filtered(
                    lambda f: f.partner_id == self.consultant_user.partner_id
                ).subtype_ids
            )
        activity = activities.filtered(lambda a: a.user_id == self.consultant_user)[:1]
        self.assertEqual(activity.user_tz, "Asia/Shanghai")
        self.assertEqual(activity.res_name, self.Checklist.browse(activity.res_id).display_name)
        self.assertFalse(self.Checklist._update_overdue(employees=self.staff), "nothing left")
