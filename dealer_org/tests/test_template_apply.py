"""Applying an organisation template to companies with the wizard (issue 9).

Guards: an HR manager applies a template to one or several new companies and each receives
the template's departments, job positions (with their reporting lines and headcounts),
duties, qualifications and KPIs, all in that company; the preview announces exactly what
applying creates and what is already there; re-applying creates only what is missing and
keeps HR's edits; a company the manager is not allowed in is refused with an AccessError,
whatever ids or context the client sends, and nothing is written there; users who are not
HR managers cannot apply.
"""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from odoo.addons.dealer_org.tools.library import resolve_superiors

from .common import DealerOrgCase

TEMPLATE = "kia_4s"


class TestTemplateApply(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_a = cls.env["res.company"].create({"name": "Apply Store A"})
        cls.store_b = cls.env["res.company"].create({"name": "Apply Store B"})
        cls.foreign = cls.env["res.company"].create({"name": "Apply Foreign Store"})
        mine = cls.main_company | cls.store_a | cls.store_b
        cls.manager = new_test_user(
            cls.env,
            "apply_hr_manager",
            groups="base.group_user,hr.group_hr_manager",
            company_id=cls.main_company.id,
            company_ids=[Command.set(mine.ids)],
        )
        cls.officer = new_test_user(
            cls.env,
            "apply_hr_officer",
            groups="base.group_user,hr.group_hr_user",
            company_id=cls.main_company.id,
            company_ids=[Command.set(mine.ids)],
        )
        cls.template = cls.env["dealer_org.org.template"].search([("code", "=", TEMPLATE)])
        cls.spec = cls.library.templates[TEMPLATE]

    def wizard(self, companies, user=None, template=None, **context):
        Wizard = self.env["dealer_org.template.apply"].with_user(user or self.manager).with_context(**context)
        return Wizard.create(
            {"template_id": (template or self.template).id, "company_ids": [Command.set(companies.ids)]}
        )

    def records(self, company):
        """{kind: records of the company}, archived included."""
        env = self.env(context={"active_test": False})
        domain = [("company_id", "=", company.id)]
        return {
            "departments": env["hr.department"].search(domain),
            "jobs": env["hr.job"].search(domain),
            "duties": env["dealer_org.job.duty"].search(domain),
            "kpis": env["dealer_org.kpi"].search(domain),
            "qualifications": env["dealer_org.job.qualification"].search(domain),
        }

    def assert_structure(self, company):
        """The company has the template's whole structure, every record in the company."""
        records = self.records(company)
        self.assertEqual(len(records["departments"]), len(self.spec.departments))
        self.assertEqual(len(records["jobs"]), len(self.spec.jobs))
        self.assertTrue(records["duties"])
        self.assertEqual(records["departments"].parent_id.company_id, company)
        self.assertEqual(records["jobs"].department_id.company_id, company)
        self.assertEqual(records["jobs"].parent_id.company_id, company)
        self.assertEqual(records["duties"].job_id.company_id, company)
        self.assertEqual(records["kpis"].job_id.company_id | company, company)
        functions = records["jobs"].department_id.function_ids  # a template may give none
        self.assertEqual(functions.department_id.company_id | company, company)
        # Reporting lines and department tree as the template states them.
        job_of = {(j.library_code, j.department_id.library_code or None): j for j in records["jobs"]}
        for key, superior in resolve_superiors(self.spec).items():
            self.assertEqual(job_of[key].parent_id, job_of[superior], key)
        for placement in self.spec.jobs:
            job = job_of[(placement.ref, placement.department)]
            self.assertEqual(job.headcount, placement.headcount or 0)
        department_of = {d.library_code: d for d in records["departments"]}
        for department in self.spec.departments:
            self.assertEqual(department_of[department.ref].parent_id.library_code or None, department.parent)
        consultant = records["jobs"].filtered(lambda j: j.library_code == "sales_consultant")
        self.assertEqual(self.zh(consultant).name, "销售顾问")
        return records

    def test_apply_to_one_new_company(self):
        wizard = self.wizard(self.store_a)
        preview = wizard._preview_counts()[self.store_a]
        self.assertEqual(preview["departments"], (len(self.spec.departments), 0, 0))
        self.assertEqual(preview["jobs"], (len(self.spec.jobs), 0, 0))
        self.assertIn("Apply Store A", wizard.preview)
        action = wizard.action_apply()
        self.assertEqual((action["res_model"], action["res_id"]), (wizard._name, wizard.id))
        self.assertEqual(wizard.state, "done")
        records = self.assert_structure(self.store_a)
        # The preview announced exactly what was created.
        for kind in ("departments", "jobs", "duties", "kpis"):
            self.assertEqual(preview[kind][0], len(records[kind]), kind)
        self.assertIn(
            f"{len(self.spec.departments)} departments, {len(self.spec.jobs)} job positions, "
            f"{len(records['duties'])} duties",
            wizard.summary,
        )
        self.assertFalse(self.records(self.store_b)["jobs"], "only the chosen company")

    def test_apply_to_several_new_companies(self):
        wizard = self.wizard(self.store_a | self.store_b)
        preview = wizard._preview_counts()
        self.assertEqual(set(preview), {self.store_a, self.store_b})
        wizard.action_apply()
        first, second = self.assert_structure(self.store_a), self.assert_structure(self.store_b)
        for kind in ("departments", "jobs", "duties", "kpis", "qualifications"):
            self.assertEqual(len(first[kind]), len(second[kind]), kind)
        self.assertIn("Apply Store A", wizard.summary)
        self.assertIn("Apply Store B", wizard.summary)
        # The hierarchy opens with the new companies selected next to the current one (the web
        # client reads the active companies from the URL's cids, not from an action's context).
        hierarchy = wizard.with_context(allowed_company_ids=self.main_company.ids).action_open_jobs()
        self.assertEqual(hierarchy["type"], "ir.actions.act_url")
        path, cids = hierarchy["url"].split("?cids=")
        self.assertEqual(path, "/odoo/action-dealer_org.hr_job_hierarchy_action")
        self.assertEqual(cids, "-".join(map(str, (self.main_company | self.store_a | self.store_b).ids)))

    def test_reapply_adds_only_what_is_missing_and_keeps_edits(self):
        self.wizard(self.store_a).action_apply()
        before = self.records(self.store_a)
        jobs = before["jobs"].with_user(self.manager)
        consultant = jobs.filtered(lambda j: j.library_code == "sales_consultant")
        consultant.write({"name": "Product Genius", "headcount": 9})
        consultant.duty_ids[:1].unlink()
        kept_duties = len(consultant.duty_ids)
        before["departments"][-1:].with_user(self.manager).action_archive()
        removed = (jobs - consultant).filtered(lambda j: not j.child_ids and j.duty_ids)[:1]
        removed_key, removed_duties = (removed.library_code, removed.department_id.id), len(removed.duty_ids)
        removed.unlink()

        wizard = self.wizard(self.store_a)
        preview = wizard._preview_counts()[self.store_a]
        self.assertEqual(preview["departments"], (0, 0, len(self.spec.departments)))
        self.assertEqual(preview["jobs"], (1, 0, len(self.spec.jobs) - 1))
        self.assertEqual(preview["duties"][0], removed_duties)
        wizard.action_apply()

        after = self.records(self.store_a)
        self.assertEqual(after["departments"], before["departments"], "archived department not duplicated")
        self.assertEqual(len(after["jobs"]), len(before["jobs"]))
        recreated = after["jobs"] - before["jobs"]
        self.assertEqual((recreated.library_code, recreated.department_id.id), removed_key)
        self.assertEqual(len(recreated.duty_ids), removed_duties)
        self.assertEqual((consultant.name, consultant.headcount), ("Product Genius", 9))
        self.assertEqual(len(consultant.duty_ids), kept_duties, "a deleted duty stays deleted")
        self.assertIn(f"0 departments, 1 job positions, {removed_duties} duties", wizard.summary)

        third = self.wizard(self.store_a)
        third.action_apply()
        self.assertEqual(self.records(self.store_a)["jobs"], after["jobs"])
        self.assertIn("nothing was missing", third.summary)

    def test_a_foreign_company_is_refused(self):
        attempts = [
            lambda: self.wizard(self.foreign),
            lambda: self.wizard(self.store_a | self.foreign),
            lambda: self.wizard(self.foreign, allowed_company_ids=(self.main_company | self.foreign).ids),
            lambda: (
                self.env["dealer_org.template.apply"]
                .with_user(self.manager)
                .with_context(default_company_ids=self.foreign.ids)
                .create({"template_id": self.template.id})
            ),
        ]
        for attempt in attempts:
            # Refused when creating (the record rules on the wizard's companies) or applying.
            with self.assertRaisesRegex(
                AccessError, "companies you are allowed in|unauthorized|'create' access"
            ):
                wizard = attempt()
                self.assertNotIn("Apply Foreign Store", wizard.preview or "")
                self.assertNotIn(self.foreign, wizard._preview_counts())
                wizard.action_apply()
        self.assertFalse(self.records(self.foreign)["jobs"])
        self.assertFalse(self.records(self.foreign)["departments"])
        self.assertFalse(self.records(self.store_a)["jobs"], "nothing half-written")

    def test_only_hr_managers_apply(self):
        with self.assertRaises(AccessError):
            self.wizard(self.store_a, user=self.officer)
        forged = self.wizard(self.store_a).with_user(self.officer)
        with self.assertRaises(AccessError):
            forged.action_apply()
        self.assertFalse(self.records(self.store_a)["jobs"])
        employee = new_test_user(self.env, "apply_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.wizard(self.store_a, user=employee)

    def test_the_wizard_is_offered_where_hr_managers_look(self):
        action = self.env.ref("dealer_org.dealer_org_template_apply_action")
        menu = self.env.ref("dealer_org.dealer_org_template_apply_menu")
        self.assertEqual(menu.action, action)
        self.assertEqual(menu.groups_id, self.env.ref("hr.group_hr_manager"))
        for model, view in (
            ("dealer_org.org.template", "dealer_org.dealer_org_org_template_view_form"),
            ("res.company", "base.view_company_form"),
        ):
            arch = self.env[model].with_user(self.manager).get_view(self.env.ref(view).id, "form")["arch"]
            self.assertIn(f'name="{action.id}"', arch, model)
            arch = self.env[model].with_user(self.officer).get_view(self.env.ref(view).id, "form")["arch"]
            self.assertNotIn(f'name="{action.id}"', arch, model)
        wizard = (
            self.env["dealer_org.template.apply"]
            .with_user(self.manager)
            .with_context(default_company_ids=self.store_a.ids)
            .create({})
        )
        self.assertEqual(wizard.company_ids, self.store_a, "from the company form")
        self.assertTrue(wizard.template_id.is_default, "the default structure unless chosen")
