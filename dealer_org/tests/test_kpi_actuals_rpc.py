"""Import Actuals as an integration does it (docs/kpi.md, "From another system"): over HTTP
JSON-RPC (/jsonrpc, execute_kw) with the API key of a non-admin HR officer, the file sent in
base64; then the same file pushed by an HR officer of another company: every row refused
without a word about company A's employees, nothing changed, and A's import unreadable."""

import base64
import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .kpi_actuals_common import ActualsCase, data_file

IMPORT = "dealer_org.kpi.actual.import"
ROW = "dealer_org.kpi.actual.import.row"


@tagged("post_install", "-at_install")
class TestActualsOverJsonRpc(ActualsCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Keys = cls.env["res.users.apikeys"]
        cls.key_a = Keys.with_user(cls.hr_officer).sudo()._generate(None, "DMS nightly push", None)
        cls.key_b = Keys.with_user(cls.other_officer).sudo()._generate(None, "DMS nightly push", None)
        assert not cls.hr_officer.has_group("base.group_system")

    def execute_kw(self, user, key, model, method, args, kwargs=None):
        """What a DMS job sends: JSON-RPC 2.0 to /jsonrpc, service "object", with the API key
        as the password. Returns (result, error)."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [self.env.cr.dbname, user.id, key, model, method, args, kwargs or {}],
            },
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/jsonrpc",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
                timeout=120,
            )
        response.raise_for_status()
        body = response.json()
        return body.get("result"), body.get("error")

    def push(self, user, key, name, **vals):
        """create + action_preview + action_import, as in docs/kpi.md; returns the import's id
        and the error of action_import, if any."""
        file = base64.b64encode(data_file(name)).decode()
        import_id, error = self.execute_kw(
            user, key, IMPORT, "create", [{"file": file, "filename": name, **vals}]
        )
        self.assertFalse(error, error)
        _result, error = self.execute_kw(user, key, IMPORT, "action_preview", [[import_id]])
        self.assertFalse(error, error)
        _result, error = self.execute_kw(user, key, IMPORT, "action_import", [[import_id]])
        return import_id, error

    def test_hr_officer_pushes_a_month_with_an_api_key(self):
        import_id, error = self.push(self.hr_officer, self.key_a, "actuals_zh_utf8_bom.csv")
        self.assertFalse(error, error)
        [record], error = self.execute_kw(
            self.hr_officer, self.key_a, IMPORT, "read", [[import_id]],
            {"fields": ["state", "checksum", "applied_count", "refused_count", "evaluation_ids"]},
        )  # fmt: skip
        self.assertEqual((record["state"], record["applied_count"], record["refused_count"]), ("done", 4, 0))
        self.assertEqual(len(record["evaluation_ids"]), 2)
        rows, error = self.execute_kw(
            self.hr_officer, self.key_a, ROW, "search_read", [[("import_id", "=", import_id)]],
            {"fields": ["row_number", "outcome", "message"], "order": "row_number"},
        )  # fmt: skip
        self.assertEqual(
            [(r["row_number"], r["outcome"]) for r in rows], [(n, "update") for n in (2, 3, 4, 5)]
        )
        self.env.invalidate_all()
        self.assertEqual(self.line(self.employee, "SALES_TARGET").actual, 95)
        self.assertEqual(self.line(self.colleague, "SALES_TARGET").actual, 1234.5)

        # Company B's HR officer cannot read company A's import, nor its rows.
        _result, error = self.execute_kw(
            self.other_officer, self.key_b, IMPORT, "read", [[import_id]], {"fields": ["filename"]}
        )
        self.assertEqual(error["data"]["name"], "odoo.exceptions.AccessError")
        found, error = self.execute_kw(
            self.other_officer, self.key_b, ROW, "search_read", [[]], {"fields": ["message"]}
        )
        self.assertEqual(found, [])

    def test_other_company_officer_pushes_company_a_figures(self):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id, actual, comment, write_date FROM dealer_org_kpi_evaluation_line ORDER BY id"
        )
        before = self.env.cr.fetchall()
        import_id, error = self.push(self.other_officer, self.key_b, "actuals_zh_utf8_bom.csv")
        self.assertEqual(error["data"]["name"], "odoo.exceptions.UserError")
        self.assertIn(
            "4 rows of actuals_zh_utf8_bom.csv are refused, so nothing was imported", error["data"]["message"]
        )
        rows, error = self.execute_kw(
            self.other_officer, self.key_b, ROW, "search_read", [[("import_id", "=", import_id)]],
            {"fields": ["outcome", "error_kind", "message", "employee_id"]},
        )  # fmt: skip
        self.assertEqual(len(rows), 4)
        for row in rows:
            self.assertEqual(
                (row["outcome"], row["error_kind"], row["employee_id"]), ("error", "employee_unknown", False)
            )
            self.assertNotIn("KPI Employee", row["message"])
            self.assertNotIn("KPI Colleague", row["message"])
        # Even applying "the valid rows" changes nothing in company A.
        _result, error = self.execute_kw(
            self.other_officer, self.key_b, IMPORT, "write", [[import_id], {"apply_mode": "valid"}]
        )
        self.assertFalse(error, error)
        _result, error = self.execute_kw(
            self.other_officer, self.key_b, IMPORT, "action_import", [[import_id]]
        )
        self.assertFalse(error, error)
        self.env.invalidate_all()
        self.env.cr.execute(
            "SELECT id, actual, comment, write_date FROM dealer_org_kpi_evaluation_line ORDER BY id"
        )
        self.assertEqual(self.env.cr.fetchall(), before)
