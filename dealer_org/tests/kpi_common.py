from contextlib import contextmanager
from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from .common import DealerOrgCase


class KpiCase(DealerOrgCase):
    """A small store: a department whose manager has a user, two consultants (one with a
    user), a job with two monthly KPIs (60 % / 40 %), and an HR officer, an HR manager and
    an HR officer of another company."""

    period = date(2021, 3, 1)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.other_company = cls.env["res.company"].create({"name": "Other Dealer Group"})
        cls.hr_officer = new_test_user(cls.env, "kpi_hr_officer", groups="base.group_user,hr.group_hr_user")
        cls.hr_manager = new_test_user(
            cls.env, "kpi_hr_manager", groups="base.group_user,hr.group_hr_manager"
        )
        cls.other_officer = new_test_user(
            cls.env,
            "kpi_other_officer",
            groups="base.group_user,hr.group_hr_user",
            company_id=cls.other_company.id,
            company_ids=[cls.other_company.id],
        )
        cls.manager_user = new_test_user(cls.env, "kpi_manager", groups="base.group_user")
        cls.employee_user = new_test_user(cls.env, "kpi_employee", groups="base.group_user")
        cls.colleague_user = new_test_user(cls.env, "kpi_colleague", groups="base.group_user")
        cls.department = cls.env["hr.department"].create({"name": "KPI Test Sales"})
        cls.job = cls.env["hr.job"].create(
            {
                "name": "KPI Test Consultant",
                "department_id": cls.department.id,
                "kpi_ids": [
                    Command.create(
                        {
                            "name": "Sales target completion rate",
                            "code": "SALES_TARGET",
                            "unit": "%",
                            "minimum": 60,
                            "target": 100,
                            "maximum": 130,
                            "weight": 60,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Customer complaints",
                            "code": "COMPLAINTS",
                            "direction": "lower",
                            "minimum": 0,
                            "target": 2,
                            "maximum": 6,
                            "weight": 40,
                        }
                    ),
                ],
            }
        )
        Employee = cls.env["hr.employee"]
        cls.manager = Employee.create(
            {"name": "KPI Manager", "user_id": cls.manager_user.id, "department_id": cls.department.id}
        )
        cls.department.manager_id = cls.manager
        cls.employee = Employee.create(
            {
                "name": "KPI Employee",
                "user_id": cls.employee_user.id,
                "department_id": cls.department.id,
                "job_id": cls.job.id,
                "parent_id": cls.manager.id,
            }
        )
        cls.colleague = Employee.create(
            {
                "name": "KPI Colleague",
                "user_id": cls.colleague_user.id,
                "department_id": cls.department.id,
                "job_id": cls.job.id,
                "parent_id": cls.manager.id,
            }
        )
        cls.Evaluation = cls.env["dealer_org.kpi.evaluation"]

    @classmethod
    def generate(cls, day=None, period_type="monthly", departments=None):
        return cls.Evaluation._generate(
            period_type, day or cls.period, cls.env.company, departments or cls.department
        )

    @classmethod
    def set_actuals(cls, evaluation, *actuals):
        for line, actual in zip(evaluation.line_ids.sorted("sequence"), actuals, strict=True):
            line.actual = actual

    @contextmanager
    def assertRefused(self, exception, pattern):
        """assertRaises (rolling back what the refused call did), then check the message."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), pattern)
