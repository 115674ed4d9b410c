"""Applying a template to many companies in one batch (issue 9).

Guards: ``_apply_to_companies`` gives every company the same structure as applying to each
alone (departments, jobs with their superiors and departments in the same company, duties, KPIs,
department targets, Chinese names), its SQL queries do not grow with the number of companies,
and re-applying to a mix of new and already equipped companies creates only what is missing.
"""

from .common import DealerOrgCase

TEMPLATE = "standard_4s"


class TestTemplateApplyBatch(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env["dealer_org.org.template"].search([("code", "=", TEMPLATE)])
        cls.spec = cls.library.templates[TEMPLATE]

    def companies(self, count, prefix):
        return self.env["res.company"].create([{"name": f"{prefix} {n}"} for n in range(count)])

    def queries(self, companies):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.template._apply_to_companies(companies)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def shape(self, company):
        """The company's structure, by library code, Chinese names included."""
        self.env.invalidate_all()  # the lines in their order, not in the order of creation
        env = self.env(context={"active_test": False})
        jobs = env["hr.job"].search([("company_id", "=", company.id)])
        departments = env["hr.department"].search([("company_id", "=", company.id)])
        self.assertEqual(jobs.parent_id.company_id | company, company)
        self.assertEqual(jobs.department_id.company_id | company, company)
        self.assertEqual(departments.parent_id.company_id | company, company)
        return (
            sorted(
                (d.library_code, d.parent_id.library_code, self.zh(d).name, len(d.target_ids))
                for d in departments
            ),
            sorted(
                (
                    j.library_code,
                    j.department_id.library_code or "",
                    j.parent_id.library_code or "",
                    self.zh(j).name,
                    j.headcount,
                    len(j.duty_ids),
                    len(j.qualification_ids),
                    tuple(j.kpi_ids.mapped("code")),
                )
                for j in jobs
            ),
        )

    def test_batch_equals_one_by_one(self):
        alone = self.companies(1, "Alone")
        self.template._apply_to_companies(alone)
        batch = self.companies(3, "Batch")
        jobs = self.template._apply_to_companies(batch)
        self.assertEqual(len(jobs), 3 * len(self.spec.jobs))
        expected = self.shape(alone)
        self.assertEqual(len(expected[1]), len(self.spec.jobs))
        for company in batch:
            self.assertEqual(self.shape(company), expected, company.name)

    def test_queries_do_not_grow_with_the_companies(self):
        """One batch per model for all the companies: more companies only fill the ORM's
        100-row INSERT and UPDATE statements further (one company alone took 34 queries each
        when applied one by one)."""
        two = self.queries(self.companies(2, "Two"))
        six = self.queries(self.companies(6, "Six"))
        self.assertLessEqual((six - two) / 4, 10, f"{two} queries for 2 companies, {six} for 6")

    def test_reapply_to_a_mix_creates_only_what_is_missing(self):
        done, new = self.companies(1, "Done"), self.companies(1, "New")
        self.template._apply_to_companies(done)
        Job = self.env["hr.job"].with_context(active_test=False)
        removed = Job.search([("company_id", "=", done.id), ("child_ids", "=", False)], limit=1)
        removed_code = removed.library_code
        removed.unlink()
        archived = Job.search([("company_id", "=", done.id)], limit=1)
        archived.active = False
        before = Job.search_count([("company_id", "=", done.id)])
        jobs = self.template._apply_to_companies(done | new)
        self.assertEqual(len(jobs.filtered(lambda j: j.company_id == done)), 1)
        self.assertEqual(jobs.filtered(lambda j: j.company_id == done).library_code, removed_code)
        self.assertEqual(Job.search_count([("company_id", "=", done.id)]), before + 1)
        self.assertEqual(len(jobs.filtered(lambda j: j.company_id == new)), len(self.spec.jobs))
        self.assertFalse(self.template._apply_to_companies(done | new), "nothing is missing any more")
