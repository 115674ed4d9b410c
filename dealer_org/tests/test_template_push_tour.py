from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTemplatePushTour(HttpCase):
    """In a real browser: an HR manager pushes the standard to two stores with a chosen subset
    (static/tests/tours/template_push_tour.js): only the duties the sales consultants lack are
    added; the other differences (a duty another job lacks, a store's own name) stay as they are."""

    def test_push_a_standard_to_two_stores(self):
        template = self.env["dealer_org.org.template"].search([("is_default", "=", True)])
        one, two = self.env["res.company"].create([{"name": "Push Store One"}, {"name": "Push Store Two"}])
        template._apply_to_companies(one | two)
        new_test_user(
            self.env,
            "template_push_manager",
            groups="base.group_user,hr.group_hr_manager",
            company_id=one.id,
            company_ids=[Command.set((one | two).ids)],
        )
        Job = self.env["hr.job"].with_context(lang="en_US")
        consultants = Job.search(
            [("company_id", "in", (one | two).ids), ("library_code", "=", "sales_consultant")]
        )
        self.assertEqual(len(consultants), 2)
        lacking = {job.id: job.duty_ids[:1].with_context(lang="en_US").name for job in consultants}
        for job in consultants:
            job.duty_ids[:1].unlink()
        other = Job.search(
            [
                ("company_id", "=", one.id),
                ("library_code", "!=", "sales_consultant"),
                ("duty_ids", "!=", False),
            ],
            limit=1,
        )
        other_lacks = other.duty_ids[:1].with_context(lang="en_US").name
        other.duty_ids[:1].unlink()
        other.name = "Our Own Name"
        # Both stores on in the company switcher, as HR works with several stores.
        self.start_tour(
            f"/odoo?cids={one.id}-{two.id}", "dealer_org_template_push_tour", login="template_push_manager"
        )
        for job in consultants:
            self.assertIn(lacking[job.id], job.duty_ids.with_context(lang="en_US").mapped("name"))
            self.assertIn(template.name, job.message_ids[:1].body)
        self.assertNotIn(other_lacks, other.duty_ids.with_context(lang="en_US").mapped("name"))
        self.assertEqual(other.name, "Our Own Name")
