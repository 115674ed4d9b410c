"""Two checklist generations of the same day at the same time, in two real transactions (two
cursors in two threads, started together, both committing), both finish without error; no
employee gets a checklist of a period twice, no checklist misses a line, the overdue ones are
flagged once.

Odoo runs transactions at REPEATABLE READ, so each generation sees none of the other's rows:
- the wizard's path (``_generate_checklists``): the loser's INSERT hits the unique key of a row
  the winner committed (UniqueViolation); the savepoint fallback of ``_create_missing``
  creates what is still missing instead of failing;
- the cron's path (``_cron_generate``): both also flag the same open checklists as overdue; the
  loser's UPDATE raises SerializationFailure, and the cron rolls back and retries in a fresh
  transaction.
Removing either mechanism makes a test below fail.

The data must be visible to both transactions, so it is committed to the shared test database
under names of its own, and deleted at the end whatever happens.
"""

import threading
import uuid
from datetime import date, datetime, timedelta

from odoo import SUPERUSER_ID, api
from odoo.fields import Command
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

DAY = date(2099, 6, 3)  # a Wednesday, far ahead: nothing of it is overdue
NOW = datetime(2099, 6, 3, 2, 0)  # 10:00 that day in China
EMPLOYEES = 12
TIMEOUT = 120


class TestChecklistConcurrency(TransactionCase):
    def setUp(self):
        super().setUp()
        self.tag = uuid.uuid4().hex[:8]
        self.addCleanup(self._delete_committed_data)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            department = env["hr.department"].create({"name": f"Concurrency {self.tag}"})
            job = env["hr.job"].create(
                {
                    "name": f"Concurrency {self.tag}",
                    "department_id": department.id,
                    "duty_ids": [
                        Command.create({"sequence": 1, "name": "Morning meeting", "period": "daily"}),
                        Command.create({"sequence": 2, "name": "Clean the cars", "period": "daily"}),
                        Command.create(
                            {"sequence": 3, "name": "Weekly report", "period": "weekly", "weekday": "4"}
                        ),
                        Command.create(
                            {"sequence": 4, "name": "Monthly plan", "period": "monthly", "month_day": 5}
                        ),
                    ],
                }
            )
            employees = env["hr.employee"].create(
                [
                    {
                        "name": f"Concurrency {self.tag} {n:02d}",
                        "job_id": job.id,
                        "department_id": department.id,
                        "tz": "Asia/Shanghai",
                    }
                    for n in range(EMPLOYEES)
                ]
            )
            self.employee_ids = employees.ids
            self.duties_by_type = {"daily": 2, "weekly": 1, "monthly": 1}

    def _delete_committed_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            employees = (
                env["hr.employee"]
                .with_context(active_test=False)
                .search([("name", "=like", f"Concurrency {self.tag} %")])
            )
            env["dealer_org.checklist"].search([("employee_id", "in", employees.ids)]).unlink()
            contacts = employees.work_contact_id
            jobs = employees.job_id | env["hr.job"].search([("name", "=", f"Concurrency {self.tag}")])
            departments = env["hr.department"].search([("name", "=", f"Concurrency {self.tag}")])
            employees.unlink()
            contacts.unlink()
            jobs.unlink()
            departments.unlink()

    def _race(self, run):
        """Run ``run(env)`` in two threads, each in a transaction of its own whose snapshot is
        taken before either starts working; return the errors by thread."""
        barrier = threading.Barrier(2, timeout=TIMEOUT)
        errors = {}

        def worker(name):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    # REPEATABLE READ: the first query fixes what this transaction sees.
                    cr.execute("SELECT count(*) FROM dealer_org_checklist")
                    barrier.wait()
                    run(env)
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors[name] = error

        threads = [threading.Thread(target=worker, args=(name,), daemon=True) for name in ("A", "B")]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(TIMEOUT)
        self.assertFalse([thread.name for thread in threads if thread.is_alive()], "a generation hung")
        return errors

    def _committed_checklists(self):
        with self.registry.cursor() as cr:
            cr.execute(
                """
                SELECT c.employee_id, c.period_type, c.period_start, c.state, c.line_count,
                       count(l.id), bool_and(l.employee_id = c.employee_id)
                  FROM dealer_org_checklist c
                  LEFT JOIN dealer_org_checklist_line l ON l.checklist_id = c.id
                 WHERE c.employee_id = ANY(%s)
                 GROUP BY c.id
                """,
                [self.employee_ids],
            )
            return cr.fetchall()

    def _assert_one_complete_checklist_each(self, rows, period_types):
        keys = [(employee, period_type, start) for employee, period_type, start, *_rest in rows]
        self.assertEqual(len(keys), len(set(keys)), "a checklist was generated twice")
        self.assertEqual(
            sorted((employee, period_type) for employee, period_type, *_rest in rows),
            sorted((employee, period_type) for employee in self.employee_ids for period_type in period_types),
        )
        for employee, period_type, _start, _state, line_count, lines, same_employee in rows:
            self.assertEqual(
                (line_count, lines),
                (self.duties_by_type[period_type],) * 2,
                f"the {period_type} checklist of employee {employee} misses lines",
            )
            self.assertTrue(same_employee)

    def test_two_wizard_generations_of_the_same_day(self):
        def generate(env):
            employees = env["hr.employee"].browse(self.employee_ids)
            env["dealer_org.checklist"]._generate_checklists(employees=employees, on_date=DAY)

        errors = self._race(generate)
        self.assertEqual(errors, {})
        self._assert_one_complete_checklist_each(self._committed_checklists(), ["daily", "weekly", "monthly"])

    def test_two_cron_runs_at_the_same_time(self):
        # Yesterday's daily checklists, generated open; their deadline has passed since.
        yesterday = DAY - timedelta(days=1)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            previous = env["dealer_org.checklist"]._generate_checklists(
                employees=env["hr.employee"].browse(self.employee_ids),
                on_date=yesterday,
                period_types=["daily"],
            )
            self.assertEqual(set(previous.mapped("state")), {"open"})
            env.flush_all()
            cr.execute(
                "UPDATE dealer_org_checklist_line SET deadline = %s WHERE checklist_id = ANY(%s)",
                [date(2024, 5, 6), previous.ids],
            )
            # ... and they were generated before it (a checklist is not born overdue)
            cr.execute(
                "UPDATE dealer_org_checklist SET create_date = %s WHERE id = ANY(%s)",
                [date(2024, 5, 1), previous.ids],
            )

        def cron(env):
            env["dealer_org.checklist"]._cron_generate(
                employees=env["hr.employee"].browse(self.employee_ids), now=NOW
            )

        errors = self._race(cron)
        self.assertEqual(errors, {})
        rows = self._committed_checklists()
        self.assertEqual(
            {row[3] for row in rows if row[2] == yesterday}, {"overdue"}, "yesterday's checklists are overdue"
        )
        self._assert_one_complete_checklist_each(
            [row for row in rows if row[2] != yesterday], ["daily", "weekly", "monthly"]
        )
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*), count(*) FILTER (WHERE overdue_notified) FROM dealer_org_checklist"
                " WHERE employee_id = ANY(%s) AND period_start = %s",
                [self.employee_ids, yesterday],
            )
            self.assertEqual(cr.fetchone(), (EMPLOYEES, EMPLOYEES))
