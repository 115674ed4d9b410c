"""Attacks on Import Actuals (dealer_org.kpi.actual.import), through JSON-RPC as real users.

Guards: only HR officers create, read or run imports; an HR officer of company B neither
reads company A's imports, rows nor column mappings, nor changes A's actuals by pushing a
file naming A's employees; nobody imports their own actuals, HR included; the state, counts
and rows of an import are the import's own (never written by a client); a done import is
never deleted. Each attack must be refused and change nothing (docs/security.md, "KPI
actuals import")."""

import base64

from .attack_common import ACCESS, USER, AttackCase

IMPORT = "dealer_org.kpi.actual.import"
ROW = "dealer_org.kpi.actual.import.row"
MAPPING = "dealer_org.kpi.actual.mapping"
MAPPING_LINE = "dealer_org.kpi.actual.mapping.line"


def csv_file(*rows):
    text = "工号,期间,指标代码,实际值\n" + "".join(
        f"{badge},2021-03,SALES,{actual}\n" for badge, actual in rows
    )
    return base64.b64encode(text.encode()).decode()


class TestAttacksKpiActuals(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee.barcode = "7001"
        cls.peer.barcode = "7002"
        cls.hr_officer_employee.barcode = "7003"
        cls.employee_b.barcode = "7009"
        Import = cls.env[IMPORT].with_user(cls.approver).with_context(allowed_company_ids=cls.company_a.ids)
        cls.import_a = Import.create({"file": csv_file(("7001", 90)), "filename": "a.csv"})
        cls.import_a.action_preview()
        cls.done_a = Import.create({"file": csv_file(("7002", 91)), "filename": "done.csv"})
        cls.done_a.action_preview()
        cls.done_a.action_import()
        cls.mapping_a = cls.env[MAPPING].create(
            {"name": "DMS 月度销量", "company_id": cls.company_a.id,
             "line_ids": [(0, 0, {"header": "销售顾问编码", "role": "employee_no"})]}
        )  # fmt: skip
        cls.env.flush_all()

    def new_vals(self, *rows):
        return {"file": csv_file(*rows), "filename": "push.csv"}

    # Who may import at all

    def test_employee_creates_an_import(self):
        self.attack(self.employee_user, IMPORT, "create", [self.new_vals(("7002", 1))], errors=(ACCESS,))

    def test_manager_runs_an_existing_import(self):
        self.attack(self.manager_user, IMPORT, "action_import", [self.import_a.ids], errors=(ACCESS,))

    def test_employee_reads_the_imports(self):
        self.attack(
            self.employee_user, IMPORT, "search_read", [[]], {"fields": ["filename"]}, errors=(ACCESS,)
        )
        self.attack(self.employee_user, ROW, "search_read", [[]], {"fields": ["message"]}, errors=(ACCESS,))

    # Company B

    def test_officer_b_reads_company_a_import(self):
        self.attack(
            self.officer_b, IMPORT, "read", [self.done_a.ids, ["filename", "checksum"]], errors=(ACCESS,)
        )

    def test_officer_b_reads_company_a_rows_and_mappings(self):
        self.assertEqual(self.call_ok(self.officer_b, ROW, "search_read", [[]], {"fields": ["message"]}), [])
        self.assertEqual(
            self.call_ok(self.officer_b, IMPORT, "search_read", [[]], {"fields": ["filename"]}), []
        )
        self.attack(self.officer_b, ROW, "read", [self.done_a.row_ids.ids, ["message"]], errors=(ACCESS,))
        self.attack(self.officer_b, MAPPING, "read", [self.mapping_a.ids, ["name"]], errors=(ACCESS,))
        self.assertEqual(self.call_ok(self.officer_b, MAPPING, "search_read", [[]], {"fields": ["name"]}), [])

    def test_officer_b_adds_a_column_to_company_a_mapping(self):
        vals = {"mapping_id": self.mapping_a.id, "header": "x", "role": "actual"}
        self.attack(self.officer_b, MAPPING_LINE, "create", [vals], errors=(ACCESS,))

    def test_officer_b_previews_company_a_import(self):
        self.attack(self.officer_b, IMPORT, "action_preview", [self.import_a.ids], errors=(ACCESS,))

    def test_officer_b_pushes_company_a_figures(self):
        """All or nothing: refused; no row names an employee of A."""
        self.login(self.officer_b)
        before = self.snapshot()
        import_id = self.call_ok(
            self.officer_b, IMPORT, "create", [self.new_vals(("7001", 130), ("7002", 130))]
        )
        response = self.call(IMPORT, "action_import", [[import_id]])
        self.assertEqual(response["error"]["data"]["name"], USER)
        self.assertIn("2 rows of push.csv are refused", response["error"]["data"]["message"])
        self.assertNotIn("Attack Employee", response["error"]["data"]["message"])
        # "Apply the valid rows" applies none of them either.
        self.call_ok(self.officer_b, IMPORT, "write", [[import_id], {"apply_mode": "valid"}])
        self.call_ok(self.officer_b, IMPORT, "action_import", [[import_id]])
        self.assertFalse(self.describe_changes(before, self.snapshot()))

    # Separation of duties

    def test_hr_officer_imports_own_actuals(self):
        self.login(self.hr_officer)
        before = self.snapshot()
        import_id = self.call_ok(self.hr_officer, IMPORT, "create", [self.new_vals(("7003", 130))])
        response = self.call(IMPORT, "action_import", [[import_id]])
        self.assertEqual(response["error"]["data"]["name"], USER)
        self.assertIn("your own evaluation", response["error"]["data"]["message"])
        self.call_ok(self.hr_officer, IMPORT, "write", [[import_id], {"apply_mode": "valid"}])
        self.call_ok(self.hr_officer, IMPORT, "action_import", [[import_id]])
        self.assertFalse(self.describe_changes(before, self.snapshot()), "own actuals were written")
        rows = self.call_ok(
            self.hr_officer, ROW, "search_read", [[("import_id", "=", import_id)]], {"fields": ["error_kind"]}
        )
        self.assertEqual([row["error_kind"] for row in rows], ["own"])

    # The import's own fields

    def test_forged_state_and_counts(self):
        self.attack(self.hr_officer, IMPORT, "write", [self.import_a.ids, {"state": "done"}], errors=(USER,))
        self.attack(
            self.hr_officer, IMPORT, "write", [self.import_a.ids, {"applied_count": 99}], errors=(USER,)
        )
        vals = dict(self.new_vals(("7002", 1)), state="done", evaluation_ids=[(6, 0, self.draft.ids)])
        self.attack(self.hr_officer, IMPORT, "create", [vals], errors=(USER,))

    def test_forged_rows(self):
        row = {"import_id": self.import_a.id, "company_id": self.company_a.id, "outcome": "update",
               "line_id": self.line(self.of(self.draft, self.peer)).id, "actual": 130}  # fmt: skip
        self.attack(self.hr_officer, ROW, "create", [row], errors=(ACCESS,))
        self.attack(
            self.hr_officer, ROW, "write", [self.import_a.row_ids.ids, {"actual": 130}], errors=(ACCESS,)
        )

    def test_done_import_deleted(self):
        self.attack(self.approver, IMPORT, "unlink", [self.done_a.ids], errors=(USER,))
        self.attack(self.hr_manager_all, IMPORT, "unlink", [self.done_a.ids], errors=(USER,))
        # The key the module's own uninstall sets is no key a client can turn it off with.
        self.attack(
            self.hr_manager_all,
            IMPORT,
            "unlink",
            [self.done_a.ids],
            errors=(USER,),
            context={"module_uninstall": True},
        )
