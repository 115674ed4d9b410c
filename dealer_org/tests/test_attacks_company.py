"""Attacks across companies, through JSON-RPC as real users.

Guards: an evaluation belongs to its employee's company and nobody outside that company
creates, approves or reads it (record rules, check_company); the payroll API is not
callable remotely; no error message reveals an employee the user cannot read; one
company's HR cannot change another company's grade table, and the shared default table
(no company) is changed only by HR managers allowed in every company; the generation
wizards act only on the user's allowed companies and never widen an empty selection to
everyone. Each attack must be refused and change nothing.
"""

from .attack_common import ACCESS, APPROVED_PERIOD, DRAFT_PERIOD, AttackCase

EVAL = "dealer_org.kpi.evaluation"
GRADE = "dealer_org.kpi.grade"
KPI_WIZARD = "dealer_org.kpi.generate"
CHECKLIST_WIZARD = "dealer_org.checklist.generate"


class TestAttacksCompanyEvaluations(AttackCase):
    def evaluation_vals(self, employee, company, start="2021-05-01"):
        return {
            "employee_id": employee.id,
            "company_id": company.id,
            "period_type": "monthly",
            "period_start": start,
        }

    def test_officer_b_creates_an_evaluation_for_an_employee_of_company_a(self):
        vals = self.evaluation_vals(self.employee, self.company_b)
        self.attack(self.officer_b, EVAL, "create", [vals])

    def test_officer_b_creates_an_evaluation_in_company_a(self):
        vals = self.evaluation_vals(self.employee, self.company_a)
        self.attack(self.officer_b, EVAL, "create", [vals], errors=(ACCESS,))

    def test_officer_b_approves_an_evaluation_of_company_a(self):
        evaluation = self.of(self.draft, self.employee)
        self.attack(self.officer_b, EVAL, "action_approve", [evaluation.ids])

    def test_officer_b_reads_an_evaluation_of_company_a(self):
        evaluation = self.of(self.approved, self.employee)
        self.attack(self.officer_b, EVAL, "read", [evaluation.ids, ["coefficient"]], errors=(ACCESS,))

    def test_hr_officer_of_both_companies_approves_outside_the_selected_company(self):
        """Allowed in A and B but working in A only (the company switcher): B's records are
        out of reach until B is selected."""
        evaluation = self.of(self.draft, self.peer) | self.eval_b
        context = {"allowed_company_ids": [self.company_a.id]}
        self.attack(self.approver, EVAL, "action_approve", [evaluation.ids], context=context)

    def test_officer_b_forges_allowed_companies(self):
        context = {"allowed_company_ids": [self.company_b.id, self.company_a.id]}
        self.attack(
            self.officer_b, EVAL, "search_read", [[]], {"fields": ["coefficient"]}, context, errors=(ACCESS,)
        )

    def test_officer_b_calls_the_payroll_api(self):
        args = [self.employee.ids, "2021-01-01", "2021-01-31"]
        self.attack(self.officer_b, "hr.employee", "_get_kpi_results", args, errors=(ACCESS,))

    def test_hr_officer_calls_the_payroll_api_of_company_b(self):
        args = [self.employee_b.ids, "2021-01-01", "2021-01-31"]
        self.attack(self.hr_officer, "hr.employee", "_get_kpi_result", args, errors=(ACCESS,))

    def test_officer_b_reads_the_pay_coefficient_on_an_employee_of_company_a(self):
        args = [self.employee.ids, ["kpi_coefficient", "kpi_grade"]]
        self.attack(self.officer_b, "hr.employee", "read", args, errors=(ACCESS,))

    def test_duplicate_message_hides_an_employee_of_another_company(self):
        """Company A's HR officer probes company B's employee ids: the "already has an
        evaluation" answer must not name the employee."""
        vals = self.evaluation_vals(self.employee_b, self.company_a, APPROVED_PERIOD.isoformat())
        self.attack(self.hr_officer, EVAL, "create", [vals], not_in_message=[self.employee_b.name])

    def test_duplicate_message_from_company_b_hides_the_employee(self):
        vals = self.evaluation_vals(self.employee, self.company_b, DRAFT_PERIOD.isoformat())
        self.attack(self.officer_b, EVAL, "create", [vals], not_in_message=[self.employee.name])

    def test_hr_officer_of_both_companies_moves_a_draft_to_an_employee_of_company_b(self):
        evaluation = self.of(self.draft, self.peer)
        self.attack(self.approver, EVAL, "write", [evaluation.ids, {"employee_id": self.employee_b.id}])


class TestAttacksCompanyGrades(AttackCase):
    def shared_band(self, min_score):
        return self.env["dealer_org.kpi.grade"].search(
            [("company_id", "=", False), ("min_score", "=", min_score)]
        )

    def test_hr_manager_of_a_changes_the_grade_table_of_b(self):
        band = self.grade_b.filtered(lambda b: b.min_score == 80)
        self.attack(self.hr_manager, GRADE, "write", [band.ids, {"coefficient": 3.0}])

    def test_hr_manager_of_a_adds_a_band_to_the_table_of_b(self):
        vals = {"company_id": self.company_b.id, "min_score": 95, "grade": "S", "coefficient": 2.0}
        self.attack(
            self.hr_manager, GRADE, "create", [vals], errors=(ACCESS,), not_in_message=(self.company_b.name,)
        )

    def test_officer_b_changes_own_company_grade_table(self):
        band = self.grade_b.filtered(lambda b: b.min_score == 80)
        self.attack(self.officer_b, GRADE, "write", [band.ids, {"coefficient": 3.0}], errors=(ACCESS,))

    def test_hr_manager_of_one_company_changes_the_shared_table(self):
        band = self.shared_band(90)
        self.assertTrue(band)
        self.attack(self.hr_manager, GRADE, "write", [band.ids, {"coefficient": 3.0}])

    def test_hr_manager_of_one_company_adds_a_shared_band(self):
        vals = {"company_id": False, "min_score": 99, "grade": "S", "coefficient": 3.0}
        self.attack(self.hr_manager, GRADE, "create", [vals])

    def test_hr_manager_of_one_company_deletes_a_shared_band(self):
        self.attack(self.hr_manager, GRADE, "unlink", [self.shared_band(90).ids])

    def test_hr_manager_of_company_b_changes_the_shared_table(self):
        """An HR manager of company B only (company A's tables and the default are out of reach)."""
        self.env["res.users"].browse(self.officer_b.id).groups_id += self.env.ref("hr.group_hr_manager")
        band = self.shared_band(60)
        self.attack(self.officer_b, GRADE, "write", [band.ids, {"min_score": 10}])


class TestAttacksCompanyWizards(AttackCase):
    def test_officer_b_generates_evaluations_for_company_a(self):
        vals = {"period_type": "monthly", "date": "2021-01-15", "company_ids": [[6, 0, self.company_a.ids]]}
        self.attack(
            self.officer_b,
            KPI_WIZARD,
            "action_generate",
            lambda wizard_id: [[wizard_id]],
            steps=[(KPI_WIZARD, "create", [vals], None, None)],
        )

    def test_officer_b_generates_evaluations_with_forged_allowed_companies(self):
        vals = {"period_type": "monthly", "date": "2021-04-15"}
        context = {"allowed_company_ids": [self.company_a.id, self.company_b.id]}
        self.attack(self.officer_b, KPI_WIZARD, "create", [vals], context=context, errors=(ACCESS,))

    def test_officer_b_generates_checklists_for_employees_of_company_a(self):
        """Record rules filter the selection down to nothing: that must not mean everyone."""
        vals = {"date": "2021-03-05", "period_type": "daily", "employee_ids": [[6, 0, self.employee.ids]]}
        self.attack(
            self.officer_b,
            CHECKLIST_WIZARD,
            "action_generate",
            lambda wizard_id: [[wizard_id]],
            steps=[(CHECKLIST_WIZARD, "create", [vals], None, None)],
            notification_ok=True,
        )

    def test_officer_b_generates_checklists_for_a_job_of_company_a(self):
        vals = {"date": "2021-03-06", "period_type": "daily", "job_ids": [[6, 0, self.job.ids]]}
        self.attack(
            self.officer_b,
            CHECKLIST_WIZARD,
            "action_generate",
            lambda wizard_id: [[wizard_id]],
            steps=[(CHECKLIST_WIZARD, "create", [vals], None, None)],
            notification_ok=True,
        )

    def test_hr_officer_generates_checklists_for_a_job_nobody_holds(self):
        vals = {"date": "2021-03-07", "period_type": "daily", "job_ids": [[6, 0, self.empty_job.ids]]}
        self.attack(
            self.hr_officer,
            CHECKLIST_WIZARD,
            "action_generate",
            lambda wizard_id: [[wizard_id]],
            steps=[(CHECKLIST_WIZARD, "create", [vals], None, None)],
            notification_ok=True,
        )

    def test_officer_b_generates_checklists_with_forged_allowed_companies(self):
        vals = {"date": "2021-03-08", "period_type": "daily"}
        context = {"allowed_company_ids": [self.company_a.id]}
        self.attack(self.officer_b, CHECKLIST_WIZARD, "create", [vals], context=context, errors=(ACCESS,))

    def test_officer_b_calls_the_private_checklist_generation(self):
        self.attack(
            self.officer_b,
            "dealer_org.checklist",
            "_generate_checklists",
            [],
            {"employees": None},
            errors=(ACCESS,),
        )


class TestCompanyLegitimatePaths(AttackCase):
    """Controls: an HR manager allowed in every company edits the shared table; company
    B's HR officer generates company B's checklists only."""

    def test_hr_manager_of_every_company_changes_the_shared_table(self):
        band = self.env["dealer_org.kpi.grade"].search([("company_id", "=", False), ("min_score", "=", 90)])
        self.call_ok(self.hr_manager_all, GRADE, "write", [band.ids, {"coefficient": 1.25}])
        band.invalidate_recordset()
        self.assertEqual(band.coefficient, 1.25)
