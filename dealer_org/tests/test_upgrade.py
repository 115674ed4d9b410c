import json

from .common import DealerOrgCase


class TestUpgradeKeepsHrEdits(DealerOrgCase):
    """scripts/test edits records (tests/upgrade/edit_before_upgrade.py), then runs
    ``odoo-bin -u dealer_org``; here we check that the upgrade kept every edit."""

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

    def test_edited_duty_survives(self):
        duty = self.env["dealer_org.job.duty"].browse(self.edits["duty_id"])
        self.assertEqual(self.en(duty).name, "Edited by HR before the upgrade")
        self.assertEqual(self.zh(duty).name, "人事修改的职责")
        self.assertEqual((duty.period, duty.weekday), ("weekly", "2"))

    def test_deleted_duty_stays_deleted(self):
        self.assertFalse(
            self.env.ref(
                f"dealer_org.{self.edits['removed_duty_xmlid'].split('.', 1)[1]}", raise_if_not_found=False
            )
        )

    def test_edited_job_survives(self):
        job = self.env["hr.job"].browse(self.edits["job_id"])
        self.assertEqual(job.headcount, 42)
        self.assertEqual(self.en(job).name, "Senior Sales Consultant")
        self.assertEqual(len(job.duty_ids), len(self.library.jobs["sales_consultant"].duties) - 1)

    def test_edited_function_survives(self):
        function = self.env["dealer_org.department.function"].browse(self.edits["function_id"])
        self.assertEqual(self.en(function).name, "Function edited by HR")

    def test_edited_kpi_survives(self):
        kpi = self.env["dealer_org.kpi"].browse(self.edits["kpi_id"])
        self.assertEqual(
            (self.en(kpi).name, self.zh(kpi).name, kpi.target), ("Monthly sales target", "月度销售目标", 95)
        )

    def test_no_duplicate_organisation_after_upgrade(self):
        jobs = self.env["hr.job"].search(
            [("company_id", "=", self.main_company.id), ("org_template_id.is_default", "=", True)]
        )
        self.assertEqual(len(jobs), len(self.library.default_template.jobs))
