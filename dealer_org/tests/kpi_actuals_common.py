import base64
import os
from datetime import date

from odoo import Command

from .kpi_common import KpiCase

DATA = os.path.join(os.path.dirname(__file__), "data", "actuals")


def data_file(name):
    with open(os.path.join(DATA, name), "rb") as file:
        return file.read()


class ActualsCase(KpiCase):
    """KpiCase's store with the employee numbers (Badge IDs) of the files in tests/data/actuals:
    1001 KPI Employee and 1002 KPI Colleague (SALES_TARGET 60 %, COMPLAINTS 40 %, March 2021
    drafts; the colleague's February 2021 approved), 1003 without a March... April evaluation,
    1004 the importing HR officer's own employee, 1005 a service advisor (CSI, a checklist KPI
    and a quarterly QTR_SALES), 2001 in another company, two employees named 同名."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        cls.employee.barcode = "1001"
        cls.colleague.barcode = "1002"
        common = {"department_id": cls.department.id, "job_id": cls.job.id, "parent_id": cls.manager.id}
        cls.third = Employee.create(dict(common, name="KPI Third", barcode="1003"))
        cls.officer_employee = Employee.create(
            dict(common, name="KPI HR Officer", barcode="1004", user_id=cls.hr_officer.id)
        )
        Employee.create([dict(common, name="同名"), dict(common, name="同名")])
        kpi = {"minimum": 60, "target": 100, "maximum": 130}
        cls.advisor_job = cls.env["hr.job"].create(
            {
                "name": "Actuals Service Advisor",
                "department_id": cls.department.id,
                "kpi_ids": [
                    Command.create({"name": "CSI", "code": "CSI", "weight": 70, **kpi}),
                    Command.create(
                        {
                            "name": "Checklist on time",
                            "code": "CHECKLIST_RATE",
                            "weight": 30,
                            "source": "checklist_completion",
                            **kpi,
                        }
                    ),  # fmt: skip
                    Command.create(
                        {
                            "name": "Quarter sales",
                            "code": "QTR_SALES",
                            "weight": 100,
                            "period": "quarterly",
                            **kpi,
                        }
                    ),
                ],
            }
        )
        cls.advisor = Employee.create(
            dict(common, name="KPI Advisor", barcode="1005", job_id=cls.advisor_job.id)
        )
        other_job = cls.env["hr.job"].create(
            {
                "name": "Other Consultant",
                "company_id": cls.other_company.id,
                "kpi_ids": [Command.create({"name": "Sales", "code": "SALES_TARGET", "weight": 100, **kpi})],
            }
        )
        cls.other_employee = Employee.create(
            {"name": "Secret Other Employee", "barcode": "2001", "company_id": cls.other_company.id,
             "job_id": other_job.id}
        )  # fmt: skip
        cls.other_officer.company_ids = [Command.set(cls.other_company.ids)]
        cls.march = cls.generate()
        cls.february = cls.generate(date(2021, 2, 1))
        cls.other_march = cls.Evaluation._generate("monthly", cls.period, cls.other_company)
        approved = cls.february.filtered(lambda e: e.employee_id == cls.colleague)
        cls.set_actuals(approved, 100, 2)
        approved.with_user(cls.hr_manager).action_approve()
        cls.approved = approved
        cls.Import = cls.env["dealer_org.kpi.actual.import"]

    @classmethod
    def evaluation(cls, employee, evaluations=None):
        return (evaluations or cls.march).filtered(lambda e: e.employee_id == employee)

    @classmethod
    def line(cls, employee, code, evaluations=None):
        return cls.evaluation(employee, evaluations).line_ids.filtered(lambda line: line.code == code)

    def new_import(self, name, user=None, **vals):
        user = user or self.hr_officer
        return (
            self.Import.with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
            .create({"file": base64.b64encode(data_file(name)), "filename": name, **vals})
        )

    def rows(self, record):
        return {row.row_number: row for row in record.row_ids}
