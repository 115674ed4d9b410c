"""Attacks on team access, through JSON-RPC as real users.

Guards: who is whose manager (hr.department manager_id, parent_id, company_id and
hr.employee parent_id, department_id, also through the res.users self-edit fields) is
changed only by HR officers, because the KPI and checklist record rules grant managers
access to their team from exactly these fields; employees and managers without HR rights
change nothing else of an evaluation than the actuals and comments of their team's drafts,
and after every refused attempt an employee still sees only their own evaluations.
"""

from .attack_common import ACCESS, AttackCase

EVAL = "dealer_org.kpi.evaluation"
LINE = "dealer_org.kpi.evaluation.line"


class TestAttacksTeamAccess(AttackCase):
    def assertSeesOnlyOwnEvaluations(self, user, employee):
        found = self.call_ok(user, EVAL, "search_read", [[]], {"fields": ["employee_id"]})
        self.assertEqual({row["employee_id"][0] for row in found}, {employee.id})

    def test_employee_makes_himself_department_manager(self):
        vals = {"manager_id": self.employee.id}
        self.attack(self.employee_user, "hr.department", "write", [self.department.ids, vals])
        self.assertSeesOnlyOwnEvaluations(self.employee_user, self.employee)

    def test_manager_takes_over_another_department(self):
        vals = {"manager_id": self.manager.id}
        self.attack(self.manager_user, "hr.department", "write", [self.other_department.ids, vals])

    def test_employee_moves_the_department_under_another(self):
        vals = {"parent_id": self.other_department.id}
        self.attack(self.employee_user, "hr.department", "write", [self.department.ids, vals])

    def test_employee_moves_the_department_to_another_company(self):
        vals = {"company_id": self.company_b.id}
        self.attack(self.peer_user, "hr.department", "write", [self.other_department.ids, vals])

    def test_employee_creates_a_department_he_manages(self):
        vals = {"name": "My Own Team", "manager_id": self.employee.id, "parent_id": self.department.id}
        self.attack(self.employee_user, "hr.department", "create", [vals], errors=(ACCESS,))

    def test_employee_adds_a_colleague_to_another_department(self):
        vals = {"member_ids": [[4, self.peer.id]]}
        self.attack(self.employee_user, "hr.department", "write", [self.other_department.ids, vals])

    def allow_self_edit(self):
        """Settings / Employees / "Employee Editing": employees edit their own profile, which
        res.users writes on their employee as the superuser (hr's HR_WRITABLE_FIELDS)."""
        self.env["ir.config_parameter"].set_param("hr.hr_employee_self_edit", "True")

    def test_employee_sets_own_manager_in_the_preferences(self):
        self.allow_self_edit()
        vals = {"employee_parent_id": self.peer.id}
        self.attack(self.employee_user, "res.users", "write", [self.employee_user.ids, vals])
        self.assertSeesOnlyOwnEvaluations(self.employee_user, self.employee)

    def test_employee_moves_to_another_department_in_the_preferences(self):
        self.allow_self_edit()
        vals = {"department_id": self.other_department.id}
        self.attack(self.employee_user, "res.users", "write", [self.employee_user.ids, vals])

    def test_department_manager_leaves_the_chain_in_the_preferences(self):
        self.allow_self_edit()
        vals = {"employee_parent_id": False, "department_id": self.other_department.id}
        self.attack(self.dept_manager_user, "res.users", "write", [self.dept_manager_user.ids, vals])

    def test_employee_sets_own_manager_on_the_employee(self):
        vals = {"parent_id": self.peer.id}
        self.attack(self.employee_user, "hr.employee", "write", [self.employee.ids, vals], errors=(ACCESS,))

    def test_manager_puts_the_hr_manager_under_himself(self):
        vals = {"parent_id": self.manager.id}
        args = [self.hr_manager_employee.ids, vals]
        self.attack(self.manager_user, "hr.employee", "write", args, errors=(ACCESS,))

    def test_employee_grants_himself_hr_rights(self):
        vals = {"groups_id": [[4, self.env.ref("hr.group_hr_user").id]]}
        self.attack(self.employee_user, "res.users", "write", [self.employee_user.ids, vals])

    def test_peer_reads_a_colleague_evaluation(self):
        evaluation = self.of(self.approved, self.employee)
        self.attack(self.peer_user, EVAL, "read", [evaluation.ids, ["coefficient"]], errors=(ACCESS,))

    def test_peer_reads_a_colleague_line(self):
        line = self.line(self.of(self.approved, self.employee))
        self.attack(self.peer_user, LINE, "read", [line.ids, ["actual"]], errors=(ACCESS,))

    def test_peer_fills_in_a_colleague_actual(self):
        line = self.line(self.of(self.draft, self.employee))
        self.attack(self.peer_user, LINE, "write", [line.ids, {"actual": 20}], errors=(ACCESS,))

    def test_manager_changes_a_weight_of_the_team(self):
        line = self.line(self.of(self.draft, self.employee))
        self.attack(self.manager_user, LINE, "write", [line.ids, {"weight": 100}], errors=(ACCESS,))

    def test_manager_changes_the_thresholds_of_the_team(self):
        line = self.line(self.of(self.draft, self.employee))
        vals = {"minimum": 0, "target": 1, "maximum": 2}
        self.attack(self.manager_user, LINE, "write", [line.ids, vals], errors=(ACCESS,))

    def test_manager_changes_the_period_of_a_team_evaluation(self):
        evaluation = self.of(self.draft, self.employee)
        vals = {"period_type": "yearly"}
        self.attack(self.manager_user, EVAL, "write", [evaluation.ids, vals], errors=(ACCESS,))

    def test_manager_deletes_a_team_evaluation(self):
        evaluation = self.of(self.draft, self.employee)
        self.attack(self.manager_user, EVAL, "unlink", [evaluation.ids], errors=(ACCESS,))

    def test_manager_adds_a_line_to_a_team_evaluation(self):
        evaluation = self.of(self.draft, self.employee)
        line = {"name": "Bonus", "code": "BONUS", "target": 1, "maximum": 1, "weight": 100, "actual": 1}
        self.attack(self.manager_user, EVAL, "write", [evaluation.ids, {"line_ids": [[0, 0, line]]}])

    def test_manager_fills_in_an_approved_team_evaluation(self):
        line = self.line(self.of(self.approved, self.employee))
        self.attack(self.manager_user, LINE, "write", [line.ids, {"actual": 130}])

    def test_employee_changes_the_job_kpis(self):
        kpi = self.job.kpi_ids.filtered(lambda k: k.code == "SALES")
        self.attack(self.employee_user, "dealer_org.kpi", "write", [kpi.ids, {"target": 1}], errors=(ACCESS,))

    def test_manager_changes_a_job_duty(self):
        duty = self.job.duty_ids[0]
        vals = {"checklist_item": False}
        self.attack(self.manager_user, "dealer_org.job.duty", "write", [duty.ids, vals], errors=(ACCESS,))
