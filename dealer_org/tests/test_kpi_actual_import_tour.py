from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestKpiActualImportTour(HttpCase):
    """In a real browser: an HR officer uploads a DMS file in KPI › Import Actuals, previews it
    and imports it (static/tests/tours/kpi_actual_import_tour.js)."""

    def test_upload_preview_import(self):
        officer = new_test_user(
            self.env, "kpi_import_tour_officer", groups="base.group_user,hr.group_hr_user"
        )
        kpi = {"minimum": 60, "target": 100, "maximum": 130}
        job = self.env["hr.job"].create(
            {
                "name": "Import Tour Consultant",
                "kpi_ids": [Command.create({"name": "Sales", "code": "SALES", "weight": 100, **kpi})],
            }
        )
        employees = self.env["hr.employee"].create(
            [
                {"name": "Import Tour A", "job_id": job.id, "barcode": "8101"},
                {"name": "Import Tour B", "job_id": job.id, "barcode": "8102"},
            ]
        )
        evaluations = self.env["dealer_org.kpi.evaluation"]._generate(
            "monthly", date(2021, 6, 1), self.env.company, employees=employees
        )
        self.start_tour("/odoo/employees", "dealer_org_kpi_actual_import_tour", login=officer.login)
        self.assertEqual(evaluations.sorted("employee_id").line_ids.mapped("actual"), [110, 1095])
        record = self.env["dealer_org.kpi.actual.import"].search([("filename", "=", "dms_2021_06.csv")])
        self.assertEqual((record.state, record.applied_count, record.create_uid), ("done", 2, officer))
