"""README promises that no other test held, each through the record or screen a user relies on:

- the hourly scheduled action "generate duty checklists and flag overdue ones" exists, is
  active, runs every hour and, run as Odoo runs it, generates the checklists due on each
  employee's own day (no duplicate on a second run) and flags the overdue ones; the daily
  KPI scheduled action generates the current evaluations;
- the employee form shows HR the completion of the checklist lines due in the last 30 days
  (the day 30 days back included, older and later lines not) and the number of checklists;
- Employees › Reporting › Checklist Completion and › KPI Scores open pivot and graph views
  with the promised measures and group-bys (company, department, job, employee, period) and
  aggregate real records as the screens show them;
- Employees › Settings › Duty Checklists saves the overdue activity, manager notification and
  catch-up settings per company;
- the shipped default grade table is README's (A ≥ 90 → 1.2, B ≥ 75 → 1.0, C ≥ 60 → 0.8,
  D → 0.5) and grades an evaluation at each boundary;
- the figures README.md states (library sizes, the standard structure's positions, its KPIs)
  are the shipped ones, read from README.md itself so that neither changes without the other;
- the menus README names: Employees › Configuration › Dealership Organisation's entries, Generate
  Checklists in the Action menu of employee and job lists, KPI › My Evaluations showing only the
  user's own; the completion-rate API answers in one query whatever the number of employees."""

import os
import re
import unittest
from datetime import date, datetime, timedelta

import pytz
from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user
from odoo.tools.safe_eval import safe_eval

from odoo.addons.dealer_org.tools.library import load_library

from .common import DealerOrgCase

README = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "README.md")


def employee_today(tz):
    return datetime.now(pytz.timezone(tz)).date()


class PromiseCase(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.other_company = cls.env["res.company"].create({"name": "Promise Other Store"})
        cls.hr_officer = new_test_user(
            cls.env,
            "promise_hr_officer",
            groups="base.group_user,hr.group_hr_user,base.group_multi_company",
            tz="Asia/Shanghai",
            company_ids=[Command.set([cls.main_company.id, cls.other_company.id])],
        )
        cls.employee_user = new_test_user(cls.env, "promise_employee", groups="base.group_user")
        cls.department = cls.env["hr.department"].create({"name": "Promise Showroom"})
        cls.job = cls.env["hr.job"].create(
            {
                "name": "Promise Consultant",
                "department_id": cls.department.id,
                "duty_ids": [
                    Command.create({"name": "Promise morning meeting", "period": "daily"}),
                    Command.create({"name": "Promise weekly report", "period": "weekly", "weekday": "4"}),
                ],
            }
        )
        cls.employee = cls.env["hr.employee"].create(
            {
                "name": "Promise Employee",
                "job_id": cls.job.id,
                "department_id": cls.department.id,
                "user_id": cls.employee_user.id,
                "tz": "Asia/Shanghai",
            }
        )
        cls.Checklist = cls.env["dealer_org.checklist"]

    def views(self, action, user):
        """The views an action opens for ``user``: {view type: arch}, with the search view."""
        model = self.env[action.res_model].with_user(user)
        modes = action.view_mode.split(",")
        explicit = {view.view_mode: view.view_id.id for view in action.view_ids}
        result = model.get_views(
            [(explicit.get(mode, False), mode) for mode in modes] + [(action.search_view_id.id, "search")]
        )
        return {mode: etree.fromstring(view["arch"]) for mode, view in result["views"].items()}

    def menu_action(self, menu_xmlid, user):
        menu = self.env.ref(menu_xmlid)
        self.assertEqual(menu.parent_id, self.env.ref("hr.hr_menu_hr_reports"), "under Employees › Reporting")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(user)._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.employee_user)._visible_menu_ids())
        return menu.action

    def search_filter_domain(self, search_arch, name):
        [node] = search_arch.xpath(f"//filter[@name='{name}']")
        today = fields.Date.context_today(self.env["hr.employee"].with_user(self.hr_officer))
        return safe_eval(node.get("domain"), {"context_today": lambda: today, "relativedelta": relativedelta})

    @staticmethod
    def group_bys(search_arch):
        return {
            safe_eval(node.get("context"))["group_by"].split(":")[0]
            for node in search_arch.xpath("//filter[@context]")
            if "group_by" in node.get("context")
        }

    @staticmethod
    def fields_of(arch, **attrs):
        return {
            node.get("name")
            for node in arch.iter("field")
            if all(node.get(key) == value for key, value in attrs.items())
        }


class TestChecklistSchedule(PromiseCase):
    def test_hourly_scheduled_action(self):
        cron = self.env.ref("dealer_org.dealer_org_checklist_cron_generate")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "hours"))
        self.assertEqual(cron.model_id.model, "dealer_org.checklist")

    def test_the_scheduled_action_generates_the_due_checklists(self):
        cron = self.env.ref("dealer_org.dealer_org_checklist_cron_generate")
        self.assertFalse(self.Checklist.search([("employee_id", "=", self.employee.id)]))
        before = employee_today("Asia/Shanghai")
        cron.method_direct_trigger()
        after = employee_today("Asia/Shanghai")
        checklists = self.Checklist.search([("employee_id", "=", self.employee.id)])
        daily = checklists.filtered(lambda c: c.period_type == "daily")
        self.assertEqual(len(daily), 1)
        self.assertIn(daily.period_start, (before, after), "the employee's day in China")
        self.assertEqual(set(checklists.mapped("period_type")), {"daily", "weekly"})
        self.assertEqual(daily.line_ids.mapped("name"), ["Promise morning meeting"])
        cron.method_direct_trigger()
        self.assertEqual(
            self.Checklist.search([("employee_id", "=", self.employee.id)]), checklists, "nothing twice"
        )

    def test_the_scheduled_action_flags_overdue_checklists(self):
        self.main_company.write({"checklist_overdue_activity": True, "checklist_notify_manager": False})
        past = self.Checklist._generate_checklists(
            employees=self.employee, on_date=employee_today("Asia/Shanghai") - timedelta(days=10)
        ).filtered(lambda c: c.period_type == "daily")
        self.assertFalse(past.overdue_notified)
        # generated today: overdue from tomorrow on (a checklist is not born overdue)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE dealer_org_checklist SET create_date = create_date - interval '1 day' WHERE id = %s",
            [past.id],
        )
        past.invalidate_recordset(["create_date"])
        self.env.ref("dealer_org.dealer_org_checklist_cron_generate").method_direct_trigger()
        self.assertEqual(past.state, "overdue")
        self.assertTrue(past.overdue_notified)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "dealer_org.checklist"), ("res_id", "=", past.id)]
        )
        self.assertEqual(activities.user_id, self.employee_user)

    def test_daily_kpi_scheduled_action(self):
        cron = self.env.ref("dealer_org.dealer_org_kpi_evaluation_cron_generate")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.job.write(
            {
                "kpi_ids": [
                    Command.create(
                        {
                            "name": "Promise sales",
                            "code": "PROMISE",
                            "minimum": 0,
                            "target": 100,
                            "maximum": 120,
                            "weight": 100,
                            "period": "monthly",
                        }
                    )
                ]
            }
        )
        cron.method_direct_trigger()
        evaluation = self.env["dealer_org.kpi.evaluation"].search([("employee_id", "=", self.employee.id)])
        today = fields.Date.context_today(evaluation)
        self.assertEqual(evaluation.period_type, "monthly")
        self.assertIn(evaluation.period_start, (today.replace(day=1), employee_today("UTC").replace(day=1)))
        self.assertEqual(evaluation.line_ids.code, "PROMISE")


class TestEmployeeFormCompletion(PromiseCase):
    def add_lines(self, results_by_day):
        """A checklist per deadline (days from today, in the HR officer's day) with these results."""
        today = fields.Date.context_today(self.env["hr.employee"].with_user(self.hr_officer))
        checklists = self.Checklist
        for offset, results in results_by_day.items():
            day = today + timedelta(days=offset)
            checklists |= self.Checklist.create(
                {
                    "employee_id": self.employee.id,
                    "period_type": "daily",
                    "period_start": day,
                    "period_end": day,
                    "deadline": day,
                    "line_ids": [
                        Command.create({"name": f"Line {n}", "deadline": day, "result": result})
                        for n, result in enumerate(results)
                    ],
                }
            )
        return checklists

    def test_completion_of_the_last_30_days(self):
        checklists = self.add_lines(
            {
                -31: ["open", "open", "open"],  # before the 30 days
                -30: ["done", "open"],  # the first of the 30 days
                -3: ["not_applicable", "done", "open"],
                0: ["open"],  # due today
                1: ["done", "done"],  # due tomorrow: not due yet
            }
        )
        employee = self.employee.with_user(self.hr_officer)
        # due in the range: 2 + 3 + 1 lines, of which 1 + 2 completed
        self.assertAlmostEqual(employee.checklist_completion_rate, 50.0)
        self.assertEqual(employee.checklist_count, len(checklists))
        [values] = employee.web_read({"checklist_completion_rate": {}, "checklist_count": {}})
        self.assertAlmostEqual(values["checklist_completion_rate"], 50.0)

    def test_no_due_line_is_no_completion(self):
        self.add_lines({5: ["open"]})
        employee = self.employee.with_user(self.hr_officer)
        self.assertEqual((employee.checklist_completion_rate, employee.checklist_count), (0.0, 1))

    def test_the_form_shows_it_with_a_button_to_the_checklists(self):
        form = etree.fromstring(
            self.env["hr.employee"]
            .with_user(self.hr_officer)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        [button] = form.xpath("//button[@name='action_open_checklists']")
        self.assertTrue(button.xpath(".//field[@name='checklist_completion_rate']"))
        self.assertIn("30", "".join(button.itertext()))
        self.add_lines({-2: ["done"], -40: ["open"]})
        action = self.employee.with_user(self.hr_officer).action_open_checklists()
        self.assertEqual(action["context"].get("search_default_filter_last_30_days"), 1)
        search = self.views(self.env.ref("dealer_org.dealer_org_checklist_action_all"), self.hr_officer)[
            "search"
        ]
        domain = action["domain"] + self.search_filter_domain(search, "filter_last_30_days")
        shown = self.Checklist.with_user(self.hr_officer).search(domain)
        self.assertEqual(shown.mapped("deadline"), [fields.Date.context_today(shown) - timedelta(days=2)])


class TestReportingMenus(PromiseCase):
    def test_checklist_completion_report(self):
        action = self.menu_action("dealer_org.dealer_org_checklist_line_menu_report", self.hr_officer)
        self.assertEqual(action.res_model, "dealer_org.checklist.completion")
        self.assertEqual(action.view_mode.split(",")[:2], ["pivot", "graph"])
        views = self.views(action, self.hr_officer)
        self.assertIn("completion", self.fields_of(views["pivot"], type="measure"))
        self.assertIn("completion", self.fields_of(views["graph"], type="measure"))
        self.assertLessEqual(
            {"company_id", "department_id", "job_id", "employee_id", "month"},
            self.group_bys(views["search"]),
        )
        # the pivot's figure: lines due until today, completed ones count 100, open ones 0
        yesterday = employee_today("Asia/Shanghai") - timedelta(days=1)
        self.Checklist.create(
            {
                "employee_id": self.employee.id,
                "job_id": self.job.id,
                "department_id": self.department.id,
                "period_type": "daily",
                "period_start": yesterday,
                "period_end": yesterday,
                "deadline": yesterday,
                "line_ids": [
                    Command.create({"name": f"Report line {n}", "deadline": yesterday, "result": result})
                    for n, result in enumerate(["done", "not_applicable", "open", "open"])
                ],
            }
        )
        context = safe_eval(action.context)
        domain = [("department_id", "=", self.department.id)]
        for key in context:
            if key.startswith("search_default_"):
                domain += self.search_filter_domain(views["search"], key.removeprefix("search_default_"))
        [group] = (
            self.env[action.res_model]
            .with_user(self.hr_officer)
            .web_read_group(domain, ["completion:avg"], ["department_id"])["groups"]
        )
        self.assertAlmostEqual(group["completion"], 50.0)

    def test_kpi_scores_report(self):
        action = self.menu_action("dealer_org.dealer_org_kpi_evaluation_menu_report", self.hr_officer)
        self.assertEqual(action.res_model, "dealer_org.kpi.evaluation")
        self.assertEqual(action.view_mode.split(",")[:2], ["pivot", "graph"])
        views = self.views(action, self.hr_officer)
        self.assertLessEqual({"total_score", "coefficient"}, self.fields_of(views["pivot"], type="measure"))
        self.assertIn("total_score", self.fields_of(views["graph"], type="measure"))
        self.assertLessEqual(
            {"company_id", "department_id", "job_id", "period_start"}, self.group_bys(views["search"])
        )
        # opened on the approved (and locked) evaluations: a draft does not count
        context = safe_eval(action.context)
        self.assertEqual(context.get("search_default_approved"), 1)
        domain = self.search_filter_domain(views["search"], "approved")
        self.assertEqual(domain, [("state", "in", ("approved", "locked"))])


class TestChecklistSettings(PromiseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            "promise_admin",
            groups="base.group_system,hr.group_hr_manager,base.group_multi_company",
            company_ids=[Command.set([cls.main_company.id, cls.other_company.id])],
        )

    def settings(self, company, **values):
        return self.env["res.config.settings"].with_user(self.admin).with_company(company).create(values)

    def test_the_settings_page_has_the_checklist_block(self):
        arch = etree.fromstring(
            self.env["res.config.settings"].get_views([(False, "form")])["views"]["form"]["arch"]
        )
        [block] = arch.xpath("//block[@name='dealer_org_checklist_setting_container']")
        self.assertEqual(
            self.fields_of(block),
            {"checklist_overdue_activity", "checklist_notify_manager", "checklist_catch_up_periods"},
        )

    def test_settings_are_saved_per_company(self):
        main = (
            self.main_company.checklist_overdue_activity,
            self.main_company.checklist_notify_manager,
            self.main_company.checklist_catch_up_periods,
        )
        self.settings(
            self.other_company,
            checklist_overdue_activity=True,
            checklist_notify_manager=True,
            checklist_catch_up_periods=7,
        ).execute()
        self.assertEqual(
            (
                self.other_company.checklist_overdue_activity,
                self.other_company.checklist_notify_manager,
                self.other_company.checklist_catch_up_periods,
            ),
            (True, True, 7),
        )
        self.assertEqual(
            (
                self.main_company.checklist_overdue_activity,
                self.main_company.checklist_notify_manager,
                self.main_company.checklist_catch_up_periods,
            ),
            main,
            "the other company's settings leave the main company's alone",
        )
        reopened = self.settings(self.other_company)
        self.assertEqual((reopened.checklist_notify_manager, reopened.checklist_catch_up_periods), (True, 7))
        self.settings(self.other_company, checklist_overdue_activity=False).execute()
        self.assertFalse(self.other_company.checklist_overdue_activity)

    def test_an_out_of_range_catch_up_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.settings(self.other_company, checklist_catch_up_periods=500).execute()
        self.assertIn("catch-up", str(caught.exception))
        self.assertEqual(self.other_company.checklist_catch_up_periods, 3)


class TestShippedGradeTable(PromiseCase):
    def test_the_default_table_is_the_readmes(self):
        bands = [self.env.ref(f"dealer_org.kpi_grade_{grade.lower()}") for grade in ("A", "B", "C", "D")]
        self.assertEqual(
            [(band.company_id.id, band.grade, band.min_score, band.coefficient) for band in bands],
            [(False, "A", 90, 1.2), (False, "B", 75, 1.0), (False, "C", 60, 0.8), (False, "D", 0, 0.5)],
        )

    def test_an_evaluation_is_graded_by_it_at_each_boundary(self):
        self.job.write(
            {
                "kpi_ids": [
                    Command.create(
                        {
                            "name": "Promise score",
                            "code": "SCORE",
                            "minimum": 0,
                            "target": 100,
                            "maximum": 120,
                            "weight": 100,
                            "period": "monthly",
                        }
                    )
                ]
            }
        )
        day = fields.Date.to_date("2021-03-01")
        evaluation = self.env["dealer_org.kpi.evaluation"]._generate(
            "monthly", day, self.main_company, self.department
        )
        self.assertEqual(evaluation.employee_id, self.employee)
        for actual, grade, coefficient in (
            (100, "A", 1.2),
            (90, "A", 1.2),
            (89.9, "B", 1.0),
            (75, "B", 1.0),
            (74.9, "C", 0.8),
            (60, "C", 0.8),
            (59.9, "D", 0.5),
            (0, "D", 0.5),
        ):
            evaluation.line_ids.actual = actual
            self.assertEqual((evaluation.grade, evaluation.coefficient), (grade, coefficient), actual)


class TestReadmeFigures(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not os.path.isfile(README):
            raise unittest.SkipTest(f"{README} not found: dealer_org runs outside its repository")
        with open(README, encoding="utf-8") as handle:
            cls.readme = " ".join(handle.read().split())

    def figures(self, pattern):
        found = re.search(pattern, self.readme)
        self.assertTrue(found, f"README.md no longer says {pattern!r}: update this test with it")
        return [int(number) for number in found.groups()]

    def test_library_sizes(self):
        lib = load_library()
        self.assertEqual(
            self.figures(
                r"A library\*\* of (\d+) job positions and (\d+) departments taken from (\d+) real "
                r"dealership documents, and (\d+) \*\*organisation templates\*\*"
            ),
            [len(lib.jobs), len(lib.departments), len(lib.sources), len(lib.templates)],
        )
        self.assertEqual(
            self.figures(
                r"the (\d+) source documents; (\d+) departments with (\d+) functions; (\d+) jobs with "
                r"(\d+) duty lines and (\d+) qualification lines; (\d+) templates"
            ),
            [
                len(lib.sources),
                len(lib.departments),
                sum(len(d.functions) for d in lib.departments.values()),
                len(lib.jobs),
                sum(len(j.duties) for j in lib.jobs.values()),
                sum(len(j.qualifications) for j in lib.jobs.values()),
                len(lib.templates),
            ],
        )

    def test_standard_structure_and_its_kpis(self):
        [positions] = self.figures(r"客户服务部 with (\d+) positions\)")
        jobs = self.env["hr.job"].search(
            [("company_id", "=", self.main_company.id), ("org_template_id.is_default", "=", True)]
        )
        self.assertEqual(len(jobs), positions)
        kpis, kpi_jobs = self.figures(r"comes with (\d+) KPIs on (\d+) jobs")
        preloaded = self.env["dealer_org.kpi"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "dealer_org"), ("model", "=", "dealer_org.kpi")])
            .mapped("res_id")
        )
        self.assertEqual((len(preloaded), len(preloaded.job_id)), (kpis, kpi_jobs))


class TestReadmeMenus(PromiseCase):
    def test_configuration_menu(self):
        menu = self.env.ref("dealer_org.dealer_org_menu_config")
        self.assertEqual(menu.parent_id, self.env.ref("hr.menu_human_resources_configuration"))
        visible = self.env["ir.ui.menu"].with_user(self.hr_officer)._visible_menu_ids()
        names = set(self.en(menu.child_id.filtered(lambda m: m.id in visible)).mapped("name"))
        self.assertLessEqual(
            {
                "Job Positions",
                "Job Hierarchy",
                "Duties",
                "Departments",
                "Job Library",
                "Department Library",
                "Organisation Templates",
                "Source Documents",
            },
            names,
        )
        jobs = self.env.ref("dealer_org.hr_job_menu").action
        self.assertLessEqual({"list", "hierarchy", "kanban"}, set(jobs.view_mode.split(",")))

    def test_generate_checklists_in_the_action_menu_of_employees_and_jobs(self):
        for model, xmlid in (
            ("hr.employee", "dealer_org.dealer_org_checklist_generate_action_employee"),
            ("hr.job", "dealer_org.dealer_org_checklist_generate_action_job"),
        ):
            action = self.env.ref(xmlid)
            self.assertEqual(action.res_model, "dealer_org.checklist.generate")
            for user, shown in ((self.hr_officer, True), (self.employee_user, False)):
                bindings = self.env["ir.actions.actions"].with_user(user).get_bindings(model)
                ids = [binding["id"] for binding in bindings.get("action", [])]
                self.assertEqual(action.id in ids, shown, f"{model} for {user.login}")

    def test_my_evaluations_shows_only_mine(self):
        self.job.write(
            {
                "kpi_ids": [
                    Command.create(
                        {
                            "name": "Promise mine",
                            "code": "MINE",
                            "minimum": 0,
                            "target": 100,
                            "maximum": 120,
                            "weight": 100,
                            "period": "monthly",
                        }
                    )
                ]
            }
        )
        colleague = self.employee.copy({"name": "Promise Colleague", "user_id": False})
        evaluations = self.env["dealer_org.kpi.evaluation"]._generate(
            "monthly", date(2021, 3, 1), self.main_company, self.department
        )
        self.assertEqual(evaluations.employee_id, self.employee | colleague)
        menu = self.env.ref("dealer_org.dealer_org_kpi_evaluation_menu_my")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.employee_user)._visible_menu_ids())
        domain = safe_eval(menu.action.domain, {"uid": self.employee_user.id})
        Evaluation = self.env["dealer_org.kpi.evaluation"].with_user(self.employee_user)
        self.assertEqual(
            Evaluation.search(domain), evaluations.filtered(lambda e: e.employee_id == self.employee)
        )

    def test_completion_rates_in_one_query(self):
        employees = self.employee | self.employee.copy({"name": "Promise Second", "user_id": False})
        self.Checklist._generate_checklists(employees=employees, on_date=date(2024, 5, 6))
        self.env.flush_all()
        for staff in (self.employee, employees):
            with self.assertQueryCount(1):
                rates = self.Checklist._get_completion_rates(staff, date(2024, 5, 1), date(2024, 5, 31))
            self.assertEqual(set(rates), set(staff.ids))
