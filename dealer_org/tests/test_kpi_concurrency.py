"""Two KPI generations of the same period at the same time, in two real transactions.

Guards: a second worker, cron or button generating the period that another transaction is
generating (and commits first) finishes without error (no serialization failure, no unique
violation reaching the caller), creates no duplicate and leaves no evaluation without its
lines. Runs on the demo store's committed data, in two threads with their own cursors that
really commit; everything they created is deleted afterwards."""

import threading
from datetime import date

from odoo import api
from odoo.tests.common import TransactionCase

PERIOD = date(2031, 1, 1)


class TestConcurrentGeneration(TransactionCase):
    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM dealer_org_kpi_evaluation WHERE period_type = 'monthly' AND period_start = %s",
                [PERIOD],
            )

    def _worker(self, name, started, first_inserted, results):
        try:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                cr.execute("SELECT 1")  # the transaction's snapshot: before either commits
                started.wait(timeout=30)
                if name == "second":
                    # Generate while the first holds its uncommitted rows; its commit comes
                    # after this transaction's snapshot.
                    first_inserted.wait(timeout=30)
                created = env["dealer_org.kpi.evaluation"]._generate(
                    "monthly", PERIOD, env.ref("base.main_company")
                )
                results[name] = len(created)
                if name == "first":
                    first_inserted.set()
                    threading.Event().wait(1.0)  # let the second one run into our rows
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[name] = error
            first_inserted.set()

    def test_two_generators_at_once(self):
        kpi_jobs = self.env["dealer_org.kpi"].search([("period", "=", "monthly")]).job_id
        employees = self.env["hr.employee"].search(
            [("job_id", "in", kpi_jobs.ids), ("company_id", "=", self.env.ref("base.main_company").id)]
        )
        self.assertGreater(len(employees), 3, "the demo store has employees with monthly KPIs")
        self.addCleanup(self._cleanup)
        self._cleanup()
        started, first_inserted, results = threading.Barrier(2), threading.Event(), {}
        threads = [
            threading.Thread(target=self._worker, args=(name, started, first_inserted, results))
            for name in ("first", "second")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertFalse([r for r in results.values() if isinstance(r, Exception)], results)
        self.assertEqual(results["first"] + results["second"], len(employees), results)
        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT ev.employee_id, count(DISTINCT ev.id), count(line.id)
                     FROM dealer_org_kpi_evaluation ev
                LEFT JOIN dealer_org_kpi_evaluation_line line ON line.evaluation_id = ev.id
                    WHERE ev.period_type = 'monthly' AND ev.period_start = %s
                 GROUP BY ev.employee_id""",
                [PERIOD],
            )
            rows = {employee_id: (evaluations, lines) for employee_id, evaluations, lines in cr.fetchall()}
        self.assertEqual(set(rows), set(employees.ids))
        for employee in employees:
            expected_lines = len(
                employee.job_id.kpi_ids.filtered(lambda k: k.period == "monthly" and k.active)
            )
            self.assertEqual(rows[employee.id], (1, expected_lines), employee.name)
