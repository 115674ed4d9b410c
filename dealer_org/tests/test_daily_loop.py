"""The demo and the job form as a new user meets them (issue 10).

Guards: the demo store is Chinese (its employees' job titles in Chinese, the company in
China's timezone); the job form's Employees button opens the position's holders; assigning
a job to an employee fills an empty department and manager; lists do not sum thresholds,
grade bands or days of the month."""

from odoo.tests import Form

from .kpi_common import KpiCase


class TestDailyLoop(KpiCase):
    def test_the_demo_store_is_chinese(self):
        consultant = self.env.ref("dealer_org.employee_consultant_1", raise_if_not_found=False)
        if not consultant:
            self.skipTest("dealer_org demo data is not installed")
        self.assertEqual(consultant.job_title, "销售顾问")
        self.assertEqual(self.env.ref("base.main_company").partner_id.tz, "Asia/Shanghai")

    def test_the_job_form_opens_its_employees(self):
        action = self.job.action_open_employees()
        self.assertEqual(self.env["hr.employee"].search(action["domain"]), self.employee | self.colleague)

    def test_assigning_a_job_fills_department_and_manager(self):
        self.job.department_id = self.department
        with Form(self.env["hr.employee"]) as form:
            form.name = "New Consultant"
            form.job_id = self.job
            self.assertEqual(form.department_id, self.department)
            self.assertEqual(form.parent_id, self.manager)

    def test_no_meaningless_sums_in_lists(self):
        for model, names in (
            ("dealer_org.kpi", ["minimum", "target", "maximum"]),
            ("dealer_org.kpi.evaluation.line", ["minimum", "target", "maximum", "actual"]),
            ("dealer_org.kpi.grade", ["min_score", "coefficient"]),
            ("dealer_org.job.duty", ["month_day", "period_month", "deadline_days"]),
        ):
            for name in names:
                with self.subTest(model=model, field=name):
                    self.assertFalse(self.env[model]._fields[name].aggregator)

    def test_the_database_speaks_english_and_chinese(self):
        """scripts/test (like scripts/serve) activates both: with one language only, a Chinese
        edit would overwrite the English text."""
        self.env.cr.execute("SELECT code FROM res_lang WHERE active ORDER BY code")
        self.assertEqual([code for (code,) in self.env.cr.fetchall()][:2], ["en_US", "zh_CN"])
        self.assertEqual(self.env.ref("hr.menu_hr_root").with_context(lang="zh_CN").name, "员工")
        job = self.job.with_context(lang="zh_CN")
        job.name = "测试顾问"
        self.assertEqual(self.job.with_context(lang="en_US").name, "KPI Test Consultant")

    def test_one_job_positions_menu(self):
        menus = self.env["ir.ui.menu"].search([("action", "like", "ir.actions.act_window,%")])
        job_menus = menus.filtered(
            lambda menu: (
                menu.action.res_model == "hr.job" and menu.with_context(lang="en_US").name == "Job Positions"
            )
        )
        self.assertEqual(job_menus, self.env.ref("dealer_org.hr_job_menu"))
        self.assertFalse(self.env.ref("hr.menu_view_hr_job").active)
