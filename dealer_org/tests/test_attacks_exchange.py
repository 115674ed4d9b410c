"""Attacks on the organisation exchange, through JSON-RPC as real users.

Guards: company B's HR officer cannot export company A's organisation, whether by choosing the
company, departments or job positions of A, through a department of no company holding jobs
of A, or by forging the context; users without HR rights export nothing; HR officers cannot
import an organisation document, neither through the wizard nor by calling the template's
import method; nobody rewrites an imported template's document.
Each attack must be refused and change nothing.
"""

import base64

from .attack_common import ACCESS, AttackCase
from .test_org_exchange import GOOD

EXPORT = "dealer_org.org.export"
IMPORT = "dealer_org.org.import"
TEMPLATE = "dealer_org.org.template"


class TestAttacksExchange(AttackCase):
    def export_steps(self, values, context=None):
        return [(EXPORT, "create", [values], None, context)]

    def test_officer_b_exports_company_a(self):
        self.attack(
            self.officer_b,
            EXPORT,
            "action_export",
            lambda wizard_id: [[wizard_id]],
            steps=self.export_steps({"company_id": self.company_a.id}),
            errors=(ACCESS,),
        )

    def test_officer_b_exports_departments_of_company_a(self):
        values = {"company_id": self.company_b.id, "department_ids": [(6, 0, self.department.ids)]}
        self.attack(
            self.officer_b,
            EXPORT,
            "action_export",
            lambda wizard_id: [[wizard_id]],
            steps=self.export_steps(values),
        )

    def test_officer_b_exports_a_jobs_through_a_department_of_no_company(self):
        """A department without a company is nobody's: exporting it as B's would bring the jobs of
        A filed under it."""
        shared = self.env["hr.department"].create({"name": "Attack Shared Department", "company_id": False})
        self.env["hr.job"].create(
            {"name": "Attack Secret A Job", "company_id": self.company_a.id, "department_id": shared.id}
        )
        values = {"company_id": self.company_b.id, "department_ids": [(6, 0, shared.ids)]}
        self.attack(
            self.officer_b,
            EXPORT,
            "action_export",
            lambda wizard_id: [[wizard_id]],
            steps=self.export_steps(values),
            not_in_message=("Attack Secret A Job",),
        )

    def test_officer_b_exports_through_a_forged_context(self):
        context = {
            "active_model": "res.company",
            "active_id": self.company_a.id,
            "allowed_company_ids": [self.company_a.id, self.company_b.id],
        }
        self.attack(
            self.officer_b,
            EXPORT,
            "action_export",
            lambda wizard_id: [[wizard_id]],
            steps=self.export_steps({"company_id": self.company_a.id}, context),
            context=context,
        )

    def test_employee_exports(self):
        self.attack(
            self.employee_user, EXPORT, "create", [{"company_id": self.company_a.id}], errors=(ACCESS,)
        )

    def test_officer_imports_through_the_wizard(self):
        values = {"document": base64.b64encode(GOOD.encode()).decode(), "filename": "x.xml"}
        self.attack(self.hr_officer, IMPORT, "create", [values], errors=(ACCESS,))

    def test_officer_calls_the_import_method(self):
        self.attack(self.hr_officer, TEMPLATE, "_import_organisation", [GOOD], errors=(ACCESS,))

    def test_manager_rewrites_a_template_document(self):
        template = self.env[TEMPLATE].search([], limit=1)
        document = base64.b64encode(GOOD.encode()).decode()
        self.attack(
            self.hr_manager,
            TEMPLATE,
            "write",
            [template.ids, {"document": document, "is_imported": True}],
            errors=(ACCESS,),
        )
        self.assertFalse(template.is_imported)

    def test_officer_a_exports_company_a(self):
        """The legitimate counterpart: A's officer exports A."""
        wizard_id = self.call_ok(self.hr_officer, EXPORT, "create", [{"company_id": self.company_a.id}])
        self.call_ok(self.hr_officer, EXPORT, "action_export", [[wizard_id]])
        self.assertTrue(self.env[EXPORT].browse(wizard_id).data)
