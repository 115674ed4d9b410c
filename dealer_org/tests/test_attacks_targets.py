"""Attacks on department targets and on the origin of KPIs, through JSON-RPC as real users.

Guards: a department's targets (销售部门's sales target …) and the library's suggestion mark of
a KPI are HR's: employees and managers without HR rights neither create, change nor delete
them; an HR officer of another company neither reads, changes nor moves a target into a
department of a company they are not allowed in; HR officers of the company can change them.
"""

from .attack_common import ACCESS, AttackCase

TARGET = "dealer_org.department.kpi"


class TestAttacksTargets(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        figures = {"minimum": 80, "target": 100, "maximum": 120, "period": "yearly", "is_suggested": True}
        cls.target = cls.env[TARGET].create(
            dict(figures, department_id=cls.department.id, name="Annual sales target", code="SALES")
        )
        cls.department_b = cls.env["hr.department"].create(
            {"name": "Attack B Sales", "company_id": cls.company_b.id}
        )
        cls.target_b = cls.env[TARGET].create(
            dict(figures, department_id=cls.department_b.id, name="B sales target", code="B_SALES")
        )
        cls.job.kpi_ids.write({"is_suggested": True})
        cls.env.flush_all()

    def test_employee_lowers_the_department_target(self):
        self.attack(self.employee_user, TARGET, "write", [self.target.ids, {"target": 1}], errors=(ACCESS,))

    def test_department_manager_removes_the_target(self):
        self.attack(self.dept_manager_user, TARGET, "unlink", [self.target.ids], errors=(ACCESS,))

    def test_manager_adds_an_easy_target(self):
        vals = {"department_id": self.department.id, "name": "Easy", "minimum": 0, "target": 1, "maximum": 2}
        self.attack(self.manager_user, TARGET, "create", [vals], errors=(ACCESS,))

    def test_employee_marks_a_suggested_kpi_as_reviewed(self):
        kpi = self.job.kpi_ids[:1]
        self.attack(
            self.employee_user,
            "dealer_org.kpi",
            "write",
            [kpi.ids, {"is_suggested": False}],
            errors=(ACCESS,),
        )

    def test_officer_of_b_changes_a_target_of_a(self):
        self.attack(self.officer_b, TARGET, "write", [self.target.ids, {"target": 1}], errors=(ACCESS,))

    def test_officer_of_b_moves_a_target_into_a(self):
        vals = {"department_id": self.department.id}
        self.attack(self.officer_b, TARGET, "write", [self.target_b.ids, vals], errors=(ACCESS,))

    def test_officer_of_b_creates_a_target_in_a(self):
        vals = {
            "department_id": self.department.id,
            "name": "Planted",
            "minimum": 0,
            "target": 1,
            "maximum": 2,
        }
        self.attack(self.officer_b, TARGET, "create", [vals], errors=(ACCESS,))

    def test_officer_of_b_sees_only_the_targets_of_b(self):
        rows = self.call_ok(self.officer_b, TARGET, "search_read", [[]], {"fields": ["name"]})
        self.assertEqual([row["id"] for row in rows], self.target_b.ids)

    def test_hr_officer_of_a_reviews_the_target(self):
        """The allowed path: HR of the company sets the figure; the suggestion mark clears."""
        self.call_ok(self.hr_officer, TARGET, "write", [self.target.ids, {"target": 110, "maximum": 130}])
        self.target.invalidate_recordset()
        self.assertEqual(self.target.target, 110)
        self.assertFalse(self.target.is_suggested)
