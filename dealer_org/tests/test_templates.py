"""Organisation templates and the library sync that provides them.

Guards: applying a template creates the company's structure once, batched; re-running the
library sync (every upgrade does) never brings back a source or template HR deleted, never
duplicates an archived one, still adds a library code the database never received, and does
not fail when HR deleted a source the catalogue and the templates link to.
"""

import json

from odoo.addons.dealer_org.models.dealer_org_library import RECEIVED_CODES_PARAM

from .common import DealerOrgCase


class TestApplyTemplate(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store = cls.env["res.company"].create({"name": "Hangzhou Kia Store"})
        cls.Template = cls.env["dealer_org.org.template"]

    def _template(self, code):
        return self.Template.search([("code", "=", code)])

    def test_apply_creates_the_structure_in_the_company(self):
        jobs = self._template("kia_4s")._apply_to_company(self.store)
        spec = self.library.templates["kia_4s"]
        self.assertEqual(len(jobs), len(spec.jobs))
        self.assertEqual(set(jobs.company_id.ids), {self.store.id})
        departments = self.env["hr.department"].search([("company_id", "=", self.store.id)])
        self.assertEqual(len(departments), len(spec.departments))
        consultant = jobs.filtered(lambda j: j.library_code == "sales_consultant")
        self.assertEqual(self.zh(consultant).name, "销售顾问")
        self.assertEqual(consultant.parent_id.library_code, "showroom_supervisor")
        self.assertEqual(consultant.parent_id.company_id, self.store)
        self.assertEqual(consultant.duty_ids.company_id, self.store)

    def test_apply_twice_creates_nothing_new(self):
        template = self._template("quick_repair")
        first = template._apply_to_company(self.store)
        self.assertTrue(first)
        self.assertFalse(template._apply_to_company(self.store))

    def test_apply_again_after_hr_archived_and_deleted(self):
        """Archived departments and jobs count as there; a deleted source is left out."""
        template = self._template("kia_4s")
        jobs = template._apply_to_company(self.store)
        department = jobs.department_id[:1]
        department.action_archive()
        jobs[-1:].action_archive()
        self.env["dealer_org.source"].search([("code", "=", "s13")]).unlink()
        self.assertFalse(template._apply_to_company(self.store))
        Department = self.env["hr.department"].with_context(active_test=False)
        self.assertEqual(
            Department.search_count(
                [("company_id", "=", self.store.id), ("library_code", "=", department.library_code)]
            ),
            1,
        )
        other = self.env["res.company"].create({"name": "Store after the deletion"})
        self.assertEqual(len(template._apply_to_company(other)), len(self.library.templates["kia_4s"].jobs))

    def test_job_placed_in_several_departments(self):
        jobs = self._template("nev_sales_2024_b")._apply_to_company(self.store)
        spec = self.library.templates["nev_sales_2024_b"]
        self.assertEqual(len(jobs), len(spec.jobs))
        chiefs = jobs.filtered(lambda j: j.library_code == "department_chief")
        self.assertGreater(len(chiefs), 1)
        self.assertEqual(len(chiefs.department_id), len(chiefs), "one position per department")

    def test_queries_do_not_grow_with_the_template(self):
        small, large = self._template("honda_4s"), self._template("nev_sales_2024_b")
        other = self.env["res.company"].create({"name": "Second Store"})
        queries = []
        for template, company in ((small, self.store), (large, other)):
            self.env.flush_all()
            before = self.cr.sql_log_count
            template._apply_to_company(company)
            self.env.flush_all()
            queries.append(self.cr.sql_log_count - before)
        jobs_small = len(self.library.templates["honda_4s"].jobs)
        jobs_large = len(self.library.templates["nev_sales_2024_b"].jobs)
        self.assertGreater(jobs_large, 10 * jobs_small)
        self.assertLess(
            queries[1], 3 * queries[0], f"queries {queries} for {jobs_small} and {jobs_large} jobs"
        )


class TestLibrarySync(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Source = cls.env["dealer_org.source"]
        cls.Template = cls.env["dealer_org.org.template"].with_context(active_test=False)
        cls.Library = cls.env["dealer_org.library"]

    def _source(self, code):
        return self.Source.search([("code", "=", code)])

    def _template(self, code):
        return self.Template.search([("code", "=", code)])

    def _forget(self, kind, code):
        """As if the database had been installed with a library that did not have ``code`` yet."""
        Param = self.env["ir.config_parameter"].sudo()
        received = json.loads(Param.get_param(RECEIVED_CODES_PARAM))
        received[kind].remove(code)
        Param.set_param(RECEIVED_CODES_PARAM, json.dumps(received))

    def test_deleted_source_and_template_do_not_come_back(self):
        linked = self._source("s13")
        self.assertTrue(linked.job_ids, "a source the preloaded jobs, the catalogue and templates cite")
        linked.unlink()
        self._template("group_hq").unlink()
        self.Library._sync_library()
        self.assertFalse(self._source("s13"))
        self.assertFalse(self.env.ref("dealer_org.source_s13", raise_if_not_found=False))
        self.assertFalse(self._template("group_hq"))
        self.assertFalse(self.env.ref("dealer_org.org_template_group_hq", raise_if_not_found=False))

    def test_catalogue_and_templates_work_without_a_deleted_source(self):
        self._source("s13").unlink()
        self.Library._sync_library()
        catalogue = self.env["dealer_org.library.job"].search([])
        self.assertEqual(len(catalogue), len(self.library.jobs))
        self.assertTrue(any("s13" in job.sources for job in self.library.jobs.values()))
        self.assertEqual(
            self.env["dealer_org.library.line"].search_count([("line_type", "=", "duty")]),
            sum(len(job.duties) for job in self.library.jobs.values()),
        )
        store = self.env["res.company"].create({"name": "Store without source s13"})
        jobs = self._template("kia_4s")._apply_to_company(store)
        self.assertEqual(len(jobs), len(self.library.templates["kia_4s"].jobs))
        self.assertNotIn("s13", jobs.source_ids.mapped("code"))

    def test_archived_template_stays_archived_and_single(self):
        self._template("sales_company").action_archive()
        self.Library._sync_library()
        template = self._template("sales_company")
        self.assertEqual(len(template), 1)
        self.assertFalse(template.active)

    def test_a_code_never_received_is_added(self):
        self._source("s05").unlink()
        self._template("general_auto_service").unlink()
        self._forget("sources", "s05")
        self._forget("templates", "general_auto_service")
        self._source("s13").unlink()  # received, then deleted: stays away
        self.Library._sync_library()
        source = self._source("s05")
        self.assertEqual(self.zh(source).name, self.library.sources["s05"].title.zh)
        self.assertEqual(self.env.ref("dealer_org.source_s05"), source)
        template = self._template("general_auto_service")
        self.assertEqual(self.zh(template).name, self.library.templates["general_auto_service"].name.zh)
        self.assertEqual(template.source_ids, source)
        self.assertFalse(self._source("s13"))
        received = json.loads(self.env["ir.config_parameter"].sudo().get_param(RECEIVED_CODES_PARAM))
        self.assertIn("s05", received["sources"])
        self.assertIn("general_auto_service", received["templates"])

    def test_a_database_installed_before_the_codes_were_recorded_gets_nothing_back(self):
        self.env["ir.config_parameter"].sudo().search([("key", "=", RECEIVED_CODES_PARAM)]).unlink()
        self._source("s13").unlink()
        self._template("group_hq").unlink()
        self.Library._sync_library()
        self.assertFalse(self._source("s13"))
        self.assertFalse(self._template("group_hq"))
        received = json.loads(self.env["ir.config_parameter"].sudo().get_param(RECEIVED_CODES_PARAM))
        self.assertEqual(set(received["sources"]), set(self.library.sources))
        self.assertEqual(set(received["templates"]), set(self.library.templates))
