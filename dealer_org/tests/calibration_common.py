"""Three stores of a dealer group graded for March 2021 (the calibration and cockpit tests).

============  ===========  ==========================================  ===========
store         department   scores (grade)                              state
============  ===========  ==========================================  ===========
4S North (A)  Sales A      6 × 95 (A), 3 × 80 (B), 1 × 65 (C)          submitted
4S North (A)  Service A    1 × 95 (A), 3 × 80 (B), 1 × 50 (D: hr_a's)  submitted
4S South (B)  Sales B      2 × 95 (A), 7 × 80 (B), 1 × 65 (C)          approved
Quick (C)     Workshop C   1 × 95 (A), 3 × 80 (B), 1 × 65 (C)          submitted
============  ===========  ==========================================  ===========

Plus: a draft nobody filled in at the quick-repair shop, an employee of 4S South hired
with the job after the generation (no evaluation: missing), two overdue checklists of
Sales A (manager: Manager North). Default grade table (A ≥ 90 → 1.2, B ≥ 75 → 1.0,
C ≥ 60 → 0.8, D → 0.5). Users: ``hr_a`` HR officer of A only (an employee of Service A),
``hr_all`` HR officer of the three stores, ``hr_manager_all``, ``manager_user`` (Manager
North, no HR rights).
"""

from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from .common import DealerOrgCase

PERIOD = date(2021, 3, 1)
SCORES = {"A": 95, "B": 80, "C": 65, "D": 50}


class CalibrationCase(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env = cls.env
        Company = env["res.company"]
        cls.store_a = Company.create({"name": "Calib 4S North"})
        cls.store_b = Company.create({"name": "Calib 4S South"})
        cls.quick = Company.create({"name": "Calib Quick Repair East"})
        stores = cls.store_a | cls.store_b | cls.quick

        def user(login, groups, companies):
            return new_test_user(
                env,
                login,
                groups=groups,
                company_id=companies[0].id,
                company_ids=[Command.set(companies.ids)],
            )

        cls.hr_a = user("calib_hr_a", "base.group_user,hr.group_hr_user", cls.store_a)
        cls.hr_all = user("calib_hr_all", "base.group_user,hr.group_hr_user", stores)
        cls.hr_manager_all = user(
            "calib_hr_manager_all", "base.group_user,hr.group_hr_manager", Company.search([])
        )
        cls.manager_user = user("calib_manager", "base.group_user", cls.store_a)

        Employee = env["hr.employee"]
        cls.jobs, cls.departments = {}, {}
        for company in stores:
            cls.jobs[company.id] = env["hr.job"].create(
                {
                    "name": f"Calib Consultant {company.name}",
                    "company_id": company.id,
                    "kpi_ids": [
                        Command.create(
                            {
                                "name": "Sales",
                                "code": "SALES",
                                "minimum": 0,
                                "target": 100,
                                "maximum": 120,
                                "weight": 100,
                            }
                        )
                    ],
                    "duty_ids": [Command.create({"name": "Open the showroom", "period": "daily"})],
                }
            )
        cls.manager_a = Employee.create(
            {"name": "Calib Manager North", "company_id": cls.store_a.id, "user_id": cls.manager_user.id}
        )
        plan = [
            (cls.store_a, "Sales A", "AAAAAABBBC"),
            (cls.store_a, "Service A", "ABBBD"),
            (cls.store_b, "Sales B", "AABBBBBBBC"),
            (cls.quick, "Workshop C", "ABBBC"),
        ]
        cls.grade_of = {}
        for company, name, grades in plan:
            department = env["hr.department"].create({"name": name, "company_id": company.id})
            cls.departments[name] = department
            for n, grade in enumerate(grades):
                employee = Employee.create(
                    {
                        "name": f"Calib {name} {n}",
                        "company_id": company.id,
                        "department_id": department.id,
                        "job_id": cls.jobs[company.id].id,
                        "parent_id": cls.manager_a.id if name == "Sales A" else False,
                    }
                )
                cls.grade_of[employee.id] = grade
        cls.hr_a_employee = Employee.search([("name", "=", "Calib Service A 4")])
        cls.hr_a_employee.user_id = cls.hr_a

        # Two overdue checklists of the month in Sales A (manager: Manager North), generated
        # before the evaluations are submitted (which freezes the month).
        sales_a = Employee.search([("department_id", "=", cls.departments["Sales A"].id)], limit=1)
        checklists = env["dealer_org.checklist"]._generate_checklists(
            employees=sales_a, on_date=date(2021, 3, 3), period_types=["daily"]
        ) | env["dealer_org.checklist"]._generate_checklists(
            employees=sales_a, on_date=date(2021, 3, 4), period_types=["daily"]
        )
        assert len(checklists) == 2, checklists
        env.flush_all()
        env.cr.execute(
            "UPDATE dealer_org_checklist SET state = 'overdue' WHERE id = ANY(%s)", [checklists.ids]
        )
        env.invalidate_all()
        cls.overdue = checklists

        Evaluation = env["dealer_org.kpi.evaluation"]
        evaluations = Evaluation._generate("monthly", PERIOD, stores)
        for evaluation in evaluations:
            evaluation.line_ids.actual = SCORES[cls.grade_of[evaluation.employee_id.id]]
        evaluations.action_submit()
        evaluations.filtered(lambda e: e.company_id == cls.store_b).action_approve()
        cls.evaluations = evaluations
        # A draft nobody filled in, and an employee hired after the generation (missing).
        cls.late_quick = Employee.create(
            {"name": "Calib Quick Late", "company_id": cls.quick.id, "job_id": cls.jobs[cls.quick.id].id}
        )
        cls.draft_quick = Evaluation._generate("monthly", PERIOD, cls.quick)
        cls.missing_b = Employee.create(
            {"name": "Calib South New", "company_id": cls.store_b.id, "job_id": cls.jobs[cls.store_b.id].id}
        )

    @classmethod
    def target(cls, **shares):
        """The group's target distribution, e.g. target(A=20, B=70, **{'C+D': 10})."""
        return cls.env["dealer_org.kpi.grade.target"].create(
            [{"company_id": False, "grades": grades, "share": share} for grades, share in shares.items()]
        )

    def evaluation(self, department, grade):
        found = self.evaluations.filtered(
            lambda e: e.department_id == self.departments[department]
            and self.grade_of[e.employee_id.id] == grade
        )
        return found[0]
