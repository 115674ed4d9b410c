"""The monthly checklist completion (dealer_org.checklist.completion) read by the Checklist
Completion report.

Guards: after checklists are generated, the aggregate per employee × month equals a
GROUP BY of the lines (due / completed / upcoming at the due-until date); ticking a line
done, not applicable or back to do, deleting a checklist, and deleting a job, a
department or an employee that has lines, update it at once (the database trigger) and
go through; the daily refresh (the checklist cron) moves the lines whose deadline
came from upcoming to due; a full rebuild (what an upgrade of a database with lines runs)
gives the same rows as the incremental upkeep; the report's rate is the lines' rate; each
user reads only the rows the lines' rules let them read (own, team, HR officers), and
nobody writes them, HR included, nor through JSON-RPC.
"""

from datetime import datetime, timedelta

from odoo.exceptions import AccessError

from .attack_common import ACCESS, AttackCase
from .checklist_common import FUTURE_MONDAY, PAST_MONDAY, ChecklistCase

COMPLETION = "dealer_org.checklist.completion"


class TestChecklistCompletion(ChecklistCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Completion = cls.env[COMPLETION]
        # Due until a fixed day between the two generated weeks.
        cls.Completion._rebuild_completion(today=PAST_MONDAY + timedelta(days=30))
        cls.past = cls.Checklist._generate_checklists(employees=cls.staff, on_date=PAST_MONDAY)
        cls.future = cls.Checklist._generate_checklists(employees=cls.staff, on_date=FUTURE_MONDAY)
        assert cls.past and cls.future

    def from_lines(self):
        """(employee, company, department, job, month): (due, completed, upcoming) of the
        staff's lines, by a GROUP BY of the lines at the due-until date."""
        self.env.flush_all()
        cutoff = self.Completion._due_until()
        self.env.cr.execute(
            """SELECT employee_id, company_id, department_id, job_id, date_trunc('month', deadline)::date,
                      count(*) FILTER (WHERE deadline <= %(cutoff)s),
                      count(*) FILTER (WHERE deadline <= %(cutoff)s AND result IN ('done', 'not_applicable')),
                      count(*) FILTER (WHERE deadline > %(cutoff)s),
                      count(*) FILTER (WHERE deadline <= %(cutoff)s
                                         AND (result = 'not_applicable' OR (result = 'done' AND on_time)))
                 FROM dealer_org_checklist_line WHERE employee_id = ANY(%(staff)s)
             GROUP BY 1, 2, 3, 4, 5""",
            {"cutoff": cutoff, "staff": self.staff.ids},
        )
        return {tuple(row[:5]): tuple(row[5:]) for row in self.env.cr.fetchall()}

    def aggregate(self):
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT employee_id, company_id, department_id, job_id, month,
                      due_lines, completed_lines, upcoming_lines, on_time_lines, completion, on_time
                 FROM dealer_org_checklist_completion WHERE employee_id = ANY(%s)""",
            [self.staff.ids],
        )
        rows = {}
        for *key, due, completed, upcoming, on_time_lines, completion, on_time in self.env.cr.fetchall():
            expected = round(100.0 * completed / due, 6) if due else None
            self.assertEqual(completion and round(completion, 6), expected, f"stored completion of {key}")
            expected = round(100.0 * on_time_lines / due, 6) if due else None
            self.assertEqual(on_time and round(on_time, 6), expected, f"stored on-time rate of {key}")
            rows[tuple(key)] = (due, completed, upcoming, on_time_lines)
        return rows

    def assertMatchesLines(self):
        expected = self.from_lines()
        self.assertTrue(expected)
        self.assertEqual(self.aggregate(), expected)

    def row(self, employee, day):
        return self.aggregate()[
            (
                employee.id,
                employee.company_id.id,
                employee.department_id.id,
                employee.job_id.id,
                day.replace(day=1),
            )
        ]

    def test_generation_fills_the_aggregate(self):
        self.assertMatchesLines()
        due, completed, upcoming, _on_time = self.row(self.consultant, PAST_MONDAY)
        self.assertGreater(due, 0)
        self.assertEqual(completed, 0, "nothing ticked yet")
        due, completed, upcoming, _on_time = self.row(self.consultant, FUTURE_MONDAY)
        self.assertEqual((due, completed), (0, 0))
        self.assertGreater(upcoming, 0)

    def test_ticking_updates_the_aggregate(self):
        line = self.checklist(self.past, self.consultant, "daily").line_ids[0]
        due, completed, _upcoming, _on_time = self.row(self.consultant, PAST_MONDAY)
        as_consultant = line.with_user(self.consultant_user)
        as_consultant.action_mark_done()
        self.assertEqual(self.row(self.consultant, PAST_MONDAY)[:2], (due, completed + 1))
        # HR resets it (the employee may not un-tick after the deadline), then confirms a N/A.
        as_hr = line.with_user(self.hr_officer)
        as_hr.action_reset()
        self.assertEqual(self.row(self.consultant, PAST_MONDAY)[:2], (due, completed))
        as_consultant.write({"result": "not_applicable", "na_reason": "Showroom closed"})
        self.assertEqual(
            self.row(self.consultant, PAST_MONDAY)[:2], (due, completed), "a request is not completed"
        )
        as_hr.action_confirm_not_applicable()
        self.assertEqual(self.row(self.consultant, PAST_MONDAY)[:2], (due, completed + 1))
        as_hr.action_reset()
        self.assertEqual(self.row(self.consultant, PAST_MONDAY)[:2], (due, completed))
        # A note changes nothing; a whole checklist ticked at once (one UPDATE) counts each line.
        as_consultant.write({"note": "seen"})
        checklist = self.checklist(self.past, self.consultant2, "daily")
        checklist.line_ids.with_user(self.consultant2_user).write({"result": "done"})
        self.assertMatchesLines()
        self.assertEqual(self.row(self.consultant2, PAST_MONDAY)[1], len(checklist.line_ids))

    def test_deleting_a_checklist_updates_the_aggregate(self):
        daily = self.checklist(self.past, self.consultant, "daily")
        daily.line_ids[0].write({"result": "done"})
        self.past.filtered(lambda c: c.employee_id == self.consultant).unlink()
        self.assertMatchesLines()
        self.assertNotIn(
            (self.consultant.id, PAST_MONDAY.replace(day=1)),
            {(key[0], key[4]) for key in self.aggregate()},
            "a row without lines is deleted",
        )
        # HR moves a deadline into another month: both months follow.
        line = self.checklist(self.past.exists(), self.consultant2, "daily").line_ids[0]
        line.write({"deadline": PAST_MONDAY + timedelta(days=40)})
        self.assertMatchesLines()

    def test_deleting_a_job_a_department_or_an_employee_keeps_it_right(self):
        """PostgreSQL empties the lines' job and department of a deleted record (or deletes the
        lines of a deleted employee): the aggregate recounts them, and the deletion goes through."""
        self.checklist(self.past, self.consultant, "daily").line_ids[0].write({"result": "done"})
        job = self.consultant.job_id
        department = self.consultant.department_id
        self.env["hr.employee"].search([("department_id", "=", department.id)]).department_id = False
        self.env["hr.department"].search([("parent_id", "=", department.id)]).parent_id = False
        job.unlink()
        self.assertFalse(job.exists())
        self.assertMatchesLines()
        department.unlink()
        self.assertFalse(department.exists())
        self.assertMatchesLines()
        gone = self.consultant2
        gone.unlink()
        self.assertMatchesLines()
        self.assertNotIn(gone.id, {key[0] for key in self.aggregate()})

    def test_daily_refresh_moves_upcoming_to_due(self):
        self.Completion._rebuild_completion(today=FUTURE_MONDAY - timedelta(days=1))
        before = self.row(self.consultant, FUTURE_MONDAY)
        daily = self.checklist(self.future, self.consultant, "daily")
        daily.line_ids[0].write({"result": "done"})  # ticked before its day: still upcoming
        self.assertEqual(self.row(self.consultant, FUTURE_MONDAY), before)
        # The checklist cron of the Monday (Beijing morning) refreshes once.
        self.Checklist._cron_generate(employees=self.consultant, now=datetime(2099, 5, 4, 2, 0))
        self.assertEqual(self.Completion._due_until(), FUTURE_MONDAY)
        due, completed, upcoming, _on_time = self.row(self.consultant, FUTURE_MONDAY)
        self.assertEqual(due, before[0] + len(daily.line_ids))
        self.assertEqual(completed, 1)
        self.assertEqual(upcoming, before[2] - len(daily.line_ids))
        self.assertMatchesLines()
        self.assertFalse(self.Completion._refresh_completion(today=FUTURE_MONDAY), "once a day")

    def test_rebuild_equals_incremental(self):
        self.checklist(self.past, self.consultant, "daily").line_ids.write({"result": "done"})
        self.checklist(self.past, self.supervisor, "weekly").line_ids[:1].write({"result": "not_applicable"})
        self.past.filtered(lambda c: c.employee_id == self.utc_consultant)[:1].unlink()
        incremental = self.aggregate()
        self.Completion._rebuild_completion()
        self.assertEqual(self.aggregate(), incremental)
        # An upgrade of a database with lines and no rows yet: init() rebuilds them.
        self.env.cr.execute("DELETE FROM dealer_org_checklist_completion")
        self.Completion.init()
        self.assertEqual(self.aggregate(), incremental)

    def test_report_rate_is_the_lines_rate(self):
        """The pivot's completion of a group: completed / due lines of the group (each line
        weighs the same), as the line-level report's average of the lines up to that day."""
        self.checklist(self.past, self.consultant, "daily").line_ids.write({"result": "done"})
        self.checklist(self.past, self.consultant2, "weekly").line_ids[:1].write({"result": "done"})
        cutoff = self.Completion._due_until()
        domain = [("employee_id", "in", self.staff.ids)]
        [group] = self.Completion.with_user(self.hr_officer).read_group(
            domain + [("due_lines", ">", 0)], ["completion:avg", "due_lines:sum"], ["company_id"], lazy=False
        )
        Line = self.env["dealer_org.checklist.line"].with_user(self.hr_officer)
        [lines] = Line.read_group(
            domain + [("deadline", "<=", cutoff)], ["completion:avg"], ["company_id"], lazy=False
        )
        self.assertAlmostEqual(group["completion"], lines["completion"], places=6)
        self.assertEqual(group["due_lines"], lines["__count"])
        self.assertGreater(group["completion"], 0)

    def test_each_user_reads_only_what_the_rules_allow(self):
        def employees(user):
            return self.Completion.with_user(user).search([("employee_id", "in", self.staff.ids)]).employee_id

        self.assertEqual(employees(self.consultant_user), self.consultant)
        self.assertEqual(employees(self.supervisor_user), self.supervisor | self.consultant, "own and team")
        self.assertEqual(
            employees(self.dept_manager_user),
            self.consultant | self.consultant2 | self.utc_consultant,
            "the department manager's department",
        )
        self.assertEqual(employees(self.hr_officer), self.staff)
        row = self.Completion.search([("employee_id", "=", self.consultant.id)], limit=1)
        for user in (self.consultant_user, self.hr_officer):
            with self.assertRaises(AccessError):
                row.with_user(user).write({"completed_lines": 999})
            with self.assertRaises(AccessError):
                self.Completion.with_user(user).create({"employee_id": self.consultant.id})
            with self.assertRaises(AccessError):
                row.with_user(user).unlink()


class TestChecklistCompletionAttacks(AttackCase):
    """Through JSON-RPC: an employee (HR officer alike) writes no completion row."""

    def test_employee_writes_or_creates_a_row(self):
        Completion = self.env[COMPLETION]
        row = Completion.search([("employee_id", "=", self.employee.id)], limit=1)
        self.assertTrue(row)
        completed = row.completed_lines
        self.attack(
            self.employee_user, COMPLETION, "write", [row.ids, {"completed_lines": 999}], errors=(ACCESS,)
        )
        self.attack(
            self.employee_user,
            COMPLETION,
            "create",
            [{"employee_id": self.employee.id, "due_lines": 1, "completed_lines": 1}],
            errors=(ACCESS,),
        )
        self.attack(self.hr_officer, COMPLETION, "unlink", [row.ids], errors=(ACCESS,))
        row.invalidate_recordset()
        self.assertEqual(row.completed_lines, completed)
