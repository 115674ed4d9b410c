"""岗位说明书 (issue 9): the job description prints as a real PDF, with its Chinese text.

Guards: a job, a selection of jobs, every job of a department and a job with the positions
reporting to it (the job hierarchy's print buttons) render through wkhtmltopdf into PDF bytes
whose text holds each job's Chinese title, its numbered duties with their period, its
qualifications, its KPIs with weight and target, its superior, subordinates and headcount;
the labels follow the language of the user printing; a user only prints the jobs they may read.
"""

import logging
import shutil
import subprocess
import tempfile
import unicodedata

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.base.models.ir_qweb import QWebException

from .common import DealerOrgCase

# CJK radicals the font's glyphs map back to, which NFKC leaves alone (⻔ for 门).
CJK_RADICALS = str.maketrans({"\u2ed4": "门", "\u2ee9": "黄", "\u2ec4": "西"})


def pdf_text(pdf):
    """The text of PDF bytes, as pdftotext extracts it (NFKC: the CJK font maps some
    characters to compatibility forms, ⽬ for 目)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"], capture_output=True, check=True, text=True
        ).stdout
    return unicodedata.normalize("NFKC", text).translate(CJK_RADICALS)


class TestJobReport(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.department = cls.env["hr.department"].create({"name": "Report Sales Department"})
        cls.zh(cls.department).name = "报告销售部"
        cls.manager = cls.env["hr.job"].create(
            {"name": "Report Sales Manager", "department_id": cls.department.id, "headcount": 1}
        )
        cls.zh(cls.manager).name = "报告销售经理"
        cls.consultant = cls.env["hr.job"].create(
            {
                "name": "Report Sales Consultant",
                "department_id": cls.department.id,
                "parent_id": cls.manager.id,
                "headcount": 6,
                "responsibility_summary": "Sells vehicles to walk-in customers.",
                "duty_ids": [
                    Command.create({"sequence": 1, "name": "Tidy the showroom", "period": "daily"}),
                    Command.create({"sequence": 2, "name": "Report the month's sales", "period": "monthly"}),
                ],
                "qualification_ids": [
                    Command.create({"kind": "education", "name": "College degree or above"}),
                ],
                "kpi_ids": [
                    Command.create(
                        {
                            "name": "Sales target completion rate",
                            "code": "SALES",
                            "unit": "%",
                            "minimum": 60,
                            "target": 100,
                            "maximum": 130,
                            "weight": 100,
                        }
                    ),
                ],
            }
        )
        consultant = cls.zh(cls.consultant)
        consultant.name = "报告销售顾问"
        consultant.duty_ids[0].name = "每日整理展厅"
        consultant.duty_ids[1].name = "每月汇报销售情况"
        consultant.qualification_ids.name = "大专及以上学历"
        consultant.kpi_ids.name = "销售目标完成率"
        cls.employee = cls.env["hr.employee"].create({"name": "Report Employee", "job_id": cls.consultant.id})

    def render(self, xmlid, records, lang="zh_CN", user=None):
        self.assertTrue(shutil.which("wkhtmltopdf"), "scripts/test installs wkhtmltopdf")
        report = self.env.ref(xmlid)
        Report = self.env["ir.actions.report"]
        if user:
            Report = Report.with_user(user)
        pdf, kind = Report.with_context(lang=lang, force_report_rendering=True)._render_qweb_pdf(
            report, records.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf_text(pdf)

    def test_one_job_prints_in_chinese(self):
        text = self.render("dealer_org.action_report_hr_job", self.consultant)
        self.assertIn("报告销售顾问", text)
        self.assertIn("报告销售部", text)
        self.assertIn("报告销售经理", text, "the superior")
        self.assertRegex(text, r"1\s+每日整理展厅")
        self.assertRegex(text, r"2\s+每月汇报销售情况")
        self.assertIn("大专及以上学历", text)
        self.assertIn("销售目标完成率", text)
        self.assertRegex(text, r"100\.0\s+100\.0 %", "weight and target with its unit")
        headings = ("岗位说明书", "岗位名称", "所属部门", "直接上级", "直接下级", "编制", "在岗", "岗位概述")
        for heading in headings + ("岗位职责", "任职资格", "考核指标", "来源"):
            self.assertIn(heading, text)

    def test_labels_follow_the_language_of_the_user(self):
        text = self.render("dealer_org.action_report_hr_job", self.consultant, lang="en_US")
        labels = ("Job Description", "Home Department", "Reports To", "Headcount", "In Position", "Duties")
        labels += ("Qualifications Required", "Performance Indicators", "Sources")
        for label in labels:
            self.assertIn(label, text)
        self.assertIn("Report Sales Consultant", text)
        self.assertRegex(text, r"1\s+Tidy the showroom\s+Daily")
        self.assertRegex(text, r"Headcount\s+6\s+In Position\s+1")
        self.assertNotIn("报告销售顾问", text)

    def test_a_selection_prints_every_job(self):
        text = self.render("dealer_org.action_report_hr_job", self.manager | self.consultant)
        self.assertIn("报告销售经理", text)
        self.assertIn("每日整理展厅", text)
        self.assertIn("报告销售顾问", text.split("报告销售经理", 1)[1], "both jobs, in order")
        self.assertEqual(text.count("\f"), 2, "one page per job")

    def test_a_department_prints_its_jobs(self):
        text = self.render("dealer_org.action_report_hr_department_jobs", self.department)
        self.assertIn("报告销售经理", text)
        self.assertIn("报告销售顾问", text)
        self.assertIn("每月汇报销售情况", text)

    def test_the_hierarchy_prints_a_job_with_its_subordinates(self):
        text = self.render("dealer_org.action_report_hr_job_branch", self.manager)
        self.assertIn("报告销售顾问", text.split("报告销售经理", 1)[1])
        self.assertIn("每日整理展厅", text)
        view = self.env.ref("dealer_org.hr_job_view_hierarchy")
        arch = self.env["hr.job"].get_view(view.id, "hierarchy")["arch"]
        for xmlid in ("dealer_org.action_report_hr_job", "dealer_org.action_report_hr_job_branch"):
            self.assertIn(f'name="{self.env.ref(xmlid).id}"', arch)

    def test_a_user_prints_only_the_jobs_of_their_companies(self):
        other = self.env["res.company"].create({"name": "Report Other Company"})
        foreign = self.env["hr.job"].create({"name": "Report Foreign Job", "company_id": other.id})
        user = new_test_user(self.env, "report_hr_officer", groups="base.group_user,hr.group_hr_user")
        # Refused before anything renders (report/hr_job_report.py): a clean AccessError, not a
        # QWeb error wrapping it (a traceback in the log).
        with self.assertRaises(AccessError) as refused:
            self.render("dealer_org.action_report_hr_job", foreign, lang="en_US", user=user)
        self.assertNotIsInstance(refused.exception, QWebException)
        self.assertNotIn("Report Foreign Job", str(refused.exception))
        text = self.render("dealer_org.action_report_hr_job", self.consultant, lang="en_US", user=user)
        self.assertIn("Report Sales Consultant", text)


@tagged("post_install", "-at_install")
class TestJobReportForEmployees(HttpCase):
    """Issue 16: the job description was offered to employees but answered 403 with a
    traceback in the log. Now an employee prints their own position's description (button on
    their employee page); any other job, the department and branch prints are refused with a
    message and a 403, and no traceback; those prints are not offered to them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.department = cls.env["hr.department"].create({"name": "Print Sales"})
        cls.own_job = cls.env["hr.job"].create(
            {
                "name": "Print Sales Consultant",
                "department_id": cls.department.id,
                "responsibility_summary": "Sells cars.",
                "duty_ids": [Command.create({"name": "Tidy the showroom", "period": "daily"})],
            }
        )
        cls.other_job = cls.env["hr.job"].create(
            {"name": "Print Secret Finance Job", "department_id": cls.department.id}
        )
        cls.user = new_test_user(cls.env, "print_employee", groups="base.group_user")
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Print Employee", "user_id": cls.user.id, "job_id": cls.own_job.id}
        )
        cls.colleague = cls.env["hr.employee"].create({"name": "Print Colleague", "job_id": cls.other_job.id})

    def get(self, path):
        self.authenticate(self.user.login, self.user.login)
        records = []
        handler = logging.Handler(level=logging.INFO)
        handler.emit = records.append
        logger = logging.getLogger("odoo")
        logger.addHandler(handler)
        try:
            response = self.url_open(path, timeout=120)
        finally:
            logger.removeHandler(handler)
        errors = [r for r in records if r.levelno >= logging.ERROR or r.exc_info]
        self.assertFalse(errors, f"{path} logged {[r.getMessage() for r in errors]}")
        return response

    def test_an_employee_prints_their_own_job(self):
        response = self.get(f"/report/html/dealer_org.report_hr_job/{self.own_job.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Print Sales Consultant", response.text)
        self.assertIn("Tidy the showroom", response.text)
        # The PDF as the employee (wkhtmltopdf cannot fetch the assets from the test server while
        # it serves the /report/pdf request: rendered here, as the route does).
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("dealer_org.action_report_hr_job", self.own_job.ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertIn("Print Sales Consultant", pdf_text(pdf))

    def test_another_job_is_refused_cleanly(self):
        for path in (
            f"/report/html/dealer_org.report_hr_job/{self.other_job.id}",
            f"/report/pdf/dealer_org.report_hr_job/{self.other_job.id}",  # refused before rendering
            f"/report/html/dealer_org.report_hr_job/{self.own_job.id},{self.other_job.id}",
            f"/report/html/dealer_org.report_hr_job_branch/{self.own_job.id}",
            f"/report/html/dealer_org.report_hr_department_jobs/{self.department.id}",
        ):
            response = self.get(path)
            self.assertEqual(response.status_code, 403, path)
            self.assertNotIn("Print Secret Finance Job", response.text)
            self.assertNotIn("Traceback", response.text)

    def test_the_button_is_on_their_own_employee_page_only(self):
        Public = self.env["hr.employee.public"].with_user(self.user)
        arch = Public.get_view(view_type="form")["arch"]
        self.assertIn('name="action_print_job_description"', arch)
        self.assertIn("user_id != uid", arch)
        action = Public.browse(self.employee.id).action_print_job_description()
        self.assertEqual(action["report_name"], "dealer_org.report_hr_job")
        self.assertEqual(action["context"]["active_ids"], self.own_job.ids)
        with self.assertRaises(AccessError):
            Public.browse(self.colleague.id).action_print_job_description()

    def test_department_and_branch_prints_are_not_offered_to_employees(self):
        toolbar = (
            self.env["hr.department"]
            .with_user(self.user)
            .get_views([(False, "form")], {"toolbar": True})["views"]["form"]["toolbar"]
        )
        printable = {action["id"] for action in toolbar.get("print", [])}
        self.assertNotIn(self.env.ref("dealer_org.action_report_hr_department_jobs").id, printable)
        officer = new_test_user(self.env, "print_officer", groups="base.group_user,hr.group_hr_user")
        toolbar = (
            self.env["hr.department"]
            .with_user(officer)
            .get_views([(False, "form")], {"toolbar": True})["views"]["form"]["toolbar"]
        )
        self.assertIn(
            self.env.ref("dealer_org.action_report_hr_department_jobs").id,
            {action["id"] for action in toolbar.get("print", [])},
        )
