"""An upgrade survives whatever HR did to the preloaded records.

On a freshly installed database (with demo data), scripts/test runs
tests/upgrade/edit_before_upgrade.py in ``odoo-bin shell`` (HR edits, archives and deletes
preloaded jobs, duties, KPIs, grade bands, sources, departments and templates through the ORM),
then ``odoo-bin -u dealer_org`` (whose log must hold no warning), then these tests. They run on
that database only: the rest of the suite expects the structure as installed. They guard that:

* an upgrade really ran after the edits (the module's recorded version, set back by the edit
  script, was restored, and the library catalogue was rebuilt), so they cannot pass without it;
* every edit is kept, in English and in Chinese;
* nothing HR deleted came back, neither under its xml id nor under its code or name;
* the KPI weights of every job and period still add up to 100 %.
"""

import json

from odoo.addons.dealer_org.models.dealer_org_library import RECEIVED_CODES_PARAM

from .common import DealerOrgCase


class TestUpgradeKeepsHrEdits(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        marker = cls.env["ir.config_parameter"].sudo().get_param("dealer_org.test_upgrade_edits")
        if not marker:
            raise AssertionError(
                "no upgrade edits found: run the suite with scripts/test, which edits the "
                "preloaded records and upgrades dealer_org before the tests"
            )
        cls.edits = json.loads(marker)
        cls.Job = cls.env["hr.job"].with_context(active_test=False)
        cls.Department = cls.env["hr.department"].with_context(active_test=False)
        cls.Template = cls.env["dealer_org.org.template"].with_context(active_test=False)
        cls.Kpi = cls.env["dealer_org.kpi"].with_context(active_test=False)
        cls.Grade = cls.env["dealer_org.kpi.grade"]

    def assertGone(self, xmlid):
        self.assertFalse(self.env.ref(xmlid, raise_if_not_found=False), f"{xmlid} came back")

    # ------------------------------------------------------------------
    # The upgrade ran, over the edits
    # ------------------------------------------------------------------

    def test_an_upgrade_ran_after_the_edits(self):
        module = self.env["ir.module.module"].search([("name", "=", "dealer_org")])
        self.assertEqual(module.state, "installed")
        self.assertNotEqual(
            module.latest_version,
            self.edits["version_before_upgrade"],
            "the version the edit script set back is still there: -u dealer_org did not run after it",
        )
        self.assertEqual(module.latest_version, module.installed_version)
        lines = self.env["dealer_org.library.line"].search([])
        self.assertTrue(lines)
        self.assertGreater(
            min(lines.ids),
            self.edits["catalogue_line_max_id"],
            "every upgrade rebuilds the library catalogue's lines: these are older than the edits",
        )

    # ------------------------------------------------------------------
    # Edits kept
    # ------------------------------------------------------------------

    def test_edited_duty_survives(self):
        duty = self.env["dealer_org.job.duty"].browse(self.edits["duty_id"])
        self.assertEqual(self.en(duty).name, "Edited by HR before the upgrade")
        self.assertEqual(self.zh(duty).name, "人事修改的职责")
        self.assertEqual((duty.period, duty.weekday), ("weekly", "2"))

    def test_edited_job_survives(self):
        job = self.env["hr.job"].browse(self.edits["job_id"])
        self.assertEqual(job.headcount, 42)
        self.assertEqual(self.en(job).name, "Senior Sales Consultant")
        template = self.library.default_template
        placement = next(p for p in template.jobs if p.ref == "sales_consultant")
        given = template.lines_for(placement, self.library.jobs["sales_consultant"].duties)
        self.assertEqual(len(job.duty_ids), len(given) - 1)

    def test_edited_function_survives(self):
        function = self.env["dealer_org.department.function"].browse(self.edits["function_id"])
        self.assertEqual(self.en(function).name, "Function edited by HR")

    def test_department_targets_and_marks_stay_as_hr_left_them(self):
        target = self.env["dealer_org.department.kpi"].browse(self.edits["sales_target_id"])
        self.assertEqual(self.en(target).name, "Sales target edited by HR")
        self.assertEqual(self.zh(target).name, "人事修改的销售目标")
        self.assertEqual(target.target, 90)
        self.assertFalse(target.is_suggested)
        sales = self.env.ref("dealer_org.dep_sales")
        self.assertEqual(sales.target_ids, target, "a target was added to the sales department")
        finance = (
            self.env["dealer_org.department.kpi"]
            .with_context(active_test=False)
            .search(
                [("department_id.library_code", "=", "finance"), ("company_id", "=", self.main_company.id)]
            )
        )
        self.assertFalse(finance, "the deleted finance department's targets came back")
        self.assertFalse(
            self.env["dealer_org.job.duty"].browse(self.edits["unmarked_adapted_duty_id"]).is_adapted
        )

    def test_edited_kpi_survives(self):
        kpi = self.env["dealer_org.kpi"].browse(self.edits["kpi_id"])
        self.assertEqual(
            (self.en(kpi).name, self.zh(kpi).name, kpi.target), ("Monthly sales target", "月度销售目标", 95)
        )

    def test_archived_job_stays_archived_with_its_kpis(self):
        job = self.Job.browse(self.edits["archived_job_id"])
        self.assertFalse(job.active)
        self.assertTrue(job.kpi_ids)
        self.assertEqual(
            self.Job.search_count(
                [("library_code", "=", job.library_code), ("company_id", "=", job.company_id.id)]
            ),
            1,
            "no second position of the archived job",
        )

    def test_edited_lowest_grade_band_survives(self):
        band = self.Grade.browse(self.edits["edited_band_id"])
        self.assertEqual((band.min_score, band.grade, band.coefficient), (0, "E", 0.4))
        self.assertEqual(self.en(band).description, "Below expectations")
        self.assertEqual(self.zh(band).description, "未达预期")

    def test_grade_tables_are_hrs(self):
        default = self.Grade.search([("company_id", "=", False)])
        self.assertEqual(
            sorted((b.min_score, b.grade, b.coefficient) for b in default),
            [(0, "E", 0.4), (75, "B", 1.0), (90, "A", 1.2)],
        )
        store = self.env["res.company"].browse(self.edits["store_id"])
        own = self.Grade.search([("company_id", "=", store.id)])
        self.assertEqual(
            sorted((b.min_score, b.grade, b.coefficient) for b in own), [(0, "Low", 0.6), (80, "High", 1.1)]
        )

    def test_edited_source_survives(self):
        source = self.env["dealer_org.source"].browse(self.edits["edited_source_id"])
        self.assertEqual(self.en(source).name, "Source renamed by HR")
        self.assertEqual(self.zh(source).name, "人事改名的来源")

    def test_edited_and_archived_departments_survive(self):
        renamed = self.Department.browse(self.edits["renamed_department_id"])
        self.assertEqual(self.en(renamed).name, "Brand Marketing")
        self.assertEqual(self.zh(renamed).name, "品牌市场部")
        archived = self.Department.browse(self.edits["archived_department_id"])
        self.assertFalse(archived.active)
        self.assertEqual(
            self.Department.search_count(
                [("library_code", "=", archived.library_code), ("company_id", "=", archived.company_id.id)]
            ),
            1,
            "no second department beside the archived one",
        )

    def test_edited_and_archived_templates_survive(self):
        renamed = self.Template.browse(self.edits["renamed_template_id"])
        self.assertEqual(self.en(renamed).name, "Honda store (HR's version)")
        self.assertEqual(self.zh(renamed).name, "本田店（人事版）")
        archived = self.Template.browse(self.edits["archived_template_id"])
        self.assertFalse(archived.active)
        self.assertEqual(self.Template.search_count([("code", "=", archived.code)]), 1)

    # ------------------------------------------------------------------
    # Nothing deleted came back
    # ------------------------------------------------------------------

    def test_deleted_duty_stays_deleted(self):
        self.assertGone(self.edits["removed_duty_xmlid"])
        job = self.env["hr.job"].browse(self.edits["job_id"])
        self.assertNotIn(self.edits["removed_duty_name"], self.en(job).duty_ids.mapped("name"))

    def test_deleted_job_stays_deleted_with_its_kpis_and_duties(self):
        deleted = self.edits["deleted_job"]
        self.assertGone(deleted["xmlid"])
        for xmlid in deleted["kpi_xmlids"] + deleted["duty_xmlids"]:
            self.assertGone(xmlid)
        self.assertFalse(
            self.Job.search(
                [("library_code", "=", deleted["library_code"]), ("company_id", "=", self.main_company.id)]
            )
        )

    def test_deleted_kpi_stays_deleted_and_the_rebalanced_weights_are_kept(self):
        deleted = self.edits["deleted_kpi"]
        self.assertGone(deleted["xmlid"])
        self.assertFalse(
            self.Kpi.search([("job_id", "=", deleted["job_id"]), ("code", "=", deleted["code"])])
        )
        rebalanced = self.Kpi.browse(self.edits["rebalanced_kpi"]["id"])
        self.assertEqual(rebalanced.weight, self.edits["rebalanced_kpi"]["weight"])

    def test_deleted_grade_band_stays_deleted(self):
        deleted = self.edits["deleted_band"]
        self.assertGone(deleted["xmlid"])
        self.assertFalse(
            self.Grade.search([("company_id", "=", False), ("min_score", "=", deleted["min_score"])])
        )

    def test_deleted_source_stays_deleted(self):
        deleted = self.edits["deleted_source"]
        self.assertGone(deleted["xmlid"])
        self.assertFalse(self.env["dealer_org.source"].search([("code", "=", deleted["code"])]))
        # The catalogue still follows the library, without the deleted source.
        self.assertEqual(self.env["dealer_org.library.job"].search_count([]), len(self.library.jobs))
        self.assertEqual(
            len(self.env["dealer_org.source"].search([])),
            len(self.library.sources) - 1,
            "no other source lost",
        )

    def test_deleted_department_stays_deleted(self):
        deleted = self.edits["deleted_department"]
        self.assertGone(deleted["xmlid"])
        for xmlid in deleted["function_xmlids"]:
            self.assertGone(xmlid)
        self.assertFalse(
            self.Department.search(
                [("library_code", "=", deleted["library_code"]), ("company_id", "=", self.main_company.id)]
            )
        )

    def test_deleted_template_stays_deleted(self):
        deleted = self.edits["deleted_template"]
        self.assertGone(deleted["xmlid"])
        self.assertEqual(
            set(self.Template.search([]).mapped("code")), set(self.library.templates) - {deleted["code"]}
        )

    def test_the_database_remembers_what_it_received(self):
        received = json.loads(self.env["ir.config_parameter"].sudo().get_param(RECEIVED_CODES_PARAM))
        self.assertEqual(set(received["sources"]), set(self.library.sources))
        self.assertEqual(set(received["templates"]), set(self.library.templates))

    def test_no_duplicate_organisation_after_upgrade(self):
        default = self.Template.search([("is_default", "=", True)])
        jobs = self.Job.search(
            [("company_id", "=", self.main_company.id), ("org_template_id", "=", default.id)]
        )
        self.assertEqual(len(jobs), len(self.library.default_template.jobs) - 1, "all but the deleted job")
        departments = self.Department.search(
            [("company_id", "=", self.main_company.id), ("org_template_id", "=", default.id)]
        )
        self.assertEqual(
            len(departments),
            len(self.library.default_template.departments) - 1,
            "all but the deleted department",
        )

    # ------------------------------------------------------------------
    # Invariants
    # ------------------------------------------------------------------

    def test_kpi_weights_add_up_to_100_for_every_job_and_period(self):
        totals = self.Kpi._read_group([("active", "=", True)], ["job_id", "period"], ["weight:sum"])
        self.assertTrue(totals)
        for job, period, total in totals:
            self.assertAlmostEqual(total, 100.0, places=2, msg=f"{job.display_name} {period}")
        jobs = {job.id for job, _period, _total in totals}
        self.assertIn(self.edits["deleted_kpi"]["job_id"], jobs, "the job HR re-balanced")
        self.assertIn(self.edits["archived_job_id"], jobs, "the archived job")
