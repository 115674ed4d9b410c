from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTemplateApplyTour(HttpCase):
    """In a real browser: an HR manager applies the default organisation template to a new
    store from the Employees configuration menu, reads the preview and the summary
    (static/tests/tours/template_apply_tour.js), opens the job hierarchy with the store selected
    in the company switcher (the store is not the user's current company), then prints a job
    description from a card of the store's job hierarchy; the store has the template's structure."""

    def test_hr_manager_applies_a_template_to_a_new_store(self):
        store = self.env["res.company"].create({"name": "Tour Store"})
        main = self.env.ref("base.main_company")
        new_test_user(
            self.env,
            "template_tour_manager",
            # An administrator who just created the store (and so reads every company): the store
            # is not the current company, the hierarchy must open with it selected.
            groups="base.group_user,hr.group_hr_manager,base.group_erp_manager",
            company_id=main.id,
            company_ids=[Command.set((main | store).ids)],
        )
        template = self.env["dealer_org.org.template"].search([("is_default", "=", True)])
        self.start_tour("/odoo", "dealer_org_template_apply_tour", login="template_tour_manager")
        jobs = self.env["hr.job"].search([("company_id", "=", store.id)])
        self.assertEqual(set(jobs.org_template_id.ids), set(template.ids))
        self.assertEqual(len(jobs), template.job_count)
        departments = self.env["hr.department"].search([("company_id", "=", store.id)])
        self.assertEqual(len(departments), template.department_count)
        self.assertTrue(jobs.duty_ids)
