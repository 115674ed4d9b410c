"""The evaluation sheet the employee signs, and what the evaluation shows (issues 16, 18, 20).

Guards: a KPI without data for the period is printed and shown as such ("No data" / 无数据),
with the effective (re-normalised) weight of every KPI, and the weighted scores add up to the
total score on the printed 考核表 (HTML and PDF text) and on the form, with a line saying the
weights were re-normalised; a draft nobody has entered an actual in has no grade nor pay
coefficient anywhere (the evaluation, the employee's KPI tab, list data, the sheet, the payroll
API); evaluations whose period has started are archived with a reason instead of deleted, and
never pay; the state messages read right in Chinese (no 已已); importing a KPI list that
re-weights a job checks the weights once per job after the whole file; each layer guarding a
line's comment holds alone;
My Evaluations shows only one's own evaluations even to an HR officer, whom no rule restricts.
"""

import re
from datetime import date

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user
from odoo.tools.safe_eval import safe_eval

from .kpi_common import KpiCase
from .test_job_report import pdf_text


class SheetCase(KpiCase):
    """The store of KpiCase with a third, checklist KPI: 30 % sales, 40 % complaints, 30 %
    checklist completion; March 2021 has no checklist, so that KPI has no data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sales, complaints = cls.job.kpi_ids.sorted("sequence")
        cls.job.write(
            {
                "kpi_ids": [
                    Command.update(sales.id, {"weight": 30, "sequence": 1}),
                    Command.update(complaints.id, {"weight": 40, "sequence": 2}),
                    Command.create(
                        {
                            "name": "Checklist completion",
                            "code": "CHECKLIST",
                            "source": "checklist_completion",
                            "minimum": 80,
                            "target": 100,
                            "maximum": 100,
                            "weight": 30,
                            "sequence": 3,
                        }
                    ),
                ]
            }
        )
        cls.evaluations = cls.generate()
        cls.evaluation = cls.evaluations.filtered(lambda e: e.employee_id == cls.employee)
        cls.checklist_line = cls.evaluation.line_ids.filtered(lambda line: line.code == "CHECKLIST")

    def fill(self):
        sales, complaints = (self.evaluation.line_ids - self.checklist_line).sorted("sequence")
        sales.actual = 97  # 92.5 points
        complaints.actual = 3.3  # 67.5 points
        # (30 × 92.5 + 40 × 67.5) / 70 = 78.214…: the sheet's 71.5-style sum would be 54.75
        self.assertEqual(self.evaluation.total_score, 78.21)


class TestTheSheetAddsUp(SheetCase):
    def test_the_form_values_add_up_to_the_total(self):
        self.fill()
        self.assertTrue(self.checklist_line.not_applicable)
        data = self.evaluation.with_user(self.hr_officer).web_read(
            {
                "total_score": {},
                "reweight_note": {},
                "line_ids": {
                    "fields": {"code": {}, "weight": {}, "effective_weight": {}, "weighted_score": {}}
                },
            }
        )[0]
        lines = {line["code"]: line for line in data["line_ids"]}
        self.assertEqual(
            {code: line["effective_weight"] for code, line in lines.items()},
            {"SALES_TARGET": 42.86, "COMPLAINTS": 57.14, "CHECKLIST": 0.0},
        )
        self.assertEqual(lines["CHECKLIST"]["weighted_score"], 0.0)
        self.assertAlmostEqual(sum(line["weighted_score"] for line in lines.values()), data["total_score"], 9)
        self.assertAlmostEqual(sum(line["effective_weight"] for line in lines.values()), 100, 9)
        self.assertIn("Checklist completion", data["reweight_note"])
        self.assertIn("re-normalised", data["reweight_note"])
        # The footer the form shows under the lines is the sum of weighted_score.
        arch = self.Evaluation.get_view(view_type="form")["arch"]
        self.assertRegex(arch, r'name="weighted_score"[^>]*sum=')
        self.assertRegex(arch, r'name="effective_weight"[^>]*sum=')

    def test_the_employee_tab_adds_up_too(self):
        self.fill()
        data = (
            self.env["hr.employee"]
            .with_user(self.hr_officer)
            .browse(self.employee.id)
            .web_read(
                {
                    "kpi_total_score": {},
                    "kpi_reweight_note": {},
                    "kpi_line_ids": {"fields": {"weighted_score": {}, "effective_weight": {}}},
                }
            )[0]
        )
        self.assertAlmostEqual(
            sum(line["weighted_score"] for line in data["kpi_line_ids"]), data["kpi_total_score"], 9
        )
        self.assertTrue(data["kpi_reweight_note"])

    def test_without_missing_data_no_note_and_the_weights_as_set(self):
        # An evaluation whose every KPI has data: effective weight = weight.
        job = self.env["hr.job"].create(
            {
                "name": "Sheet Two KPIs",
                "kpi_ids": [
                    Command.create({"name": "A", "code": "A", "target": 10, "maximum": 10, "weight": 70}),
                    Command.create({"name": "B", "code": "B", "target": 10, "maximum": 10, "weight": 30}),
                ],
            }
        )
        employee = self.env["hr.employee"].create({"name": "Sheet Two", "job_id": job.id})
        evaluation = self.Evaluation._generate("monthly", self.period, self.env.company, employees=employee)
        evaluation.line_ids.sorted("sequence")[0].actual = 5
        self.assertEqual(evaluation.line_ids.mapped("effective_weight"), [70, 30])
        self.assertFalse(evaluation.reweight_note)
        self.assertAlmostEqual(sum(evaluation.line_ids.mapped("weighted_score")), evaluation.total_score, 9)

    def sheet_html(self, lang="en_US"):
        html, _kind = (
            self.env["ir.actions.report"]
            .with_context(lang=lang)
            ._render_qweb_html("dealer_org.action_report_kpi_evaluation", self.evaluation.ids)
        )
        return etree.fromstring(html, etree.HTMLParser())

    @staticmethod
    def number(text):
        return float(re.sub(r"[^0-9.\-]", "", text))

    def test_the_printed_sheet_marks_no_data_and_adds_up(self):
        self.fill()
        root = self.sheet_html()
        table = root.xpath("//table[contains(@class, 'o_dealer_org_kpi_lines')]")[0]
        headers = [" ".join(th.itertext()).strip() for th in table.xpath(".//thead//th")]
        self.assertIn("Effective Weight (%)", headers)
        rows = {}
        for row in table.xpath(".//tbody/tr"):
            cells = [" ".join(td.itertext()).strip() for td in row.xpath("./td")]
            rows[cells[0]] = dict(zip(headers, cells, strict=True))
        no_data = rows["Checklist completion"]
        self.assertEqual((no_data["Actual"], no_data["Score"]), ("No data", "–"))
        self.assertEqual(self.number(no_data["Effective Weight (%)"]), 0)
        counted = [row for name, row in rows.items() if name != "Checklist completion"]
        self.assertEqual(sorted(self.number(row["Effective Weight (%)"]) for row in counted), [42.86, 57.14])
        weighted = sum(self.number(row["Weighted Score"]) for row in counted)
        self.assertAlmostEqual(weighted, self.evaluation.total_score, 9, "the sheet adds up to the total")
        footer = [" ".join(th.itertext()).strip() for th in table.xpath(".//tfoot//th")]
        self.assertEqual(self.number(footer[-1]), self.evaluation.total_score)
        self.assertEqual(self.number(footer[1]), 100)
        note = " ".join(root.xpath("//p[contains(@class, 'o_dealer_org_reweight_note')]")[0].itertext())
        self.assertIn("re-normalised", note)

    def test_the_printed_sheet_in_chinese_pdf(self):
        self.fill()
        self.env["ir.module.module"]._load_module_terms(["dealer_org"], ["zh_CN"], overwrite=True)
        report = self.env.ref("dealer_org.action_report_kpi_evaluation")
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(lang="zh_CN", force_report_rendering=True)
            ._render_qweb_pdf(report, self.evaluation.ids)
        )
        text = pdf_text(pdf)
        self.assertIn("无数据", text)
        self.assertIn("有效权重", text)
        self.assertIn("78.21", text)
        self.assertIn("重新归一", text)
        # 42.86 % × 92.5 = 39.64 and 57.14 % × 67.5 = 38.57: 78.21, the total
        self.assertRegex(text, r"42\.86[^\n]*92\.5[^\n]*39\.64")
        self.assertRegex(text, r"57\.14[^\n]*67\.5[^\n]*38\.57")


class TestAnUntouchedDraftShowsNoResult(SheetCase):
    def test_no_grade_nor_coefficient_anywhere(self):
        evaluation = self.evaluation
        self.assertFalse(evaluation.actuals_entered)
        self.assertEqual((evaluation.grade, evaluation.coefficient), (False, 0.0), "at the source")
        # the list's data
        rows = self.Evaluation.with_user(self.hr_officer).web_search_read(
            [("id", "=", evaluation.id)], {"grade": {}, "coefficient": {}}
        )["records"]
        self.assertEqual((rows[0]["grade"], rows[0]["coefficient"]), (False, 0.0))
        # the employee's KPI tab (and any list or kanban reading the employee's kpi_ fields)
        Employee = self.env["hr.employee"].with_user(self.hr_officer)
        data = Employee.web_search_read(
            [("id", "=", self.employee.id)],
            {"kpi_grade": {}, "kpi_coefficient": {}, "kpi_state": {}, "kpi_actuals_entered": {}},
        )["records"][0]
        self.assertEqual((data["kpi_grade"], data["kpi_coefficient"]), (False, 0.0))
        self.assertEqual((data["kpi_state"], data["kpi_actuals_entered"]), ("draft", False))
        arch = Employee.get_view(view_type="form")["arch"]
        for name in ("kpi_total_score", "kpi_grade", "kpi_coefficient"):
            self.assertRegex(
                arch, rf"name=\"{name}\"[^>]*invisible=\"kpi_state == 'draft' and not kpi_actuals_entered\""
            )
        # the sheet
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("dealer_org.action_report_kpi_evaluation", evaluation.ids)[0]
            .decode()
        )
        self.assertIn("No actual entered yet", html)
        self.assertNotIn("Pay Coefficient", html)
        # the payroll API: a draft never pays
        self.assertFalse(self.employee._get_kpi_results(date(2021, 3, 1), date(2021, 3, 31)))

    def test_hr_changing_a_kpi_of_an_untouched_draft_does_not_grade_it(self):
        """The ORM path: the total changes (another weight) but nobody entered an actual."""
        line = (self.evaluation.line_ids - self.checklist_line).sorted("sequence")[0]
        line.with_user(self.hr_officer).weight = 20
        self.assertEqual(self.evaluation.total_score, 80)  # 40 × 120 / 60: would be grade B
        self.assertFalse(self.evaluation.actuals_entered)
        self.evaluation.invalidate_recordset()
        self.assertEqual((self.evaluation.grade, self.evaluation.coefficient), (False, 0.0))

    def test_the_first_actual_brings_the_grade(self):
        self.fill()
        self.assertTrue(self.evaluation.actuals_entered)
        self.assertEqual((self.evaluation.grade, self.evaluation.coefficient), ("B", 1.0))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("dealer_org.action_report_kpi_evaluation", self.evaluation.ids)[0]
            .decode()
        )
        self.assertIn("Pay Coefficient", html)

    def test_regenerated_scores_keep_an_untouched_draft_ungraded(self):
        self.evaluation._store_scores()  # the set-based path (generation, grade-table changes)
        self.assertEqual((self.evaluation.grade, self.evaluation.coefficient), (False, 0.0))
        # approving an untouched draft grades it: 0 sales (0 points), 0 complaints (120 points)
        self.evaluation.action_approve()
        self.assertEqual((self.evaluation.total_score, self.evaluation.grade), (68.57, "C"))
        self.assertEqual(self.evaluation.coefficient, 0.8)


class TestArchiveInsteadOfDelete(SheetCase):
    def test_a_started_period_is_archived_with_a_reason_not_deleted(self):
        evaluation = self.evaluation.with_user(self.hr_officer)
        with self.assertRefused(UserError, "has started: it is archived, not deleted"):
            evaluation.unlink()
        action = evaluation.action_archive()
        self.assertEqual(action["res_model"], "dealer_org.kpi.evaluation.archive")
        Wizard = self.env["dealer_org.kpi.evaluation.archive"].with_user(self.hr_officer)
        with self.assertRefused(UserError, "reason"):
            evaluation._archive("  ")
        Wizard.with_context(**action["context"]).create(
            {"reason": "Duplicate of the transfer"}
        ).action_archive_evaluations()
        self.assertFalse(self.evaluation.active)
        self.assertEqual(self.evaluation.archive_reason, "Duplicate of the transfer")
        self.assertIn("Duplicate of the transfer", self.evaluation.message_ids[0].body)
        self.assertEqual(self.evaluation.message_ids[0].author_id, self.hr_officer.partner_id)
        # still readable to HR, never pays, changes nothing until restored
        Evaluation = self.Evaluation.with_user(self.hr_officer)
        self.assertFalse(Evaluation.search([("id", "=", self.evaluation.id)]))
        archived = Evaluation.search([("id", "=", self.evaluation.id), ("active", "=", False)])
        self.assertEqual(archived.total_score, self.evaluation.total_score)
        with self.assertRefused(UserError, "archived"):
            archived.action_approve()
        with self.assertRefused(UserError, "archived"):
            archived.line_ids[0].actual = 100
        self.assertFalse(
            self.Evaluation._generate("monthly", self.period, self.env.company, employees=self.employee)
        )
        archived.action_unarchive()
        self.assertTrue(self.evaluation.active)
        self.assertIn("restored", self.evaluation.message_ids[0].body)

    def test_archived_evaluations_never_pay(self):
        self.fill()
        self.evaluation.action_approve()
        self.evaluation.action_lock()
        with self.assertRefused(UserError, "reopens it"):
            self.evaluation.with_user(self.hr_officer)._archive("weak")
        self.evaluation.with_user(self.hr_manager)._reopen("figures")
        self.evaluation.with_user(self.hr_officer)._archive("left the company")
        # even forced to approved behind the ORM's back, and asked with active_test off
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE dealer_org_kpi_evaluation SET state = 'approved' WHERE id = %s", [self.evaluation.id]
        )
        self.evaluation.invalidate_recordset()
        self.assertEqual((self.evaluation.state, self.evaluation.active), ("approved", False))
        for employees in (self.employee, self.employee.with_context(active_test=False)):
            results = employees.with_context(active_test=False)._get_kpi_results(
                date(2021, 3, 1), date(2021, 3, 31)
            )
            self.assertFalse(results, "an archived evaluation never pays")

    def test_a_future_draft_can_still_be_deleted(self):
        today = fields.Date.context_today(self.Evaluation)
        future = self.Evaluation._generate(
            "monthly", date(today.year + 1, 1, 1), self.env.company, employees=self.employee
        )
        future.with_user(self.hr_officer).unlink()
        self.assertFalse(future.exists())

    def test_nobody_archives_their_own(self):
        own = self.env["hr.employee"].create(
            {"name": "Sheet HR Officer", "user_id": self.hr_officer.id, "job_id": self.job.id}
        )
        evaluation = self.Evaluation._generate("monthly", self.period, self.env.company, employees=own)
        with self.assertRaises(AccessError):
            evaluation.with_user(self.hr_officer)._archive("mine")
        with self.assertRaises(AccessError):
            evaluation.with_user(self.hr_officer).action_archive()
        with self.assertRaises(AccessError):
            self.evaluation.with_user(self.manager_user)._archive("weak")
        with self.assertRefused(UserError, "Archive and Unarchive"):
            self.evaluation.with_user(self.hr_officer).write({"active": False})
        self.assertTrue(evaluation.active and self.evaluation.active)


class TestMessagesInChinese(SheetCase):
    def test_no_doubled_state_prefix(self):
        self.fill()
        self.evaluation.action_approve()
        evaluation = self.evaluation.with_context(lang="zh_CN")
        with self.assertRaises(UserError) as refused:
            evaluation.note = "改"
        self.assertEqual(
            str(refused.exception),
            f"考核 {self.evaluation.display_name} 的状态为「已批准」,不能再修改;"
            "人事经理可以填写原因后重新打开。",
        )
        with self.assertRaises(UserError) as refused:
            evaluation.action_approve()
        self.assertEqual(
            str(refused.exception),
            f"{self.evaluation.display_name} 的状态为「已批准」:"
            "只有状态为「草稿 / 已提交」的考核才能变为「已批准」。",
        )
        self.assertNotIn("已已", str(refused.exception))

    def test_the_weight_message_names_the_period_once(self):
        with self.assertRaises(ValidationError) as refused:
            self.job.with_context(lang="zh_CN").kpi_ids[0].weight = 10
        message = str(refused.exception)
        self.assertIn("中周期为「每月」的有效 KPI 权重合计为 80.0 %", message)


class TestKpiListImport(KpiCase):
    """Odoo's import of a KPI list (base_import calls load) re-weighting a job 60/40 → 70/30."""

    def rows(self, sales, complaints):
        sales_kpi, complaints_kpi = self.job.kpi_ids.sorted("sequence")
        return [
            [str(sales_kpi.id), str(sales)],
            [str(complaints_kpi.id), str(complaints)],
        ]

    def test_a_reweighting_file_is_checked_once_the_whole_file_is_in(self):
        result = self.env["dealer_org.kpi"].load([".id", "weight"], self.rows(70, 30))
        self.assertEqual(result["messages"], [])
        self.assertEqual(len(result["ids"]), 2)
        self.assertEqual(self.job.kpi_ids.sorted("sequence").mapped("weight"), [70, 30])

    def test_a_file_that_does_not_add_up_is_refused_whole(self):
        result = self.env["dealer_org.kpi"].load([".id", "weight"], self.rows(70, 40))
        self.assertFalse(result["ids"])
        self.assertEqual(len(result["messages"]), 1, result["messages"])
        self.assertIn("110.0 %", result["messages"][0]["message"])
        self.assertIn(self.job.name, result["messages"][0]["message"])
        self.job.invalidate_recordset()
        self.assertEqual(self.job.kpi_ids.sorted("sequence").mapped("weight"), [60, 40], "nothing written")

    def test_base_import_of_a_csv_file(self):
        sales_kpi, complaints_kpi = self.job.kpi_ids.sorted("sequence")
        # external ids as Odoo's export writes them
        xmlids = {kpi.id: kpi._export_rows([["id"]])[0][0] for kpi in (sales_kpi, complaints_kpi)}
        content = f"id,weight\n{xmlids[sales_kpi.id]},65\n{xmlids[complaints_kpi.id]},35\n"
        importer = (
            self.env["base_import.import"]
            .with_user(self.hr_officer)
            .create({"res_model": "dealer_org.kpi", "file": content.encode(), "file_type": "text/csv"})
        )
        options = {"has_headers": True, "quoting": '"', "separator": ",", "encoding": "utf-8"}
        result = importer.execute_import(["id", "weight"], ["id", "weight"], options)
        self.assertEqual([m for m in result["messages"] if m["type"] == "error"], [])
        self.assertEqual(self.job.kpi_ids.sorted("sequence").mapped("weight"), [65, 35])


class TestPayRulesEachLayer(KpiCase):
    """Issue 20: tests that fail when a pay rule breaks."""

    def test_a_colleague_line_comment_is_guarded_by_each_layer(self):
        evaluations = self.generate()
        colleague = evaluations.filtered(lambda e: e.employee_id == self.colleague)
        line = colleague.line_ids[0]
        # Layer 1, the line's write rule: the colleague's line is not among those the
        # employee may write.
        write_domain = (
            self.env["ir.rule"]
            .with_user(self.employee_user)
            ._compute_domain("dealer_org.kpi.evaluation.line", "write")
        )
        Line = self.env["dealer_org.kpi.evaluation.line"]
        self.assertNotIn(line, Line.search(write_domain))
        # Layer 2, the method check, on its own (the ORM's rule check not involved).
        with self.assertRaises(AccessError):
            colleague.with_user(self.employee_user)._check_lines_editable({"comment"})
        # Both together, as a client writes.
        with self.assertRaises(AccessError):
            line.with_user(self.employee_user).comment = "lazy"
        self.assertFalse(line.comment)
        # The manager passes both layers.
        colleague.with_user(self.manager_user)._check_lines_editable({"comment"})
        self.assertIn(
            line,
            Line.search(
                self.env["ir.rule"]
                .with_user(self.manager_user)
                ._compute_domain("dealer_org.kpi.evaluation.line", "write")
            ),
        )

    def test_my_evaluations_is_mine_even_for_an_hr_officer(self):
        """HR officers read every evaluation of their companies: only the action's domain keeps
        My Evaluations to their own."""
        own = self.env["hr.employee"].create(
            {"name": "Sheet Officer Self", "user_id": self.hr_officer.id, "job_id": self.job.id}
        )
        evaluations = self.generate(departments=self.department) | self.Evaluation._generate(
            "monthly", self.period, self.env.company, employees=own
        )
        Evaluation = self.Evaluation.with_user(self.hr_officer)
        self.assertGreater(len(Evaluation.search([("id", "in", evaluations.ids)])), 1)
        action = self.env.ref("dealer_org.dealer_org_kpi_evaluation_action_my")
        domain = safe_eval(action.domain or "[]", {"uid": self.hr_officer.id})
        shown = Evaluation.search(domain)
        self.assertTrue(shown)
        self.assertEqual(shown.employee_id, own)


class TestHrOfficerWithoutEmployee(KpiCase):
    def test_new_user_without_employee_sees_no_own_evaluation(self):
        user = new_test_user(self.env, "sheet_officer_alone", groups="base.group_user,hr.group_hr_user")
        self.generate()
        action = self.env.ref("dealer_org.dealer_org_kpi_evaluation_action_my")
        domain = safe_eval(action.domain, {"uid": user.id})
        self.assertFalse(self.Evaluation.with_user(user).search(domain))
