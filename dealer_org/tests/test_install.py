"""What `-i dealer_org` (with demo data, as scripts/test installs it) leaves in the database: the
standard 4S structure of the library's default template in the main company (departments, jobs,
superiors, headcounts, duties, qualifications, both languages), the read-only catalogue, and the
demo store exactly as its demo files describe it. (The upgrade over HR's edits has a database of
its own: test_upgrade.py.)"""

import os
import unittest

from lxml import etree

from odoo.addons.dealer_org.tools.library import expand_periods

from .common import DealerOrgCase

DEMO_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "demo")


def demo_records(filename, model):
    """{xml id: {field: ref or text}} of the records of ``model`` in a shipped demo file."""
    tree = etree.parse(os.path.join(DEMO_DIR, filename))
    records = {}
    for record in tree.iterfind(f".//record[@model='{model}']"):
        values = records.setdefault(record.get("id"), {})
        for field in record.iterfind("field"):
            values[field.get("name")] = field.get("ref") or field.text
    return records


class TestPreloadedOrganisation(DealerOrgCase):
    """The standard 4S structure the install creates in the main company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.library.default_template
        cls.jobs = (
            cls.env["hr.job"]
            .with_context(active_test=False)
            .search(
                [("company_id", "=", cls.main_company.id), ("org_template_id.code", "=", cls.template.code)]
            )
        )
        cls.departments = (
            cls.env["hr.department"]
            .with_context(active_test=False)
            .search(
                [("company_id", "=", cls.main_company.id), ("org_template_id.code", "=", cls.template.code)]
            )
        )

    def test_counts_match_the_template(self):
        self.assertEqual(len(self.departments), len(self.template.departments))
        self.assertEqual(len(self.jobs), len(self.template.jobs))
        self.assertEqual(sorted(self.jobs.mapped("library_code")), sorted(p.ref for p in self.template.jobs))

    def test_department_hierarchy_matches_the_template(self):
        by_code = {d.library_code: d for d in self.departments}
        for placement in self.template.departments:
            department = by_code[placement.ref]
            self.assertEqual(department.parent_id.library_code or None, placement.parent, placement.ref)

    def test_jobs_sit_in_their_department_under_their_superior(self):
        by_code = {j.library_code: j for j in self.jobs}
        for placement in self.template.jobs:
            job = by_code[placement.ref]
            self.assertEqual(job.department_id.library_code or None, placement.department, placement.ref)
            self.assertEqual(job.parent_id.library_code or None, placement.superior, placement.ref)
            self.assertEqual(job.headcount, placement.headcount, placement.ref)
            self.assertEqual(job.no_of_recruitment, 0, "headcount is not a recruitment target")
        sales_manager = by_code["sales_manager"]
        self.assertIn(by_code["showroom_supervisor"], sales_manager.child_ids)
        self.assertEqual(by_code["sales_consultant"].parent_id, by_code["showroom_supervisor"])

    def test_duties_and_qualifications_match_the_library(self):
        """Each job carries the lines the default template gives it: those of its documents, one
        duty per period a line names (Template.lines_for, expand_periods)."""
        placements = {p.ref: p for p in self.template.jobs}
        for job in self.jobs:
            entry = self.library.jobs[job.library_code]
            placement = placements[job.library_code]
            duties = expand_periods(self.template.lines_for(placement, entry.duties))
            qualifications = self.template.lines_for(placement, entry.qualifications)
            self.assertEqual(
                self.en(job).duty_ids.mapped("name"), [d.text.en for d in duties], job.library_code
            )
            self.assertEqual(
                self.zh(job).duty_ids.mapped("name"), [d.text.zh for d in duties], job.library_code
            )
            self.assertEqual(
                [(q.kind, q.name) for q in self.zh(job).qualification_ids],
                [(q.kind, q.text.zh) for q in qualifications],
            )
            self.assertEqual(job.is_inferred, entry.inferred)
            self.assertEqual(set(job.source_ids.mapped("code")), set(entry.sources))

    def test_parsed_periods_are_stored(self):
        trainer = self.jobs.filtered(lambda j: j.library_code == "seed_trainer")
        report = trainer.duty_ids.filtered(lambda d: "每月5日" in self.zh(d).name)
        self.assertEqual((report.period, report.month_day, report.is_recurring), ("monthly", 5, True))
        tracking = self.env["dealer_org.job.duty"].search(
            [("job_id", "in", self.jobs.ids), ("period", "=", "event"), ("deadline_days", ">", 0)], limit=1
        )
        self.assertEqual(tracking.deadline_days, 3)
        self.assertEqual(self.zh(tracking).event, "车辆交接后")
        self.assertEqual(self.en(tracking).event, "after vehicle handover")

    def test_every_job_and_department_is_bilingual(self):
        for job in self.jobs:
            entry = self.library.jobs[job.library_code]
            self.assertEqual(self.en(job).name, entry.name.en)
            self.assertEqual(self.zh(job).name, entry.name.zh)
        for department in self.departments:
            entry = self.library.departments[department.library_code]
            self.assertEqual(self.en(department).name, entry.name.en)
            self.assertEqual(self.zh(department).name, entry.name.zh)
            self.assertEqual(
                self.zh(department).function_ids.mapped("name"),
                [f.text.zh for f in entry.functions if set(f.sources) & set(self.template.sources)],
                "the functions its template's documents give it, in order",
            )

    def test_catalogue_of_templates_and_sources(self):
        templates = self.env["dealer_org.org.template"].with_context(active_test=False).search([])
        self.assertEqual(set(templates.mapped("code")), set(self.library.templates))
        self.assertEqual(
            self.zh(templates.filtered("is_default")).name, self.library.default_template.name.zh
        )
        sources = self.env["dealer_org.source"].search([])
        self.assertEqual(len(sources), 19)
        kia = templates.filtered(lambda t: t.code == "kia_4s")
        self.assertEqual(kia.job_count, len(self.library.templates["kia_4s"].jobs))
        self.assertIn("销售经理", self.zh(kia).structure)

    def test_catalogue_holds_the_library(self):
        """The read-only catalogue holds every library job, department and line."""
        lib = self.library
        self.assertEqual(self.env["dealer_org.library.job"].search_count([]), len(lib.jobs))
        self.assertEqual(self.env["dealer_org.library.department"].search_count([]), len(lib.departments))
        Line = self.env["dealer_org.library.line"]
        self.assertEqual(
            Line.search_count([("line_type", "=", "duty")]), sum(len(j.duties) for j in lib.jobs.values())
        )
        self.assertEqual(
            Line.search_count([("line_type", "=", "function")]),
            sum(len(d.functions) for d in lib.departments.values()),
        )
        trainer = self.env.ref("dealer_org.library_job_seed_trainer")
        first = self.env.ref("dealer_org.library_job_seed_trainer_duty_01")
        self.assertEqual(first.job_id, trainer)
        self.assertEqual(self.zh(first).name, lib.jobs["seed_trainer"].duties[0].text.zh)
        self.assertEqual(
            self.zh(trainer).duty_ids.mapped("name"), [d.text.zh for d in lib.jobs["seed_trainer"].duties]
        )
        self.assertIn(trainer, self.jobs.library_job_id)

    def test_install_is_idempotent_per_company(self):
        template = self.env["dealer_org.org.template"].search([("is_default", "=", True)])
        company = [("company_id", "=", self.main_company.id)]
        models = ("hr.job", "hr.department", "dealer_org.job.duty", "dealer_org.department.function")

        def counts():
            return {m: self.env[m].with_context(active_test=False).search_count(company) for m in models}

        before = counts()
        created = template._apply_to_company(self.main_company)
        self.assertFalse(created, "applying the installed template again creates no job")
        self.assertEqual(counts(), before, "nor any department, duty or function")


class TestDemoStore(DealerOrgCase):
    """The demo 4S store (demo/*.xml) as installed: each demo employee in the job and department
    the demo file gives, every department of the standard structure staffed and managed, and the
    demo user 陈静 an employee with no more than employee rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["ir.module.module"]._get("dealer_org").demo:
            raise unittest.SkipTest("dealer_org installed without demo data")
        cls.employees = demo_records("hr_employee_demo.xml", "hr.employee")
        cls.managers = demo_records("hr_employee_demo.xml", "hr.department")

    def ref(self, xmlid):
        return self.env.ref(xmlid if "." in xmlid else f"dealer_org.{xmlid}")

    def test_demo_employees_have_their_job_and_department(self):
        self.assertGreaterEqual(len(self.employees), 20)
        for xmlid, values in self.employees.items():
            employee = self.ref(xmlid)
            self.assertEqual(employee.name, values["name"], xmlid)
            self.assertEqual(employee.job_id, self.ref(values["job_id"]), xmlid)
            self.assertEqual(employee.department_id, self.ref(values["department_id"]), xmlid)
            self.assertEqual(employee.tz, values["tz"], xmlid)
            # the job of the structure sits in the department the employee works in
            self.assertEqual(employee.job_id.department_id, employee.department_id, xmlid)
            self.assertEqual(employee.company_id, self.main_company, xmlid)

    def test_demo_store_staffs_and_manages_every_department(self):
        staffed = self.env["hr.department"].browse(
            {self.ref(values["department_id"]).id for values in self.employees.values()}
        )
        standard = self.env["hr.department"].search(
            [("company_id", "=", self.main_company.id), ("org_template_id.is_default", "=", True)]
        )
        self.assertEqual(staffed, standard)
        for xmlid, values in self.managers.items():
            department = self.ref(xmlid)
            manager = self.ref(values["manager_id"])
            self.assertEqual(department.manager_id, manager, xmlid)
            self.assertEqual(manager.department_id, department, f"{xmlid}: its manager works there")

    def test_reporting_lines_follow_the_demo(self):
        consultant = self.ref("employee_consultant_1")
        self.assertEqual(consultant.parent_id, self.ref("employee_showroom_supervisor"))
        for xmlid, values in self.employees.items():
            employee = self.ref(xmlid)
            if employee == consultant:
                continue
            manager = self.ref(values["department_id"]).manager_id
            expected = manager if manager != employee else self.env["hr.employee"]
            self.assertEqual(employee.parent_id, expected, f"{xmlid} reports to the department manager")

    def test_demo_user_is_an_employee_without_hr_rights(self):
        user = self.ref("user_consultant_1")
        self.assertEqual(user.login, "chenjing")
        self.assertEqual(user.employee_id, self.ref("employee_consultant_1"))
        self.assertTrue(user.has_group("base.group_user"))
        for group in ("hr.group_hr_user", "base.group_system", "base.group_erp_manager"):
            self.assertFalse(user.has_group(group), group)
        self.assertTrue(
            self.env["dealer_org.checklist"].search_count([("employee_id", "=", user.employee_id.id)]),
            "the demo generates her checklists",
        )


class TestDepartmentNames(DealerOrgCase):
    def test_hierarchical_name_in_the_users_language(self):
        sales = self.env.ref("dealer_org.dep_sales")
        self.assertEqual(self.zh(sales).display_name, "总经理室 / 销售部")
        self.assertEqual(self.en(sales).display_name, "General Management / Sales Department")
        flat = sales.with_context(lang="zh_CN", hierarchical_naming=False)
        self.assertEqual(flat.display_name, "销售部")
        top = self.env.ref("dealer_org.dep_general_management")
        self.assertEqual(self.zh(top).display_name, "总经理室")

    def test_renamed_parent_shows_in_children(self):
        sales = self.env.ref("dealer_org.dep_sales")
        sales.parent_id.with_context(lang="zh_CN").name = "总经办"
        self.assertEqual(self.zh(sales).display_name, "总经办 / 销售部")
