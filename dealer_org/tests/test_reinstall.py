"""dealer_org installed again after an uninstall (issue 17, items 3 and 4).

On a copy of the installed database, scripts/test (pass uninstall) lets HR work with the
preloaded organisation and records it (tests/upgrade/before_uninstall.py), uninstalls dealer_org
as from Apps, checks that HR's organisation is all there and that nothing of dealer_org is left
(tests/upgrade/check_uninstall.py), then installs dealer_org again (``-i dealer_org``, its log
must be clean; 5be332d stopped with "Expected singleton: dealer_org.org.template()") and runs
these tests (pass reinstall). They run on that database only. They guard that:

* the reinstall delivered the whole library, each template and source once;
* every department and job HR had before the uninstall is still there, in its company, under
  its parent or department, active or archived as it was; every employee of HR's own (not the
  demo store's, which the demo data places again) keeps job, department and manager;
* the default organisation is there once: no department or job twice under a library code;
  what the uninstall kept is adopted, nothing created beside it;
* the xml ids the uninstall set aside are dealer_org's again (no leftover).
"""

import json

from .common import DealerOrgCase

MARKER = "test.dealer_org_reinstall"


class TestReinstall(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        marker = cls.env["ir.config_parameter"].sudo().get_param(MARKER)
        if not marker:
            raise AssertionError(
                "no record of the organisation before the uninstall: run the suite with scripts/test, "
                "which uninstalls and reinstalls dealer_org before these tests"
            )
        cls.before = json.loads(marker)
        cls.Job = cls.env["hr.job"].with_context(active_test=False, lang="en_US")
        cls.Department = cls.env["hr.department"].with_context(active_test=False, lang="en_US")
        cls.Employee = cls.env["hr.employee"].with_context(active_test=False)

    def test_the_module_was_installed_again(self):
        module = self.env["ir.module.module"].search([("name", "=", "dealer_org")])
        self.assertEqual(module.state, "installed")
        self.assertEqual(module.latest_version, module.installed_version)
        self.assertTrue(self.env["ir.config_parameter"].sudo().get_param("dealer_org.library_received_codes"))

    def test_the_whole_library_is_delivered_once(self):
        templates = self.env["dealer_org.org.template"].with_context(active_test=False).search([])
        self.assertEqual(sorted(templates.mapped("code")), sorted(self.library.templates))
        sources = self.env["dealer_org.source"].search([])
        self.assertEqual(sorted(sources.mapped("code")), sorted(self.library.sources))
        self.assertEqual(self.env["dealer_org.library.job"].search_count([]), len(self.library.jobs))
        self.assertEqual(
            self.env["dealer_org.library.department"].search_count([]), len(self.library.departments)
        )

    def test_every_department_and_job_is_kept(self):
        for key, (name, company, parent, active) in self.before["departments"].items():
            department = self.Department.browse(int(key)).exists()
            self.assertTrue(department, f"department {name} is gone")
            self.assertEqual(
                [department.name, department.company_id.id, department.parent_id.id, department.active],
                [name, company, parent, active],
            )
        for key, (name, company, department, active) in self.before["jobs"].items():
            job = self.Job.browse(int(key)).exists()
            self.assertTrue(job, f"job {name} is gone")
            self.assertEqual(
                [job.name, job.company_id.id, job.department_id.id, job.active],
                [name, company, department, active],
            )

    def test_hr_own_employees_keep_their_job_department_and_manager(self):
        demo = set(
            self.env["ir.model.data"]
            .search([("module", "=", "dealer_org"), ("model", "=", "hr.employee")])
            .mapped("res_id")
        )
        own = {key: value for key, value in self.before["employees"].items() if int(key) not in demo}
        self.assertIn(str(self.before["hired_id"]), own)
        for key, (name, job, department, manager) in own.items():
            employee = self.Employee.browse(int(key))
            self.assertEqual(
                [employee.name, employee.job_id.id, employee.department_id.id, employee.parent_id.id],
                [name, job, department, manager],
            )

    def test_the_default_organisation_is_there_once(self):
        company = self.main_company
        departments = self.Department.search([("company_id", "=", company.id), ("library_code", "!=", False)])
        codes = departments.mapped("library_code")
        self.assertEqual(len(codes), len(set(codes)), "a department twice under one library code")
        self.assertEqual(set(codes), {d.ref for d in self.library.default_template.departments})
        jobs = self.Job.search([("company_id", "=", company.id), ("library_code", "!=", False)])
        placed = [(j.department_id.id, j.library_code) for j in jobs]
        self.assertEqual(len(placed), len(set(placed)), "a job twice in one department")
        self.assertEqual(len(jobs), len(self.library.default_template.jobs))

    def test_the_kept_organisation_is_adopted_not_duplicated(self):
        """The reinstall adopts what the uninstall kept (archived jobs included, left archived):
        no department of a name twice under one parent, no job of a name twice in one
        department (HR's own employees keep theirs: the test above; the demo store's are placed
        again by the demo data)."""
        company = self.main_company
        departments = self.Department.search([("company_id", "=", company.id)])
        places = [(d.parent_id.id, d.name.strip().lower()) for d in departments]
        self.assertEqual(len(places), len(set(places)), "a department created again beside the kept one")
        jobs = self.Job.search([("company_id", "=", company.id)])
        places = [(j.department_id.id, j.name.strip().lower()) for j in jobs]
        self.assertEqual(len(places), len(set(places)), "a job created again beside the kept one")

    def test_the_set_aside_xml_ids_are_given_back(self):
        self.assertFalse(self.env["ir.model.data"].search_count([("module", "=", "__dealer_org__")]))
        for xmlid in ("dealer_org.employee_consultant_1", "dealer_org.user_consultant_1"):
            self.assertTrue(self.env.ref(xmlid, raise_if_not_found=False), xmlid)
        self.assertEqual(self.env["res.users"].search_count([("login", "=", "chenjing")]), 1)
