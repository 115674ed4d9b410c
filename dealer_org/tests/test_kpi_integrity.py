"""Pay-grade integrity at the model level: what payroll pays from cannot be forged.

Guards: state changes only through the checked actions (no context key unlocks them);
approved and locked evaluations and their lines refuse every change, whoever writes (sudo
included); nobody fills in or approves their own evaluation, HR included; the computed pay
fields are never taken from a client; an evaluation belongs to its employee's company and
the payroll API counts only that company's; grade tables always start at 0, are changed
only by the HR managers they pay, and regrade the open evaluations; bad values are refused
with a ValidationError naming the field; who manages whom is HR's to set.
(The same attacks over HTTP JSON-RPC as real users: test_attacks_*.py.)"""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .kpi_common import KpiCase


class TestEvaluationIntegrity(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.evaluations = cls.generate()
        cls.evaluation = cls.evaluations.filtered(lambda e: e.employee_id == cls.employee)
        cls.set_actuals(cls.evaluation, 100, 2)
        # An HR officer who is evaluated too: a consultant with HR rights.
        cls.hr_employee = cls.env["hr.employee"].create(
            {
                "name": "KPI HR Officer",
                "user_id": cls.hr_officer.id,
                "department_id": cls.department.id,
                "job_id": cls.job.id,
                "parent_id": cls.manager.id,
            }
        )
        cls.hr_own = cls.generate().filtered(lambda e: e.employee_id == cls.hr_employee)

    def snapshot(self, evaluation):
        evaluation.invalidate_recordset()
        return (
            evaluation.state,
            evaluation.total_score,
            evaluation.grade,
            evaluation.coefficient,
            evaluation.period_start,
            evaluation.period_end,
            evaluation.note,
            [(line.id, line.actual, line.weight, line.score) for line in evaluation.line_ids],
        )

    def test_no_context_key_changes_the_state(self):
        for context in ({}, {"dealer_org_kpi_state_change": True}, {"dealer_org_kpi_state_change": "1"}):
            for user in (self.manager_user, self.hr_officer, self.hr_manager):
                with self.subTest(context=context, user=user.login), self.assertRaises(UserError):
                    self.evaluation.with_user(user).with_context(**context).write(
                        {"state": "approved", "coefficient": 2.5, "grade": "A"}
                    )
        self.assertEqual(self.evaluation.state, "draft")

    def test_a_manager_cannot_approve_or_lock(self):
        with self.assertRaises(AccessError):
            self.evaluation.with_user(self.manager_user).action_approve()
        self.evaluation.action_approve()
        with self.assertRaises(AccessError):
            self.evaluation.with_user(self.manager_user).action_lock()
        self.assertEqual(self.evaluation.state, "approved")

    def test_computed_pay_fields_are_never_written(self):
        before = self.snapshot(self.evaluation)
        for field, value in (
            ("coefficient", 3.0),
            ("total_score", 120),
            ("grade", "A"),
            ("period_end", "2030-01-01"),
        ):
            with self.subTest(field=field), self.assertRaises(UserError):
                self.evaluation.with_user(self.hr_manager).write({field: value})
        with self.assertRaises(UserError):
            self.evaluation.line_ids[0].with_user(self.hr_manager).write({"score": 120})
        self.assertEqual(self.snapshot(self.evaluation), before)

    def test_frozen_for_everyone_sudo_included(self):
        self.evaluation.with_user(self.hr_officer).action_approve()
        before = self.snapshot(self.evaluation)
        draft = self.evaluations.filtered(lambda e: e.employee_id == self.colleague)
        for state in ("approved", "locked"):
            for env_user in (self.hr_manager, None):
                evaluation = self.evaluation.with_user(env_user) if env_user else self.evaluation.sudo()
                line = evaluation.line_ids[0]
                attempts = {
                    "note": lambda e=evaluation: e.write({"note": "forged"}),
                    "line actual": lambda line=line: line.write({"actual": 10}),
                    "line weight": lambda line=line: line.write({"weight": 100}),
                    "line unlink": lambda line=line: line.unlink(),
                    "line create": lambda e=evaluation: e.env["dealer_org.kpi.evaluation.line"].create(
                        {"evaluation_id": e.id, "name": "Bonus", "code": "B", "weight": 0, "actual": 1}
                    ),
                    "line commands": lambda e=evaluation, line=line: e.write(
                        {"line_ids": [Command.update(line.id, {"actual": 1})]}
                    ),
                    "move a draft line in": lambda e=evaluation: (
                        draft.line_ids[0].with_env(e.env).write({"evaluation_id": e.id})
                    ),
                    "period": lambda e=evaluation: e.write({"period_start": "2021-04-01"}),
                }
                for name, attempt in attempts.items():
                    # AccessError is a UserError too
                    with self.subTest(state=state, attempt=name), self.assertRaises(UserError):
                        attempt()
            self.assertEqual(self.snapshot(self.evaluation), before[:0] + (state,) + before[1:])
            if state == "approved":
                self.evaluation.with_user(self.hr_officer).action_lock()
        # The chatter stays open.
        self.evaluation.with_user(self.hr_officer).message_post(body="Paid in April")

    def test_nobody_fills_in_or_approves_their_own(self):
        own = self.hr_own.with_user(self.hr_officer)
        before = self.snapshot(self.hr_own)
        for name, attempt in {
            "actual": lambda: own.line_ids[0].write({"actual": 130}),
            "note": lambda: own.write({"note": "great"}),
            "submit": own.action_submit,
            "approve": own.action_approve,
            "unlink": own.unlink,
        }.items():
            with self.subTest(attempt=name), self.assertRaises(AccessError):
                attempt()
        self.assertEqual(self.snapshot(self.hr_own), before)
        self.assertFalse(own.can_fill)
        # Their manager fills it in, another HR officer approves it.
        self.set_actuals(self.hr_own.with_user(self.manager_user), 100, 2)
        self.hr_own.with_user(self.manager_user).action_submit()
        self.hr_own.with_user(self.hr_manager).action_approve()
        self.assertEqual(self.hr_own.state, "approved")
        # Nor does an HR manager reopen their own.
        hr_manager_employee = self.hr_employee.copy({"name": "HR Manager", "user_id": self.hr_manager.id})
        mine = self.generate().filtered(lambda e: e.employee_id == hr_manager_employee)
        with self.assertRaises(AccessError):
            mine.with_user(self.hr_manager).line_ids[0].write({"actual": 1})
        with self.assertRaises(AccessError):
            self.Evaluation.with_user(self.hr_manager).create(
                {"employee_id": hr_manager_employee.id, "period_type": "yearly", "period_start": "2021-01-01"}
            )

    def test_created_as_draft_in_the_employee_company(self):
        Evaluation = self.Evaluation.with_user(self.hr_officer)
        with self.assertRaises(UserError):
            Evaluation.create(
                {
                    "employee_id": self.colleague.id,
                    "period_type": "yearly",
                    "period_start": "2021-01-01",
                    "state": "approved",
                    "coefficient": 2.5,
                }
            )
        created = Evaluation.create(
            {
                "employee_id": self.colleague.id,
                "period_type": "yearly",
                "period_start": "2021-01-01",
                "company_id": self.other_company.id,
            }
        )
        self.assertEqual(created.company_id, self.colleague.company_id)
        # An HR officer of another company can neither create one for our employee, nor learn
        # their name from the duplicate message.
        with self.assertRaises(AccessError) as refused:
            self.Evaluation.with_user(self.other_officer).create(
                {"employee_id": self.employee.id, "period_type": "monthly", "period_start": self.period}
            )
        self.assertNotIn(self.employee.name, str(refused.exception))

    def test_bad_values_are_refused_naming_the_field(self):
        line = self.evaluation.line_ids[0].with_user(self.hr_officer)
        for value in (float("nan"), float("inf"), float("-inf"), 1e300):
            with self.subTest(value=value), self.assertRaisesRegex(ValidationError, "Actual"):
                line.write({"actual": value})
        with self.assertRaisesRegex(ValidationError, "Weight"):
            line.write({"weight": 150})
        with self.assertRaisesRegex(ValidationError, "minimum ≤ target ≤ maximum"):
            line.write({"minimum": 200})
        with self.assertRaisesRegex(ValidationError, "Direction"):
            line.write({"direction": "sideways"})
        Evaluation = self.Evaluation.with_user(self.hr_officer)
        with self.assertRaisesRegex(ValidationError, "Period Type"):
            Evaluation.create(
                {"employee_id": self.colleague.id, "period_type": "weekly", "period_start": "2021-01-01"}
            )
        with self.assertRaisesRegex(ValidationError, "Period Start"):
            Evaluation.create(
                {"employee_id": self.colleague.id, "period_type": "yearly", "period_start": "0001-01-01"}
            )
        self.colleague.active = False
        with self.assertRaisesRegex(ValidationError, "archived"):
            Evaluation.create(
                {"employee_id": self.colleague.id, "period_type": "yearly", "period_start": "2021-01-01"}
            )

    def test_weights_must_add_up_to_100_to_approve(self):
        self.evaluation.line_ids[0].weight = 50
        with self.assertRaisesRegex(UserError, "add up to 90"):
            self.evaluation.with_user(self.manager_user).action_submit()
        with self.assertRaisesRegex(UserError, "add up to 90"):
            self.evaluation.with_user(self.hr_officer).action_approve()
        self.assertEqual(self.evaluation.state, "draft")

    def test_reopen_without_an_email_address(self):
        self.evaluation.with_user(self.hr_officer).action_approve()
        self.hr_manager.partner_id.email = False
        Wizard = self.env["dealer_org.kpi.evaluation.reopen"].with_user(self.hr_manager)
        Wizard.create(
            {"evaluation_ids": self.evaluation.ids, "reason": "OEM corrected the sales"}
        ).action_reopen()
        self.assertEqual(self.evaluation.state, "draft")
        self.assertIn("OEM corrected the sales", self.evaluation.message_ids[0].body)

    def test_reopen_wizard_refuses_what_the_user_cannot_read(self):
        foreign_employee = self.env["hr.employee"].create(
            {
                "name": "Foreign",
                "company_id": self.other_company.id,
                "job_id": self.env["hr.job"]
                .create(
                    {
                        "name": "Foreign job",
                        "company_id": self.other_company.id,
                        "kpi_ids": [
                            Command.create(
                                {"name": "S", "code": "S", "target": 1, "maximum": 1, "weight": 100}
                            )
                        ],
                    }
                )
                .id,
            }
        )
        foreign = self.Evaluation._generate("monthly", self.period, self.other_company).filtered(
            lambda e: e.employee_id == foreign_employee
        )
        foreign.line_ids.actual = 1
        foreign.action_approve()
        manager = new_test_user(self.env, "kpi_hr_manager_main", groups="base.group_user,hr.group_hr_manager")
        # Refused when the wizard is made (its record rule: the user's companies), and by the
        # reopening itself were it made.
        with self.assertRaises(AccessError):
            self.env["dealer_org.kpi.evaluation.reopen"].with_user(manager).create(
                {"evaluation_ids": foreign.ids, "reason": "x"}
            )
        with self.assertRaises(AccessError):
            foreign.with_user(manager)._reopen("x")
        self.assertEqual(foreign.state, "approved")

    def test_payroll_counts_only_the_employee_company(self):
        self.evaluation.action_approve()
        self.assertTrue(self.employee._get_kpi_result(date(2021, 3, 1), date(2021, 3, 31)))
        self.employee.write(
            {"company_id": self.other_company.id, "department_id": False, "job_id": False, "parent_id": False}
        )
        self.assertIsNone(self.employee._get_kpi_result(date(2021, 3, 1), date(2021, 3, 31)))


class TestGradeTables(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Grade = cls.env["dealer_org.kpi.grade"]
        cls.evaluation = cls.generate().filtered(lambda e: e.employee_id == cls.employee)
        cls.set_actuals(cls.evaluation, 100, 2)  # 100 points: A with the default table

    def test_a_first_company_band_starts_from_the_default_table(self):
        self.Grade.with_user(self.hr_manager).create(
            {"company_id": self.env.company.id, "min_score": 110, "grade": "Star", "coefficient": 1.5}
        )
        table = self.Grade.search([("company_id", "=", self.env.company.id)])
        self.assertEqual(sorted(table.mapped("min_score")), [0, 60, 75, 90, 110])
        self.assertEqual((self.evaluation.grade, self.evaluation.coefficient), ("A", 1.2))

    def test_a_table_keeps_its_band_at_0(self):
        band_0 = self.Grade.search([("company_id", "=", False), ("min_score", "=", 0)])
        with self.assertRaisesRegex(ValidationError, "starting at score 0"):
            band_0.unlink()
        with self.assertRaisesRegex(ValidationError, "starting at score 0"):
            band_0.min_score = 10
        band_0.write({"grade": "E", "coefficient": 0.3})  # replacing the lowest grade: edit it

    def test_a_change_regrades_open_evaluations_only(self):
        """Approved AND locked (paid) evaluations keep their grade (issue 20: a build regrading
        locked ones passed when only an approved one was checked)."""
        approved = self.evaluation
        draft = self.generate(date(2021, 4, 1)).filtered(lambda e: e.employee_id == self.employee)
        submitted = self.generate(date(2021, 5, 1)).filtered(lambda e: e.employee_id == self.employee)
        locked = self.generate(date(2021, 2, 1)).filtered(lambda e: e.employee_id == self.employee)
        for evaluation in draft | submitted | locked:
            self.set_actuals(evaluation, 100, 2)
        (approved | locked).action_approve()
        locked.action_lock()
        submitted.action_submit()
        band_a = self.Grade.search([("company_id", "=", False), ("grade", "=", "A")])
        band_a.coefficient = 1.5
        self.assertEqual((draft.coefficient, submitted.coefficient), (1.5, 1.5))
        self.assertEqual(approved.coefficient, 1.2)
        self.assertEqual(locked.coefficient, 1.2, "a locked (paid) evaluation is never regraded")
        # nor is it by a later state change
        approved.action_lock()
        self.assertEqual(approved.coefficient, 1.2)

    def test_who_changes_which_table(self):
        band_a = self.Grade.search([("company_id", "=", False), ("grade", "=", "A")])
        with self.assertRaises(AccessError):
            band_a.with_user(self.hr_officer).coefficient = 3
        # An HR manager of one company only cannot change the table that pays every company.
        with self.assertRaises(AccessError):
            band_a.with_user(self.hr_manager).coefficient = 3
        self.hr_manager.company_ids = [Command.link(self.other_company.id)]
        band_a.with_user(self.hr_manager).coefficient = 1.3
        self.assertEqual(band_a.coefficient, 1.3)
        # Another company's table is out of reach.
        with self.assertRaises(AccessError):
            self.Grade.with_user(self.other_officer).create(
                {"company_id": self.env.company.id, "min_score": 0, "grade": "X", "coefficient": 9}
            )

    def test_bad_bands_are_refused(self):
        for vals in (
            {"min_score": float("nan")},
            {"min_score": float("inf")},
            {"min_score": 1e6},
            {"coefficient": -1},
            {"coefficient": float("inf")},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.Grade.create(
                    {"company_id": False, "min_score": 50, "grade": "X", "coefficient": 1, **vals}
                )


class TestReportingLinesAreHrs(KpiCase):
    def test_an_employee_cannot_make_himself_a_manager(self):
        self.generate()
        department = self.department.with_user(self.colleague_user)
        for vals in ({"manager_id": self.colleague.id}, {"parent_id": False}, {"name": "Mine"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                department.write(vals)
        self.assertEqual(self.department.manager_id, self.manager)
        self.env["ir.config_parameter"].sudo().set_param("hr.hr_employee_self_edit", True)
        for vals in ({"employee_parent_id": self.colleague.id}, {"department_id": False}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self.employee_user.with_user(self.employee_user).write(vals)
        self.assertEqual(self.employee.parent_id, self.manager)
        self.assertEqual(
            self.Evaluation.with_user(self.colleague_user).search([]).employee_id, self.colleague
        )
