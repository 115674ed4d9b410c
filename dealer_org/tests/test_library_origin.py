"""Where a store's KPIs, department targets and duty lines come from.

Guards: a template brings the targets its documents set for a department as a whole (销售部门's
sales target, 财务部's financial plan) to the company's departments, in both languages; every
library KPI a job receives names its sources, quotes the document's words and is marked when
its figures are the library's suggestion (the mark clears when HR sets a figure, not when HR
renames it); a duty in the library's brand-neutral wording is marked adapted on the store's job;
databases set up before this receive the same origin on upgrade (the backfill), without
touching KPIs that already have it.
"""

from odoo.exceptions import ValidationError

from odoo.addons.dealer_org.models.dealer_org_library import ORIGIN_BACKFILLED_PARAM

from .common import DealerOrgCase


class TestLibraryOrigin(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store = cls.env["res.company"].create({"name": "Origin Test Store"})
        cls.template = cls.env["dealer_org.org.template"].search([("code", "=", "standard_4s")])
        cls.spec = cls.library.templates["standard_4s"]
        cls.jobs = cls.template._apply_to_company(cls.store)

    def _department(self, code):
        return self.env["hr.department"].search(
            [("company_id", "=", self.store.id), ("library_code", "=", code)]
        )

    def test_department_targets_reach_the_store(self):
        expected = {
            dep.ref: self.library.departments[dep.ref].kpis
            for dep in self.spec.departments
            if self.library.departments[dep.ref].kpis
        }
        self.assertIn("sales", expected)
        self.assertIn("finance", expected)
        for code, kpis in expected.items():
            department = self._department(code)
            targets = department.target_ids
            self.assertEqual(targets.mapped("code"), [k.code for k in kpis], code)
            self.assertEqual(targets.company_id, self.store)
            for target, kpi in zip(targets, kpis, strict=True):
                self.assertEqual(self.zh(target).name, kpi.name.zh)
                self.assertEqual(self.en(target).name, kpi.name.en)
                self.assertEqual(self.zh(target).quote, kpi.quote.zh if kpi.quote else False)
                self.assertEqual(target.period, kpi.period)
                self.assertEqual(set(target.source_ids.mapped("code")), set(kpi.sources))
                self.assertEqual(target.is_suggested, bool(kpi.choices & {"thresholds", "weight", "period"}))
        sales = self._department("sales").target_ids
        self.assertEqual(self.zh(sales).quote, "开展日常接待及销售业务,完成销售目标")

    def test_job_kpis_name_their_source_and_suggestion(self):
        kpis = self.jobs.kpi_ids
        expected = sum(len(self.library.jobs[p.ref].kpis) for p in self.spec.jobs)
        self.assertEqual(len(kpis), expected)
        for kpi in kpis:
            definition = next(
                k for k in self.library.jobs[kpi.job_id.library_code].kpis if k.code == kpi.code
            )
            self.assertEqual(set(kpi.source_ids.mapped("code")), set(definition.sources), kpi.code)
            self.assertEqual(self.zh(kpi).quote or False, definition.quote.zh if definition.quote else False)
            self.assertEqual(kpi.is_suggested, bool(definition.choices & {"thresholds", "weight", "period"}))
        self.assertTrue(kpis.filtered("is_suggested"))
        self.assertTrue(kpis.filtered("quote"))

    def test_setting_a_figure_clears_the_suggestion_mark(self):
        kpi = self.jobs.kpi_ids.filtered("is_suggested")[:1]
        target = self._department("sales").target_ids
        kpi.name = "Renamed by HR"
        target.name = "Renamed by HR"
        self.assertTrue(kpi.is_suggested)
        self.assertTrue(target.is_suggested)
        kpi.write({"maximum": kpi.maximum + 1})
        target.write({"target": target.target})
        self.assertFalse(kpi.is_suggested)
        self.assertFalse(target.is_suggested)

    def test_target_thresholds_are_checked(self):
        target = self._department("sales").target_ids
        with self.assertRaises(ValidationError):
            target.write({"minimum": 200, "target": 100})
        with self.assertRaises(ValidationError):
            target.write({"maximum": float("nan")})
        with self.assertRaisesRegex(ValidationError, "is not valid"):
            target.write({"code": "sales target"})
        target.write({"code": False})  # a target's code is optional

    def test_adapted_lines_are_marked_on_the_store(self):
        adapted = {
            (p.ref, d.text.zh)
            for p in self.spec.jobs
            for d in self.spec.lines_for(p, self.library.jobs[p.ref].duties)
            if d.adapted
        }
        self.assertTrue(adapted)
        marked = {(d.job_id.library_code, self.zh(d).name) for d in self.jobs.duty_ids if d.is_adapted}
        self.assertEqual(marked, adapted)

    def test_backfill_gives_older_databases_the_origin(self):
        """A database from before 18.0.1.1.0: no KPI has sources, no department targets, no duty
        marked adapted."""
        kpis = self.jobs.kpi_ids
        expected = {k.id: (k.is_suggested, set(k.source_ids.ids), self.zh(k).quote) for k in kpis}
        adapted = self.jobs.duty_ids.filtered("is_adapted")
        self.env.flush_all()
        self.env.cr.execute("DELETE FROM dealer_org_kpi_source_rel")
        self.env.cr.execute("UPDATE dealer_org_kpi SET is_suggested = FALSE, quote = NULL")
        self.env.cr.execute("UPDATE dealer_org_job_duty SET is_adapted = FALSE")
        self.env.cr.execute("DELETE FROM dealer_org_department_kpi")
        self.env.cr.execute("DELETE FROM ir_config_parameter WHERE key = %s", [ORIGIN_BACKFILLED_PARAM])
        self.env.registry.clear_cache()
        self.env.invalidate_all()
        self.env["dealer_org.library"]._backfill_library_origin()
        for kpi in kpis:
            self.assertEqual(
                (kpi.is_suggested, set(kpi.source_ids.ids), self.zh(kpi).quote), expected[kpi.id]
            )
        self.assertTrue(adapted)
        self.assertTrue(all(adapted.mapped("is_adapted")))
        self.assertEqual(self._department("sales").target_ids.mapped("code"), ["SALES_TARGET"])
        self.assertIn("年度财务计划完成情况", self.zh(self._department("finance").target_ids).mapped("name"))
        self.assertEqual(self.env["ir.config_parameter"].get_param(ORIGIN_BACKFILLED_PARAM), "1")

    def test_backfill_brings_back_nothing_hr_removed(self):
        """Once a database has the origin (on install, or after the backfill), what HR removed stays
        removed: a department without targets, a KPI without sources, a duty unmarked."""
        self.assertEqual(self.env["ir.config_parameter"].get_param(ORIGIN_BACKFILLED_PARAM), "1")
        kpi = self.jobs.kpi_ids.filtered("source_ids")[:1]
        kpi.source_ids = [(5,)]
        kpi.write({"target": kpi.target})  # reviewed
        self.env["hr.department"].search([("company_id", "=", self.store.id)]).target_ids.unlink()
        duty = self.jobs.duty_ids.filtered("is_adapted")[:1]
        duty.is_adapted = False
        self.env["dealer_org.library"]._backfill_library_origin()
        self.assertFalse(kpi.source_ids)
        self.assertFalse(kpi.is_suggested)
        self.assertFalse(self._department("sales").target_ids)
        self.assertFalse(duty.is_adapted)
