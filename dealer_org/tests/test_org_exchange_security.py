"""Who may exchange organisations (issue 9).

Guards, with real users: an HR officer exports the organisation of a company they are allowed in,
and is refused (AccessError) for another company, whether chosen directly, through the context or
through departments and job positions of that company; users without HR rights export nothing;
only HR managers import a document (the wizard and the model method alike); nobody rewrites the
document of an imported template.
"""

import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import DealerOrgCase
from .test_org_exchange import GOOD


class TestOrgExchangeSecurity(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_a = cls.env["res.company"].create({"name": "Rights Store A"})
        cls.store_b = cls.env["res.company"].create({"name": "Rights Store B"})
        template = cls.env["dealer_org.org.template"].search([("code", "=", "generic_4s")])
        template._apply_to_company(cls.store_a)
        template._apply_to_company(cls.store_b)
        cls.officer = new_test_user(
            cls.env,
            "exchange_officer_a",
            groups="base.group_user,hr.group_hr_user",
            company_id=cls.store_a.id,
            company_ids=[Command.set(cls.store_a.ids)],
        )
        cls.employee = new_test_user(
            cls.env,
            "exchange_employee_a",
            groups="base.group_user",
            company_id=cls.store_a.id,
            company_ids=[Command.set(cls.store_a.ids)],
        )
        cls.manager = new_test_user(
            cls.env,
            "exchange_manager_a",
            groups="base.group_user,hr.group_hr_manager",
            company_id=cls.store_a.id,
            company_ids=[Command.set(cls.store_a.ids)],
        )

    def export(self, user, **values):
        wizard = self.env["dealer_org.org.export"].with_user(user).create(values)
        wizard.action_export()
        return wizard

    def test_officer_exports_own_company(self):
        wizard = self.export(self.officer, company_id=self.store_a.id)
        self.assertTrue(wizard.data)
        self.assertEqual(wizard.filename, "Rights_Store_A-organisation.xml")

    def test_officer_cannot_export_another_company(self):
        with self.assertRaises(AccessError):
            self.export(self.officer, company_id=self.store_b.id)

    def test_context_does_not_choose_another_company(self):
        Wizard = self.env["dealer_org.org.export"].with_user(self.officer)
        wizard = Wizard.with_context(active_model="res.company", active_id=self.store_b.id).create({})
        self.assertEqual(wizard.company_id, self.store_a)

    def test_departments_of_another_company_are_refused(self):
        foreign = self.env["hr.department"].search([("company_id", "=", self.store_b.id)], limit=1)
        with self.assertRaises(UserError):  # AccessError included
            self.export(self.officer, company_id=self.store_a.id, department_ids=[Command.set(foreign.ids)])

    def test_employee_cannot_export(self):
        with self.assertRaises(AccessError):
            self.export(self.employee, company_id=self.store_a.id)

    def test_officer_cannot_import(self):
        raw = GOOD.encode()
        with self.assertRaises(AccessError):
            self.env["dealer_org.org.import"].with_user(self.officer).create(
                {"document": base64.b64encode(raw)}
            )
        with self.assertRaises(AccessError):
            self.env["dealer_org.org.template"].with_user(self.officer)._import_organisation(raw)
        self.assertFalse(self.env["dealer_org.org.template"].search([("code", "=", "imported_store")]))

    def test_manager_imports_but_cannot_rewrite_the_document(self):
        template = (
            self.env["dealer_org.org.template"].with_user(self.manager)._import_organisation(GOOD.encode())
        )
        self.assertTrue(template.is_imported)
        other = GOOD.replace("Sales manager", "Sales boss").encode()
        with self.assertRaises(AccessError):
            template.write({"document": base64.b64encode(other)})
        self.assertEqual(base64.b64decode(template.sudo().document), GOOD.encode())
