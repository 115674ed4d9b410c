"""Import Actuals (dealer_org.kpi.actual.import) against the real Odoo, with the files of
tests/data/actuals: headers in Chinese and English, CSV in UTF-8 with BOM and in GBK, XLSX,
a saved column mapping, every kind of refused row, approved evaluations never touched,
re-importing changes nothing, one line per KPI code (the database's unique index), the
chatter of the evaluations changed. See docs/kpi.md, "Importing actuals"."""

import base64
import importlib.util
import os
from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from ..models.dealer_org_kpi_actual_import import Resolved
from .kpi_actuals_common import ActualsCase, data_file


class TestActualsImport(ActualsCase):
    def assertActuals(self, expected):
        self.env.invalidate_all()
        for (employee, code), actual in expected.items():
            self.assertEqual(self.line(employee, code).actual, actual, f"{employee.name} {code}")

    def test_zh_headers_utf8_bom_preview_then_import(self):
        record = self.new_import("actuals_zh_utf8_bom.csv")
        self.assertEqual(record.state, "draft")
        self.assertEqual(len(record.checksum), 64)
        record.action_preview()
        self.assertEqual(record.state, "previewed")
        self.assertEqual(record.encoding, "utf-8-sig")
        self.assertEqual((record.row_count, record.update_count, record.error_count), (4, 4, 0))
        rows = self.rows(record)
        self.assertEqual(sorted(rows), [2, 3, 4, 5])
        self.assertEqual(rows[4].actual, 1234.5)
        self.assertEqual(rows[4].employee_id, self.colleague)
        self.assertEqual(rows[2].message, "0 → 95")
        # The preview wrote nothing.
        self.assertActuals({(self.employee, "SALES_TARGET"): 0, (self.colleague, "SALES_TARGET"): 0})
        self.assertFalse(self.evaluation(self.employee).actuals_entered)

        before = self.env["mail.message"].search_count([("model", "=", "dealer_org.kpi.evaluation")])
        record.action_import()
        self.assertEqual(record.state, "done")
        self.assertEqual((record.applied_count, record.refused_count), (4, 0))
        self.assertEqual(record.imported_by_id, self.hr_officer)
        self.assertActuals(
            {
                (self.employee, "SALES_TARGET"): 95,
                (self.employee, "COMPLAINTS"): 1,
                (self.colleague, "SALES_TARGET"): 1234.5,
                (self.colleague, "COMPLAINTS"): 3,
            }
        )
        self.assertEqual(self.line(self.colleague, "SALES_TARGET").comment, "DMS 月度销量")
        changed = self.evaluation(self.employee) | self.evaluation(self.colleague)
        self.assertEqual(record.evaluation_ids, changed)
        # Scores recomputed: 95 on 60/100/130 scores 87.5; 1 complaint (lower, 0/2/6) scores 110.
        self.assertAlmostEqual(self.line(self.employee, "SALES_TARGET").score, 87.5, places=2)
        self.assertAlmostEqual(self.line(self.employee, "COMPLAINTS").score, 110, places=2)
        self.assertAlmostEqual(self.evaluation(self.employee).total_score, 87.5 * 0.6 + 110 * 0.4, places=2)
        self.assertTrue(self.evaluation(self.employee).grade)
        self.assertTrue(changed.mapped("actuals_entered"), [True, True])
        # One chatter message per evaluation, naming the file and its checksum.
        messages = self.env["mail.message"].search(
            [("model", "=", "dealer_org.kpi.evaluation"), ("res_id", "in", changed.ids)], order="id"
        )
        self.assertEqual(
            self.env["mail.message"].search_count([("model", "=", "dealer_org.kpi.evaluation")]) - before, 2
        )
        self.assertEqual(sorted(messages.mapped("res_id")), sorted(changed.ids))
        for message in messages:
            self.assertIn("actuals_zh_utf8_bom.csv", message.body)
            self.assertIn(record.checksum[:16], message.body)
        self.assertIn("SALES_TARGET: 0 → 95", messages.filtered(lambda m: m.res_id == changed[0].id).body)

    def test_en_headers_employee_by_name(self):
        record = self.new_import("actuals_en.csv")
        record.action_preview()
        self.assertEqual((record.update_count, record.error_count), (2, 0), record.row_ids.mapped("message"))
        record.action_import()
        self.assertActuals({(self.employee, "SALES_TARGET"): 88, (self.colleague, "COMPLAINTS"): 2})
        self.assertEqual(self.line(self.colleague, "COMPLAINTS").comment, "two complaints")

    def test_gbk_csv(self):
        record = self.new_import("actuals_zh_gbk.csv")
        record.action_preview()
        self.assertEqual(record.encoding, "gb18030")
        self.assertEqual(record.update_count, 2, record.row_ids.mapped("message"))
        record.action_import()
        self.assertActuals({(self.employee, "SALES_TARGET"): 91, (self.colleague, "COMPLAINTS"): 4})
        self.assertEqual(self.line(self.employee, "SALES_TARGET").comment, "门店上报")

    def test_xlsx_kpi_by_name(self):
        record = self.new_import("actuals_zh.xlsx")
        record.action_preview()
        self.assertEqual(record.encoding, "xlsx")
        self.assertEqual((record.update_count, record.unchanged_count, record.error_count), (2, 1, 0))
        rows = self.rows(record)
        self.assertEqual(rows[3].outcome, "unchanged", "0 complaints: the line already holds 0")
        self.assertEqual(rows[3].kpi_code, "COMPLAINTS")
        record.action_import()
        self.assertActuals({(self.employee, "SALES_TARGET"): 102.5, (self.colleague, "SALES_TARGET"): 1234.5})

    def test_saved_mapping(self):
        Mapping = self.env["dealer_org.kpi.actual.mapping"].with_user(self.hr_officer)
        mapping = Mapping.create(
            {
                "name": "DMS 月度销量",
                "line_ids": [
                    Command.create({"header": "销售顾问编码", "role": "employee_no"}),
                    Command.create({"header": "统计月份", "role": "period"}),
                    Command.create({"header": "指标编号", "role": "kpi_code"}),
                    Command.create({"header": "本月完成", "role": "actual"}),
                ],
            }
        )
        self.assertEqual(mapping.company_id, self.env.company)
        without = self.new_import("actuals_dms_mapping.csv")
        with self.assertRaisesRegex(UserError, "no column for"):
            without.action_preview()
        record = self.new_import("actuals_dms_mapping.csv", mapping_id=mapping.id)
        record.action_preview()
        self.assertEqual(record.update_count, 2)
        record.action_import()
        self.assertActuals({(self.employee, "SALES_TARGET"): 77, (self.colleague, "SALES_TARGET"): 66})

    def test_every_refused_kind(self):
        record = self.new_import("actuals_refused.csv")
        record.action_preview()
        rows = self.rows(record)
        kinds = {number: (row.outcome, row.error_kind) for number, row in rows.items()}
        self.assertEqual(
            kinds,
            {
                2: ("error", "employee_unknown"),
                3: ("error", "employee_ambiguous"),
                4: ("error", "kpi_unknown"),
                5: ("error", "number"),
                6: ("error", "number"),
                7: ("error", "no_evaluation"),
                8: ("error", "frozen"),
                9: ("error", "own"),
                10: ("error", "computed"),
                11: ("error", "period_type"),
                12: ("error", "employee_unknown"),
                13: ("error", "period"),
                14: ("update", False),
                15: ("error", "duplicate"),
            },
        )
        self.assertEqual(
            (record.update_count, record.error_count, record.missing_evaluation_count), (1, 13, 1)
        )
        messages = {number: row.message for number, row in rows.items()}
        expected = {
            2: r"^Row 2, column “工号”: no employee with the number “9999” in your companies",
            3: r"^Row 3, column “姓名”: 2 employees are named “同名”: give the employee number",
            4: r"^Row 4, column “指标代码”: the evaluation KPI Employee 2021-03 has no KPI “NO_SUCH_KPI”: "
            r"use one of COMPLAINTS, SALES_TARGET",
            5: r"^Row 5, column “实际值”: “95%” is not a number: give the percentage without the % sign",
            6: r"^Row 6, column “实际值”: “九十” is not a number: write digits",
            7: r"^Row 7, column “期间”: KPI Third has no evaluation for 2021-04 yet: generate",
            8: r"^Row 8, column “期间”: the evaluation KPI Colleague 2021-02 is Approved: an import never",
            9: r"^Row 9, column “工号”: this is your own evaluation",
            10: r"^Row 10, column “指标代码”: the KPI CHECKLIST_RATE is computed from checklist completion",
            11: r"^Row 11, column “期间”: the KPI QTR_SALES is evaluated quarterly: write the period as "
            r"2021Q1",
            12: r"^Row 12, column “工号”: no employee with the number “2001” in your companies",
            13: r"^Row 13, column “期间”: “2021-13” is not a period",
            14: r"^0 → 2$",
            15: r"^Row 15, column “指标代码”: row 14 already gives COMPLAINTS of KPI Colleague 2021-03",
        }
        for number, pattern in expected.items():
            self.assertRegex(messages[number], pattern)
        # Another company's employee: told exactly what an unknown number is told, nothing of theirs.
        self.assertNotIn("Secret", " ".join(messages.values()))
        self.assertFalse(rows[12].employee_id)
        self.assertEqual(rows[12].company_id, self.env.company)

        # All or nothing (the default): refused, nothing written.
        with self.assertRaisesRegex(
            UserError, r"13 rows of actuals_refused.csv are refused, so nothing was imported"
        ):
            record.action_import()
        self.assertActuals({(self.colleague, "COMPLAINTS"): 0})
        self.assertEqual(self.approved.line_ids.mapped("actual"), [100, 2])
        # Apply the valid rows: the one valid row only.
        record.apply_mode = "valid"
        record.action_preview()
        record.action_import()
        self.assertEqual((record.state, record.applied_count, record.refused_count), ("done", 1, 13))
        self.assertActuals({(self.colleague, "COMPLAINTS"): 2, (self.employee, "SALES_TARGET"): 0})
        self.assertEqual(self.line(self.officer_employee, "SALES_TARGET").actual, 0)
        self.assertEqual(self.approved.state, "approved")
        self.assertEqual(sorted(self.approved.line_ids.mapped("actual")), [2, 100])

    def test_archived_evaluation(self):
        self.evaluation(self.employee).with_user(self.hr_manager)._archive("left the company")
        record = self.new_import("actuals_zh_utf8_bom.csv")
        record.action_preview()
        rows = self.rows(record)
        self.assertEqual((rows[2].error_kind, rows[3].error_kind), ("archived", "archived"))
        self.assertRegex(
            rows[2].message, r"^Row 2, column “期间”: the evaluation KPI Employee 2021-03 is archived"
        )
        self.assertEqual((rows[4].outcome, rows[5].outcome), ("update", "update"))

    def test_messages_in_chinese(self):
        record = self.new_import("actuals_refused.csv").with_context(lang="zh_CN")
        record.action_preview()
        rows = self.rows(record)
        self.assertIn("已批准", rows[8].message)
        self.assertNotIn("已已", rows[8].message)
        self.assertRegex(rows[5].message, "^第 5 行")
        self.assertIn("不是数字", rows[6].message)

    def test_generate_the_missing_evaluations(self):
        record = self.new_import("actuals_refused.csv")
        record.action_preview()
        self.assertEqual(self.rows(record)[7].error_kind, "no_evaluation")
        record.action_generate_missing()
        april = self.Evaluation.search(
            [("employee_id", "=", self.third.id), ("period_start", "=", date(2021, 4, 1))]
        )
        self.assertEqual(len(april), 1, "the April draft of row 7's employee only")
        self.assertEqual(
            self.Evaluation.search_count([("period_start", "=", date(2021, 4, 1))]), 1, "nobody else's"
        )
        self.assertEqual(self.rows(record)[7].outcome, "update")
        self.assertEqual(record.missing_evaluation_count, 0)

    def test_reimport_changes_nothing_and_says_so(self):
        first = self.new_import("actuals_zh_utf8_bom.csv")
        first.action_preview()
        first.action_import()
        messages = self.env["mail.message"].search_count([("model", "=", "dealer_org.kpi.evaluation")])
        written = self.evaluation(self.employee).line_ids.mapped("write_date")
        again = self.new_import("actuals_zh_utf8_bom.csv")
        again.action_preview()
        self.assertEqual(again.previous_import_id, first)
        self.assertEqual((again.update_count, again.unchanged_count), (0, 4))
        self.assertTrue(all(m.startswith("Already ") for m in again.row_ids.mapped("message")))
        again.action_import()
        self.assertEqual((again.state, again.applied_count), ("done", 0))
        self.assertFalse(again.evaluation_ids)
        self.assertRegex(again.summary, "^Nothing changed: 4 rows already held these values")
        self.assertEqual(
            self.env["mail.message"].search_count([("model", "=", "dealer_org.kpi.evaluation")]), messages
        )
        self.assertEqual(self.evaluation(self.employee).line_ids.mapped("write_date"), written)

    def test_a_done_import_is_kept(self):
        record = self.new_import("actuals_en.csv")
        record.action_preview()
        record.action_import()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            record.unlink()
        with self.assertRaisesRegex(UserError, "done import is kept"):
            record.write({"apply_mode": "valid"})
        with self.assertRaisesRegex(UserError, "start a new import"):
            record.action_import()
        with self.assertRaisesRegex(UserError, "set by the import itself"):
            self.new_import("actuals_en.csv").write({"state": "done"})
        with self.assertRaisesRegex(UserError, "set by the import itself"):
            self.new_import("actuals_en.csv", applied_count=5)

    def test_changing_the_file_discards_the_preview(self):
        record = self.new_import("actuals_en.csv")
        record.action_preview()
        self.assertTrue(record.row_ids)
        record.write({"file": base64.b64encode(data_file("actuals_zh_gbk.csv")), "filename": "b.csv"})
        self.assertEqual(record.state, "draft")
        self.assertFalse(record.row_ids)

    def test_only_hr_officers(self):
        with self.assertRaises(AccessError):
            self.new_import("actuals_en.csv", user=self.manager_user)
        record = self.new_import("actuals_en.csv")
        with self.assertRaises(AccessError):
            record.with_user(self.manager_user).action_import()
        with self.assertRaises(AccessError):
            record.with_user(self.other_officer).with_context(
                allowed_company_ids=self.other_company.ids
            ).action_preview()

    def test_whole_file_problems(self):
        for content, pattern in (
            (b"\n\n", "The file is empty"),
            ("工号,期间,指标代码,实际值\n".encode(), "headers but no rows"),
            (
                "工号,销量\n1001,3\n".encode(),
                r"no column for Period, KPI Code, Actual \(its headers: 工号, 销量\)",
            ),
            (b"\x81\x20\xff\x00\xfe", "neither UTF-8 nor GBK"),
        ):
            record = (
                self.Import.with_user(self.hr_officer).create(
                    {"file": base64.b64encode(content) or False, "filename": "x.csv"}
                )
                if content
                else None
            )
            if record is None:
                continue
            with self.assertRaisesRegex(UserError, pattern):
                record.action_preview()


class TestOneLinePerKpiCode(ActualsCase):
    def test_second_line_of_a_code_refused_by_the_database(self):
        evaluation = self.evaluation(self.employee)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["dealer_org.kpi.evaluation.line"].with_user(self.hr_officer).create(
                {"evaluation_id": evaluation.id, "name": "Sales again", "code": "SALES_TARGET", "weight": 0,
                 "minimum": 0, "target": 1, "maximum": 1}
            )  # fmt: skip
            self.env.flush_all()

    def test_odoo_import_cannot_add_a_second_line(self):
        """Issue 18: Odoo's Import button, given every column, created a second SALES_TARGET line."""
        evaluation = self.evaluation(self.employee)
        Line = self.env["dealer_org.kpi.evaluation.line"].with_user(self.hr_officer)
        result = Line.load(
            ["evaluation_id/.id", "name", "code", "weight", "minimum", "target", "maximum", "actual"],
            [[str(evaluation.id), "Sales", "SALES_TARGET", "60", "60", "100", "130", "95"]],
        )
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        self.assertEqual(len(evaluation.line_ids.filtered(lambda line: line.code == "SALES_TARGET")), 1)

    def test_odoo_import_by_database_id_updates_the_actual(self):
        """Issue 18: Odoo's own round trip (export the lines with their id, fill the actual,
        import) updates the line: the ".id" column names it, it changes nothing else."""
        line = self.line(self.employee, "SALES_TARGET")
        Line = self.env["dealer_org.kpi.evaluation.line"].with_user(self.hr_officer)
        result = Line.load([".id", "actual"], [[str(line.id), "97"]])
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(result["ids"], line.ids)
        self.assertEqual(line.actual, 97)

    def test_upgrade_resolves_existing_duplicates(self):
        path = os.path.join(
            os.path.dirname(__file__), "..", "migrations", "18.0.1.2.0", "post-kpi_line_unique.py"
        )
        spec = importlib.util.spec_from_file_location("dealer_org_post_kpi_line_unique", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        resolve_duplicate_lines = migration.resolve_duplicate_lines
        cr = self.env.cr
        draft, approved = self.evaluation(self.employee), self.approved
        self.line(self.employee, "SALES_TARGET").actual = 0
        cr.execute(
            "ALTER TABLE dealer_org_kpi_evaluation_line "
            "DROP CONSTRAINT dealer_org_kpi_evaluation_line_evaluation_code_unique"
        )
        self.env.flush_all()
        for evaluation, actual in ((draft, 97), (approved, 50)):
            cr.execute(
                """INSERT INTO dealer_org_kpi_evaluation_line (evaluation_id, employee_id, company_id,
                       name, code, direction, minimum, target, maximum, weight, source, actual, score,
                       not_applicable, sequence, write_date)
                   VALUES (%s, %s, %s, '{"en_US": "Sales"}', 'SALES_TARGET', 'higher', 60, 100, 130, 0,
                           'manual', %s, 0, false, 99, now())""",
                [evaluation.id, evaluation.employee_id.id, evaluation.company_id.id, actual],
            )
        report = resolve_duplicate_lines(self.env)
        self.env.invalidate_all()
        self.assertEqual(set(report), {draft.id, approved.id})
        self.assertEqual(draft.line_ids.mapped("code").count("SALES_TARGET"), 1)
        self.assertEqual(
            self.line(self.employee, "SALES_TARGET").actual, 97, "the duplicate's actual was kept"
        )
        self.assertEqual(
            sorted(approved.line_ids.mapped("code")), ["COMPLAINTS", "SALES_TARGET", "SALES_TARGET_2"]
        )
        self.assertEqual(
            self.line(self.colleague, "SALES_TARGET", approved).actual, 100, "approved: unchanged"
        )
        self.assertIn("one line per KPI code", draft.message_ids[0].body)
        cr.execute(
            "SELECT 1 FROM pg_constraint WHERE conname = %s",
            ["dealer_org_kpi_evaluation_line_evaluation_code_unique"],
        )
        self.assertTrue(cr.fetchone(), "the unique index is back")


class TestApplyChecksTheLineRules(ActualsCase):
    """The preview refuses frozen and own rows; the write checks the line's rules again for the
    whole batch (what changed between the preview and the import, e.g. an approval)."""

    def apply(self, line):
        record = self.new_import("actuals_en.csv")
        row = Resolved(
            number=2, employee_ref="x", period="2021-03", kpi_code=line.code, actual_text="99", actual=99.0,
            comment="", company_id=line.company_id.id, employee_id=line.employee_id.id,
            evaluation_id=line.evaluation_id.id, line_id=line.id, old_actual=line.actual, outcome="update",
        )  # fmt: skip
        record._apply([row])

    def test_approved_meanwhile(self):
        line = self.line(self.colleague, "SALES_TARGET", self.approved)
        with self.assertRaisesRegex(UserError, "cannot be changed any more"):
            self.apply(line)

    def test_own_evaluation(self):
        with self.assertRaises(AccessError):
            self.apply(self.line(self.officer_employee, "SALES_TARGET"))

    def test_another_company_line(self):
        other = self.other_march.line_ids[:1]
        self.assertTrue(other)
        with self.assertRaises(AccessError):
            self.apply(other)
