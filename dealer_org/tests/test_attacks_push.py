"""Attacks on pushing a standard and on the library updates, through JSON-RPC as real users.

Guards: company B's HR manager cannot push a standard into company A, nor take the library's
updates for A: by choosing A, by writing A into a wizard of B, by forging the context, by
adding a row of A, or by applying another user's wizard of A; an HR officer pushes nothing.
Each attack must be refused and change nothing (company A has differences to apply: a library
duty of one of its jobs is missing, its name changed).
"""

from odoo import Command
from odoo.tests import new_test_user

from .attack_common import ACCESS, AttackCase

PUSH = "dealer_org.template.push"


class TestAttacksPush(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.manager_b = new_test_user(
            env,
            "atk_push_manager_b",
            groups="base.group_user,hr.group_hr_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.template = env["dealer_org.org.template"].search([("code", "=", "standard_4s")])
        jobs = env["hr.job"].search(
            [("company_id", "=", cls.company_a.id), ("org_template_id", "=", cls.template.id)]
        )
        if not jobs:
            cls.template._apply_to_companies(cls.company_a)
            jobs = env["hr.job"].search(
                [("company_id", "=", cls.company_a.id), ("org_template_id", "=", cls.template.id)]
            )
        cls.target_job = jobs.filtered("duty_ids")[0]
        cls.target_job.duty_ids[:1].unlink()
        cls.target_job.with_context(lang="en_US").name = "Attack Renamed by the Standard?"
        cls.template._apply_to_companies(cls.company_b)

    def a_has_differences(self):
        differences = self.template._compare_differences(self.company_a)[self.company_a]
        self.assertTrue(any(m.changes for m in differences.matches()))

    def create_steps(self, values, context=None):
        return [(PUSH, "create", [values], None, context)]

    def test_manager_b_pushes_into_a(self):
        self.a_has_differences()
        values = {"template_id": self.template.id, "company_ids": [Command.set(self.company_a.ids)]}
        self.attack(
            self.manager_b,
            PUSH,
            "action_apply",
            lambda wizard_id: [[wizard_id]],
            steps=self.create_steps(values),
            errors=(ACCESS,),
        )

    def test_manager_b_takes_a_library_updates(self):
        values = {"mode": "updates", "company_ids": [Command.set((self.company_a | self.company_b).ids)]}
        self.attack(
            self.manager_b,
            PUSH,
            "action_apply",
            lambda wizard_id: [[wizard_id]],
            steps=self.create_steps(values, {"dealer_org_all_my_companies": True}),
        )

    def test_manager_b_forges_the_context(self):
        context = {"allowed_company_ids": [self.company_a.id, self.company_b.id]}
        values = {"template_id": self.template.id, "company_ids": [Command.set(self.company_a.ids)]}
        self.attack(
            self.manager_b,
            PUSH,
            "action_apply",
            lambda wizard_id: [[wizard_id]],
            steps=self.create_steps(values, context),
            context=context,
        )

    def test_manager_b_writes_a_into_its_wizard(self):
        self.login(self.manager_b)
        wizard_id = self.call_ok(
            self.manager_b,
            PUSH,
            "create",
            [{"template_id": self.template.id, "company_ids": [Command.set(self.company_b.ids)]}],
        )
        self.attack(
            self.manager_b,
            PUSH,
            "action_apply",
            [[wizard_id]],
            steps=[
                (PUSH, "write", [[wizard_id], {"company_ids": [Command.set(self.company_a.ids)]}], None, None)
            ],
        )

    def test_manager_b_adds_a_row_of_a(self):
        wizard_id = self.call_ok(
            self.manager_b,
            PUSH,
            "create",
            [{"template_id": self.template.id, "company_ids": [Command.set(self.company_b.ids)]}],
        )
        row = {
            "company_id": self.company_a.id,
            "kind": "added",
            "token": "x" * 32,
            "apply": True,
            "applicable": True,
        }
        self.attack(
            self.manager_b,
            PUSH,
            "action_apply",
            [[wizard_id]],
            steps=[(PUSH, "write", [[wizard_id], {"line_ids": [Command.create(row)]}], None, None)],
        )

    def test_manager_b_applies_a_wizard_of_a(self):
        wizard_id = self.call_ok(
            self.hr_manager,
            PUSH,
            "create",
            [{"template_id": self.template.id, "company_ids": [Command.set(self.company_a.ids)]}],
        )
        self.attack(self.manager_b, PUSH, "action_apply", [[wizard_id]])

    def test_officer_pushes(self):
        values = {"template_id": self.template.id, "company_ids": [Command.set(self.company_a.ids)]}
        self.attack(self.hr_officer, PUSH, "create", [values], errors=(ACCESS,))

    def test_manager_of_a_may(self):
        """The legitimate counterpart: A's HR manager applies A's differences."""
        wizard_id = self.call_ok(
            self.hr_manager,
            PUSH,
            "create",
            [{"template_id": self.template.id, "company_ids": [Command.set(self.company_a.ids)]}],
        )
        self.call_ok(self.hr_manager, PUSH, "action_apply", [[wizard_id]])
        self.assertIn(
            "Attack Renamed by the Standard?",
            self.target_job.with_context(lang="en_US").name,
            "the store's own name is not overwritten unless chosen",
        )
        self.assertEqual(
            {
                ch.kind
                for m in self.template._compare_differences(self.company_a)[self.company_a].matches()
                for ch in m.changes
            }
            - {"store_own", "store_changed"},
            set(),
        )
