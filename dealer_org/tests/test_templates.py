"""Applying an organisation template to a company (`_apply_to_company`): the template's jobs and
departments created in that company with their Chinese names, superiors and duties there; applying
twice creates nothing; a job placed in several departments gets one position per department; the
number of queries does not grow with the template."""

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
