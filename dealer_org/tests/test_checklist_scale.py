"""Checklist generation at scale (issue 11): set-based generation in committed batches.

Guards: the generation writes the same checklists and lines an ORM create would (the
stored progress, state and related fields consistent with their computes, the duties' text
in every language on the lines) and is idempotent; the cron generates one batch of
``dealer_org.generation_batch_size`` employees per call and reports its progress, and a
batch lost to a crash (kill -9 of the worker) is redone by the next call with nothing
created twice and nothing missing."""

from datetime import datetime

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
                line.employee_id, line.company_id, line.department_id, line.job_id,
                line.period_type, line.period_start, line.completion, line.sequence,
            )
            for line in checklists.line_ids
        }
        # What the ORM computes from the lines and the checklist.
        self.env.add_to_compute(self.Checklist._fields["line_count"], checklists)
        Line = self.env["dealer_org.checklist.line"]
        for name in ("employee_id", "company_id", "department_id", "job_id", "period_type", "period_start",
                     "completion"):
            self.env.add_to_compute(Line._fields[name], checklists.line_ids)
        self.env.flush_all()
        self.env.invalidate_all()
        for checklist in checklists:
            self.assertEqual(
                stored[checklist.id],
                (checklist.line_count, checklist.completed_count, checklist.completion_rate,
                 checklist.state, max(checklist.line_ids.mapped("deadline"))),
            )
            # Generated today for a past period: never born overdue (it is the next day).
            self.assertEqual(checklist.state, "open")
        for line in checklists.line_ids:
            self.assertEqual(
                lines_stored[line.id],
                (line.employee_id, line.company_id, line.department_id, line.job_id,
                 line.period_type, line.period_start, line.completion, line.duty_id.sequence),
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
