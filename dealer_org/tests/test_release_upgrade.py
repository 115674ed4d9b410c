"""A database of an earlier release, used for a while, upgraded to this checkout (issue 17).

scripts/test exports earlier releases of dealer_org from the repository's history (releases.txt:
version and commit of each), installs one with demo data into a fresh database with that
release's code, lets users work (tests/upgrade/before_release_upgrade.py: HR's edits, archives
and deletions, last month's evaluations generated, filled in, half approved, checklist lines
ticked, all fingerprinted), then upgrades it with this checkout (``-u dealer_org``, its log must
be clean) and runs these tests, on two databases:

* pass release: the previous release (the last of releases.txt) upgraded to the checkout;
* pass release-chain: the oldest release upgraded through every later release, then to the
  checkout (the path of a database that followed every release).

They guard that the upgrade delivered every library record of this release (templates, sources,
the catalogue's departments and jobs) except what HR deleted (a database of 18.0.1.0.0 upgraded
to 18.0.1.1.0 had 15 templates of 19, for good), kept every edit and deletion of HR's, and
changed no evaluation and no checklist line.
"""

import json

from odoo.tools import parse_version

from .common import DealerOrgCase

MARKER = "test.dealer_org_release_upgrade"


class TestReleaseUpgrade(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        marker = cls.env["ir.config_parameter"].sudo().get_param(MARKER)
        if not marker:
            raise AssertionError(
                "no record of the earlier release's database: run the suite with scripts/test, which "
                "installs an earlier release, uses it and upgrades it before these tests"
            )
        cls.state = json.loads(marker)
        cls.Template = cls.env["dealer_org.org.template"].with_context(active_test=False)
        cls.Job = cls.env["hr.job"].with_context(active_test=False)
        cls.Department = cls.env["hr.department"].with_context(active_test=False)

    def assertGone(self, xmlid):
        self.assertFalse(self.env.ref(xmlid, raise_if_not_found=False), f"{xmlid} came back")

    def test_an_upgrade_from_an_earlier_release_ran(self):
        module = self.env["ir.module.module"].search([("name", "=", "dealer_org")])
        self.assertEqual(module.state, "installed")
        self.assertEqual(module.latest_version, self.env["dealer_org.library"]._module_version())
        self.assertLess(parse_version(self.state["release"]), parse_version(module.latest_version))

    # ------------------------------------------------------------------
    # The library of this release is delivered
    # ------------------------------------------------------------------

    def test_every_template_of_the_library_but_the_deleted_one(self):
        codes = self.Template.search([]).mapped("code")
        self.assertEqual(len(codes), len(set(codes)), "a template twice")
        self.assertEqual(set(codes), set(self.library.templates) - {self.state["deleted_template"]})
        for code in set(self.library.templates) - set(self.state["delivered_templates"]):
            template = self.Template.search([("code", "=", code)])
            self.assertEqual(self.zh(template).name, self.library.templates[code].name.zh)
            self.assertEqual(self.env.ref(f"dealer_org.org_template_{code}"), template)

    def test_every_source_but_the_deleted_one(self):
        codes = self.env["dealer_org.source"].search([]).mapped("code")
        self.assertEqual(sorted(codes), sorted(set(self.library.sources) - {self.state["deleted_source"]}))

    def test_the_catalogue_is_the_library(self):
        for model, entries in (
            ("dealer_org.library.job", self.library.jobs),
            ("dealer_org.library.department", self.library.departments),
        ):
            codes = self.env[model].with_context(active_test=False).search([]).mapped("code")
            self.assertEqual(sorted(codes), sorted(entries), model)
        received = json.loads(
            self.env["ir.config_parameter"].sudo().get_param("dealer_org.library_received_codes")
        )
        self.assertEqual(set(received["templates"]), set(self.library.templates))
        self.assertEqual(set(received["sources"]), set(self.library.sources))

    def test_library_origin_reached_the_kpis_of_an_older_database(self):
        self.assertTrue(self.env["ir.config_parameter"].sudo().get_param("dealer_org.origin_backfilled"))
        kpis = self.env["dealer_org.kpi"].search([("job_id.library_code", "!=", False)])
        self.assertTrue(kpis)
        self.assertTrue(kpis.filtered("source_ids"), "no KPI of a library job carries its sources")

    # ------------------------------------------------------------------
    # HR's edits and deletions are kept
    # ------------------------------------------------------------------

    def test_edited_job_and_duty_kept(self):
        job = self.Job.browse(self.state["job"]["id"])
        self.assertEqual(self.en(job).name, "Senior Sales Consultant (HR)")
        self.assertEqual(self.zh(job).name, "资深销售顾问（人事）")
        self.assertEqual(job.headcount, 12)
        duty = self.env["dealer_org.job.duty"].browse(self.state["job"]["duty_id"])
        self.assertEqual(self.en(duty).name, "Duty edited by HR before the release upgrade")
        self.assertEqual(len(job.duty_ids), self.state["job"]["duties"], "a deleted duty came back")
        self.assertGone(self.state["job"]["removed_duty_xmlid"])

    def test_deleted_job_and_department_stay_deleted(self):
        for deleted, Model in (
            (self.state["deleted_job"], self.Job),
            (self.state["deleted_department"], self.Department),
        ):
            self.assertGone(deleted["xmlid"])
            self.assertFalse(
                Model.search(
                    [("library_code", "=", deleted["code"]), ("company_id", "=", self.main_company.id)]
                )
            )

    def test_archived_and_renamed_records_kept(self):
        self.assertFalse(self.Job.browse(self.state["archived_job_id"]).active)
        self.assertFalse(self.Template.browse(self.state["archived_template_id"]).active)
        department = self.Department.browse(self.state["renamed_department_id"])
        self.assertEqual(self.en(department).name, "Brand Marketing (HR)")
        self.assertEqual(self.zh(department).name, "品牌市场部（人事）")

    def test_default_organisation_not_duplicated(self):
        jobs = self.Job.search([("company_id", "=", self.main_company.id), ("library_code", "!=", False)])
        placed = [(j.department_id.id, j.library_code) for j in jobs]
        self.assertEqual(len(placed), len(set(placed)))
        self.assertEqual(len(jobs), len(self.library.default_template.jobs) - 1, "all but the deleted job")

    # ------------------------------------------------------------------
    # Users' data unchanged
    # ------------------------------------------------------------------

    def test_no_evaluation_changed(self):
        evaluations = self.env["dealer_org.kpi.evaluation"].search([])
        self.assertEqual(sorted(evaluations.ids), sorted(int(key) for key in self.state["evaluations"]))
        self.assertTrue(self.state["approved"])
        for evaluation in evaluations:
            now = [
                evaluation.employee_id.id,
                evaluation.period_type,
                str(evaluation.period_start),
                evaluation.state,
                round(evaluation.total_score, 2),
                evaluation.grade or "",
                round(evaluation.coefficient, 2),
                sorted(
                    [
                        line.code,
                        line.weight,
                        line.minimum,
                        line.target,
                        line.maximum,
                        line.actual,
                        round(line.score, 2),
                    ]
                    for line in evaluation.line_ids
                ),
            ]
            before = list(self.state["evaluations"][str(evaluation.id)])
            if evaluation.state == "draft" and not any(evaluation.line_ids.mapped("actual")):
                # Issue 16: a draft nobody entered an actual in shows no grade nor coefficient.
                before[5:7] = ["", 0.0]
            self.assertEqual(now, before, evaluation.display_name)
        approved = self.env["dealer_org.kpi.evaluation"].browse(self.state["approved"])
        self.assertEqual(set(approved.mapped("state")), {"approved", "locked"})

    def test_no_checklist_line_changed(self):
        lines = self.env["dealer_org.checklist.line"].browse(
            [int(key) for key in self.state["checklist_lines"]]
        )
        # Issue 16: a "not applicable" nobody confirmed, in a period no submitted evaluation
        # reads, becomes a request for the manager's confirmation (docs/kpi.md); the rest stays.
        expected = {}
        for key, result in self.state["checklist_lines"].items():
            line = lines.browse(int(key))
            if result == "not_applicable" and line.result == "na_requested":
                self.assertFalse(line._freezing_evaluation([(line.checklist_id.id, line.deadline)]))
                result = "na_requested"
            expected[key] = result
        self.assertEqual({str(line.id): line.result for line in lines.exists()}, expected)
