"""Evaluations without surprises (issue 10): what HR and managers see while working.

Guards: the generation wizard picks a month, quarter or year and says how many evaluations
it created and how many already existed; an untouched draft shows no grade nor coefficient
(actuals_entered) until an actual is entered; the job form warns live while KPI weights do
not add up to 100 %; a KPI with minimum, target and maximum all 0 is refused; the history
on the employee form opens the full evaluation; the 考核表 prints as a real PDF with its
Chinese text."""

import shutil
import subprocess
import tempfile
import unicodedata

from odoo import Command, fields
from odoo.exceptions import ValidationError

from .kpi_common import KpiCase


class TestKpiDaily(KpiCase):
    def wizard(self, **vals):
        return self.env["dealer_org.kpi.generate"].create(
            {
                "company_ids": [Command.set(self.env.company.ids)],
                "department_ids": [Command.set(self.department.ids)],
                **vals,
            }
        )

    def test_the_wizard_picks_a_period_and_says_what_it_did(self):
        wizard = self.wizard(period_type="quarterly", year=2021, quarter="2")
        self.assertEqual(str(wizard.date), "2021-04-01")
        self.assertEqual(wizard.period_label, "2021-Q2")
        wizard = self.wizard(period_type="monthly", year=2021, month="3")
        self.assertEqual(str(wizard.date), "2021-03-01")
        first = wizard.action_generate()
        self.assertIn("2 created, 0 already existed", first["name"])
        again = self.wizard(period_type="monthly", year=2021, month="3").action_generate()
        self.assertIn("0 created, 2 already existed", again["name"])
        shown = self.Evaluation.search(again["domain"])
        self.assertEqual(shown.employee_id, self.employee | self.colleague)

    def test_an_untouched_draft_shows_no_grade(self):
        evaluation = self.generate().filtered(lambda e: e.employee_id == self.employee)
        self.assertFalse(evaluation.actuals_entered)
        view = self.env["dealer_org.kpi.evaluation"].get_view(view_type="form")["arch"]
        self.assertIn("state == 'draft' and not actuals_entered", view)
        evaluation.line_ids[0].with_user(self.manager_user).actual = 100
        self.assertTrue(evaluation.actuals_entered)

    def test_the_job_form_warns_while_weights_do_not_add_up(self):
        self.assertFalse(self.job.kpi_weight_warning)
        with self.env.cr.savepoint():
            job = self.job.new(origin=self.job)
            job.kpi_ids[0].weight = 50
            self.assertIn("90", job.kpi_weight_warning)

    def test_a_kpi_without_target_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "all 0"):
            self.env["dealer_org.kpi"].create(
                {"job_id": self.job.id, "name": "Nothing", "code": "NOTHING", "weight": 0}
            )

    def test_the_history_opens_the_full_form(self):
        evaluation = self.generate().filtered(lambda e: e.employee_id == self.employee)
        action = evaluation.with_user(self.hr_officer).action_open_form()
        self.assertEqual((action["res_id"], action["target"]), (evaluation.id, "current"))

    def test_the_evaluation_form_prints_in_chinese(self):
        self.assertTrue(shutil.which("wkhtmltopdf"), "scripts/test installs wkhtmltopdf")
        evaluations = self.generate()
        evaluation = evaluations.filtered(lambda e: e.employee_id == self.employee)
        evaluation.line_ids[0].with_context(lang="zh_CN").name = "销售目标完成率"
        self.env["ir.module.module"]._load_module_terms(["dealer_org"], ["zh_CN"])
        report = self.env.ref("dealer_org.action_report_kpi_evaluation")
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(lang="zh_CN", force_report_rendering=True)
            ._render_qweb_pdf(report, evaluations.ids)  # several at once: one page each
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", handle.name, "-"], capture_output=True, check=True, text=True
            ).stdout
        # The CJK font maps some characters to their compatibility forms (⽬ for 目).
        text = unicodedata.normalize("NFKC", text)
        self.assertIn("销售目标完成率", text)
        self.assertIn("KPI Employee", text)
        self.assertIn("KPI Colleague", text)
        self.assertEqual(text.count("\f"), len(evaluations))


class TestKpiCronBatches(KpiCase):
    """The daily generation works in batches the cron runner commits one by one; a batch
    lost to a crash is redone by the next call, nothing twice."""

    def test_batches_until_done_and_a_lost_batch_is_redone(self):
        self.env["ir.config_parameter"].sudo().set_param("dealer_org.generation_batch_size", "1")
        Evaluation = self.Evaluation
        due = sum(
            len(
                Evaluation._generation_todo(
                    p, fields.Date.context_today(Evaluation), self.env["res.company"].search([])
                )[1]
            )
            for p in ("monthly", "quarterly", "yearly")
        )
        self.assertGreaterEqual(due, 2)
        self.assertEqual(Evaluation._cron_generate_evaluations(), 1)
        # A worker killed in the middle of the next batch: its transaction is lost.
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            Evaluation._cron_generate_evaluations()
            raise RuntimeError("kill -9")
        calls = 1
        while Evaluation._cron_generate_evaluations():
            calls += 1
            self.assertLess(calls, due + 2)
        self.assertEqual(calls, due)
        self.env.cr.execute(
            """SELECT employee_id, period_type, period_start, count(*) FROM dealer_org_kpi_evaluation
               GROUP BY 1, 2, 3 HAVING count(*) > 1"""
        )
        self.assertEqual(self.env.cr.fetchall(), [])
        today = fields.Date.context_today(Evaluation)
        for period_type in ("monthly", "quarterly", "yearly"):
            self.assertFalse(
                Evaluation._generation_todo(period_type, today, self.env["res.company"].search([]))[1]
            )
