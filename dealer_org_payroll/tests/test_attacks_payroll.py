"""No pay without an approved evaluation, tried over JSON-RPC as real users (issue 16): under the
shipped setting, a payroll officer's payslip is refused when the employee's evaluation of the
period is a draft graded D, when an HR officer deleted it, or when the manager never submitted a
weak one, and nothing is paid or changed (no payslip line, the payslip still a draft, the
evaluations, employees and users as they were). Paying the neutral coefficient is the company's
explicit choice (Settings), which a payroll officer cannot make.

Users (dealer_org/tests/attack_common.py): ``manager`` evaluates ``employee``; ``hr_officer``;
``payroll_officer`` has OCA payroll's manager rights (all payslips of company A; OCA's officer
group sees only the payslips of departments they manage) and computes payslips."""

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.dealer_org.tests.attack_common import ACCESS, DRAFT_PERIOD, USER, AttackCase

PAYROLL_TABLES = ["hr_payslip", "hr_payslip_line", "hr_contract", "res_company"]
MARCH_END = DRAFT_PERIOD.replace(day=31)


@tagged("post_install", "-at_install")
class TestPayWithoutApprovalAttacks(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.payroll_officer = new_test_user(
            env,
            "atk_payroll_officer",
            groups="base.group_user,payroll.group_payroll_manager",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )
        # the shipped setting, as every new company gets it
        policy = "dealer_org_kpi_unapproved_policy"
        cls.company_a[policy] = env["res.company"].default_get([policy])[policy]
        cls.structure = env.ref("dealer_org_payroll.hr_payroll_structure_performance_pay")
        cls.contract = env["hr.contract"].create(
            {
                "name": "Attack Employee contract",
                "employee_id": cls.employee.id,
                "company_id": cls.company_a.id,
                "wage": 6000,
                "struct_id": cls.structure.id,
                "date_start": DRAFT_PERIOD.replace(month=1),
                "state": "open",
            }
        )
        cls.march = cls.of(cls.draft, cls.employee)
        cls.payslip = env["hr.payslip"].create(
            {
                "employee_id": cls.employee.id,
                "contract_id": cls.contract.id,
                "struct_id": cls.structure.id,
                "date_from": DRAFT_PERIOD,
                "date_to": MARCH_END,
            }
        )
        env.flush_all()

    def snapshot(self):
        snap = super().snapshot()
        cr = self.env.cr
        for table in PAYROLL_TABLES:
            cr.execute(SQL("SELECT * FROM %s ORDER BY id", SQL.identifier(table)))
            columns = [d.name for d in cr.description]
            snap[table] = {row[0]: dict(zip(columns, row, strict=True)) for row in cr.fetchall()}
        return snap

    def weak_actuals(self, user):
        """``user`` fills March in as grade D (sales at the minimum, complaints at the maximum)
        over JSON-RPC, as the evaluation form does."""
        for line in self.march.line_ids:
            actual = line.maximum if line.code == "COMPLAINTS" else line.minimum
            self.call_ok(user, "dealer_org.kpi.evaluation.line", "write", [[line.id], {"actual": actual}])
        self.march.invalidate_recordset()
        self.assertEqual((self.march.state, self.march.grade), ("draft", "D"))

    def compute(self, message):
        """The payroll officer computes March's payslip: refused, nothing paid or changed."""
        self.attack(
            self.payroll_officer,
            "hr.payslip",
            "compute_sheet",
            [[self.payslip.id]],
            errors=(USER,),
            message=message,
        )
        self.payslip.invalidate_recordset()
        self.assertEqual((self.payslip.state, len(self.payslip.line_ids)), ("draft", 0))

    def test_a_draft_graded_d_is_not_paid(self):
        self.weak_actuals(self.hr_officer)
        self.compute(r"Attack Employee .*cannot be computed: its KPI evaluation .* is not approved yet")

    def test_a_deleted_evaluation_is_not_paid(self):
        self.weak_actuals(self.hr_officer)
        self.login(self.hr_officer)
        response = self.call("dealer_org.kpi.evaluation", "unlink", [self.march.ids])
        archivable = "active" in self.march._fields
        if "error" in response:
            # where deleting is refused (evaluations whose period started are archived instead),
            # HR archives it: what is tested is that no evaluation covers the period any more
            self.assertTrue(archivable, f"the HR officer could not delete it: {response['error']}")
            self.march.with_user(self.hr_officer)._archive("Deleted by HR, archived instead")
        self.env.invalidate_all()
        remaining = self.march.exists()
        self.assertFalse(remaining.filtered("active") if archivable else remaining)
        self.compute(r"Attack Employee .*cannot be computed: no KPI evaluation covers its period")

    def test_a_weak_evaluation_never_submitted_is_not_paid(self):
        self.weak_actuals(self.manager_user)
        # the manager does not submit; the manager cannot compute or approve pay either
        self.attack(self.manager_user, "hr.payslip", "compute_sheet", [[self.payslip.id]], errors=(ACCESS,))
        self.attack(
            self.manager_user,
            "res.company",
            "write",
            [[self.company_a.id], {"dealer_org_kpi_unapproved_policy": "neutral"}],
            errors=(ACCESS,),
        )
        self.compute(r"is not approved yet")

    def test_the_payroll_officer_cannot_choose_the_neutral_policy(self):
        self.weak_actuals(self.hr_officer)
        self.attack(
            self.payroll_officer,
            "res.company",
            "write",
            [[self.company_a.id], {"dealer_org_kpi_unapproved_policy": "neutral"}],
            errors=(ACCESS,),
        )
        self.compute(r"is not approved yet")

    def test_neutral_when_the_company_chose_it_pays_the_draft_as_on_target(self):
        """The documented consequence of the neutral setting: the draft graded D pays 100 %."""
        self.weak_actuals(self.hr_officer)
        self.company_a.dealer_org_kpi_unapproved_policy = "neutral"
        self.env.flush_all()
        self.call_ok(self.payroll_officer, "hr.payslip", "compute_sheet", [[self.payslip.id]])
        self.payslip.invalidate_recordset()
        lines = {line.code: line for line in self.payslip.line_ids}
        self.assertEqual((lines["KPI_PERF"].rate, lines["NET"].total), (100, 6000))

    def test_approved_pays_the_grade(self):
        self.weak_actuals(self.hr_officer)
        self.call_ok(self.approver, "dealer_org.kpi.evaluation", "action_approve", [self.march.ids])
        self.call_ok(self.payroll_officer, "hr.payslip", "compute_sheet", [[self.payslip.id]])
        self.payslip.invalidate_recordset()
        lines = {line.code: line for line in self.payslip.line_ids}
        self.assertEqual(lines["KPI_PERF"].rate, 50, "grade D: 50 %")
        self.assertEqual(lines["NET"].total, 6000 * 0.7 + 6000 * 0.3 * 0.5)
