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
    """Re-running the library sync, as every upgrade does, after HR's deletions and archives.

    The records deleted here are picked among those the database has, so that the tests also run
    on the database of the upgrade check (tests/upgrade), where HR already deleted some."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Source = cls.env["dealer_org.source"]
        cls.Template = cls.env["dealer_org.org.template"].with_context(active_test=False)
        cls.Library = cls.env["dealer_org.library"]
        # A source the library catalogue, the kia_4s template and preloaded jobs cite.
        kia_sources = cls.library.templates["kia_4s"].sources
        cls.cited = cls.Source.search([("code", "in", kia_sources), ("job_ids", "!=", False)], limit=1)
        cls.templates = cls.Template.search([("is_default", "=", False), ("code", "!=", "kia_4s")])
        cls.sources = cls.Source.search([("id", "!=", cls.cited.id)])

    def _source(self, code):
        return self.Source.search([("code", "=", code)])

    def _template(self, code):
        return self.Template.search([("code", "=", code)])

    def _received(self):
        return json.loads(self.env["ir.config_parameter"].sudo().get_param(RECEIVED_CODES_PARAM))

    def _forget(self, kind, code):
        """As if the database had been installed with a library that did not have ``code`` yet."""
        received = self._received()
        received[kind].remove(code)
        self.env["ir.config_parameter"].sudo().set_param(RECEIVED_CODES_PARAM, json.dumps(received))

    def test_deleted_source_and_template_do_not_come_back(self):
        source, template = self.cited, self.templates[0]
        self.assertTrue(source, "a source the preloaded jobs, the catalogue and the templates cite")
        source_code, template_code = source.code, template.code
        source.unlink()
        template.unlink()
        self.Library._sync_library()
        self.assertFalse(self._source(source_code))
        self.assertFalse(self.env.ref(f"dealer_org.source_{source_code}", raise_if_not_found=False))
        self.assertFalse(self._template(template_code))
        self.assertFalse(self.env.ref(f"dealer_org.org_template_{template_code}", raise_if_not_found=False))

    def test_catalogue_and_templates_work_without_a_deleted_source(self):
        code = self.cited.code
        self.cited.unlink()
        self.Library._sync_library()
        self.assertTrue(any(code in job.sources for job in self.library.jobs.values()))
        self.assertEqual(self.env["dealer_org.library.job"].search_count([]), len(self.library.jobs))
        self.assertEqual(
            self.env["dealer_org.library.line"].search_count([("line_type", "=", "duty")]),
            sum(len(job.duties) for job in self.library.jobs.values()),
        )
        self.assertNotIn(code, self.env["dealer_org.library.job"].search([]).source_ids.mapped("code"))
        store = self.env["res.company"].create({"name": "Store without one source"})
        jobs = self._template("kia_4s")._apply_to_company(store)
        self.assertEqual(len(jobs), len(self.library.templates["kia_4s"].jobs))
        self.assertNotIn(code, jobs.source_ids.mapped("code"))

    def test_archived_template_stays_archived_and_single(self):
        template = self.templates[0]
        template.action_archive()
        self.Library._sync_library()
        self.assertEqual(self._template(template.code), template)
        self.assertFalse(template.active)

    def test_a_code_never_received_is_added(self):
        new_source, new_template = self.sources[0], self.templates[0]
        source_code, template_code = new_source.code, new_template.code
        new_source.unlink()
        new_template.unlink()
        self._forget("sources", source_code)
        self._forget("templates", template_code)
        deleted_code = self.cited.code
        self.cited.unlink()  # received, then deleted: stays away
        self.Library._sync_library()
        source = self._source(source_code)
        self.assertEqual(self.zh(source).name, self.library.sources[source_code].title.zh)
        self.assertEqual(self.env.ref(f"dealer_org.source_{source_code}"), source)
        template = self._template(template_code)
        self.assertEqual(self.zh(template).name, self.library.templates[template_code].name.zh)
        self.assertEqual(
            set(template.source_ids.mapped("code")),
            set(self.library.templates[template_code].sources) & set(self.Source.search([]).mapped("code")),
        )
        self.assertFalse(self._source(deleted_code))
        self.assertIn(source_code, self._received()["sources"])
        self.assertIn(template_code, self._received()["templates"])

    def test_a_database_installed_before_the_codes_were_recorded_gets_nothing_back(self):
        self.env["ir.config_parameter"].sudo().search([("key", "=", RECEIVED_CODES_PARAM)]).unlink()
        source_code, template_code = self.cited.code, self.templates[0].code
        self.cited.unlink()
        self.templates[0].unlink()
        self.Library._sync_library()
        self.assertFalse(self._source(source_code))
        self.assertFalse(self._template(template_code))
        self.assertEqual(set(self._received()["sources"]), set(self.library.sources))
        self.assertEqual(set(self._received()["templates"]), set(self.library.templates))
