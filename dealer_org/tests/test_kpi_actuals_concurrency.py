"""A manager edits a line while an import of actuals writes it, in two real transactions.

Guards: neither the import nor the manager's edit is lost half-way or fails with a database
error; the later one wins through Odoo's retry of serialization failures (what the HTTP
layer does for every RPC call, odoo.service.model.retrying); the line's score and the
evaluation's total match the final actual; the import logs one chatter message. Runs on
committed data of the demo database (two threads with their own cursors), deleted
afterwards."""

import base64
import threading
from datetime import date

from odoo import Command, api
from odoo.service.model import retrying
from odoo.tests.common import TransactionCase

PERIOD = date(2032, 1, 1)
BADGE = "990001"


class TestImportWhileManagerEdits(TransactionCase):
    def setUp(self):
        super().setUp()
        self.addCleanup(self._cleanup)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            job = env["hr.job"].create(
                {
                    "name": "Concurrency Actuals Consultant",
                    "kpi_ids": [
                        Command.create({"name": "Sales", "code": "SALES", "weight": 100, "minimum": 60,
                                        "target": 100, "maximum": 130})
                    ],
                }
            )  # fmt: skip
            manager = env.ref("base.user_demo").employee_ids[:1]
            employee = env["hr.employee"].create(
                {
                    "name": "Concurrency Actuals Employee",
                    "barcode": BADGE,
                    "job_id": job.id,
                    "parent_id": manager.id,
                }
            )
            evaluation = env["dealer_org.kpi.evaluation"]._generate(
                "monthly", PERIOD, env.ref("base.main_company"), employees=employee
            )
            csv = f"工号,期间,指标代码,实际值\n{BADGE},2032-01,SALES,95\n".encode()
            record = (
                env["dealer_org.kpi.actual.import"]
                .with_user(env.ref("base.user_admin"))
                .create({"file": base64.b64encode(csv), "filename": "concurrency.csv"})
            )
            record.action_preview()
            self.ids = {
                "job": job.id,
                "employee": employee.id,
                "evaluation": evaluation.id,
                "import": record.id,
                "line": evaluation.line_ids.id,
            }

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM dealer_org_kpi_actual_import WHERE filename = 'concurrency.csv'")
            cr.execute("DELETE FROM dealer_org_kpi_evaluation WHERE period_start = %s", [PERIOD])
            cr.execute("DELETE FROM hr_employee WHERE barcode = %s", [BADGE])
            cr.execute("DELETE FROM hr_job WHERE name->>'en_US' = 'Concurrency Actuals Consultant'")

    def _manager_edits(self, value, locked, release, results):
        """The demo user (the employee's manager) changes the actual and holds the row until told."""
        try:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                manager = env(user=env.ref("base.user_demo").id)

                def edit():
                    manager["dealer_org.kpi.evaluation.line"].browse(self.ids["line"]).actual = value
                    manager.flush_all()
                    locked.set()
                    release.wait(timeout=30)

                retrying(edit, manager)
                results["manager"] = "ok"
        except Exception as error:  # noqa: BLE001 - reported by the test
            results["manager"] = error
            locked.set()

    def _import(self, started, results):
        try:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                admin = env(user=env.ref("base.user_admin").id)
                cr.execute("SELECT 1")  # the transaction's snapshot: before the manager commits
                started.set()
                retrying(
                    lambda: admin["dealer_org.kpi.actual.import"].browse(self.ids["import"]).action_import(),
                    admin,
                )
                results["import"] = "ok"
        except Exception as error:  # noqa: BLE001 - reported by the test
            results["import"] = error

    def test_manager_edit_then_import(self):
        """The manager's uncommitted edit holds the line; the import, started meanwhile, waits,
        is retried after the manager commits, and writes the file's value over it."""
        locked, release, started, results = threading.Event(), threading.Event(), threading.Event(), {}
        manager = threading.Thread(target=self._manager_edits, args=(42, locked, release, results))
        manager.start()
        self.assertTrue(locked.wait(timeout=30))
        importer = threading.Thread(target=self._import, args=(started, results))
        importer.start()
        self.assertTrue(started.wait(timeout=30))
        threading.Event().wait(1.0)  # the import runs into the manager's lock
        release.set()
        manager.join(timeout=60)
        importer.join(timeout=120)
        self.assertEqual(results, {"manager": "ok", "import": "ok"})
        self._assert_final(95, applied=1)

    def test_import_then_manager_edit(self):
        """The manager edits while the import holds the line: the edit is retried after the
        import commits and wins; nothing of the import is lost (its record, its message)."""
        results = {}
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            admin = env(user=env.ref("base.user_admin").id)
            admin["dealer_org.kpi.actual.import"].browse(self.ids["import"]).action_import()
            admin.flush_all()  # the import's UPDATE holds the line, uncommitted
            locked, release = threading.Event(), threading.Event()
            release.set()
            manager = threading.Thread(target=self._manager_edits, args=(42, locked, release, results))
            manager.start()
            threading.Event().wait(1.0)  # the manager runs into the import's lock
        # the import commits when its cursor closes
        manager.join(timeout=120)
        self.assertEqual(results, {"manager": "ok"})
        self._assert_final(42, applied=1)

    def _assert_final(self, actual, applied):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            evaluation = env["dealer_org.kpi.evaluation"].browse(self.ids["evaluation"])
            line = evaluation.line_ids
            self.assertEqual(len(line), 1)
            self.assertEqual(line.actual, actual)
            record = env["dealer_org.kpi.actual.import"].browse(self.ids["import"])
            self.assertEqual((record.state, record.applied_count), ("done", applied))
            # The stored scores are those of the final actual (95 → 87.5; 42 → 0).
            expected = {95: 87.5, 42: 0.0}[actual]
            self.assertAlmostEqual(line.score, expected, places=2)
            self.assertAlmostEqual(evaluation.total_score, expected, places=2)
            messages = evaluation.message_ids.filtered(lambda m: "concurrency.csv" in (m.body or ""))
            self.assertEqual(len(messages), 1)
