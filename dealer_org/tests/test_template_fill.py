"""Templates a store can work with (issue 19): the quick-repair document describes structure
only (16 positions, no duties, no headcount). The template says so (on its form and in the Apply
preview), and Apply can fill each empty position from the library's equivalent job (a quick-repair
机修技师 from the repair technician), those lines marked adapted with their source document and
the job they come from, and suggest a headcount of 1 where the document gives none, marked as a
suggestion until HR changes it. HR's own lines and numbers are never overwritten; applying twice
adds nothing. Three stores: two new ones and one that received the template empty before.
"""

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.dealer_org.tools.template_fill import SUGGESTED_HEADCOUNT, fill_for, undocumented

from .common import DealerOrgCase


class TestTemplateFillLibrary(DealerOrgCase):
    """The library's side, without the ORM."""

    def test_quick_repair_jobs_have_no_duties_in_their_document(self):
        tpl = self.library.templates["quick_repair"]
        self.assertEqual(len(undocumented(tpl, self.library)), len(tpl.jobs))

    def test_mechanical_technician_fills_from_the_repair_technician(self):
        tpl = self.library.templates["quick_repair"]
        placement = next(p for p in tpl.jobs if p.ref == "mechanical_technician")
        fill = fill_for(tpl, self.library, placement)
        self.assertEqual(fill.job.code, "repair_technician")
        self.assertTrue(fill.duties)
        self.assertTrue(all(fill.source in duty.sources for duty in fill.duties), "one document's lines")

    def test_a_job_fills_first_from_its_own_other_documents(self):
        """The textbook's 总经理 has no duty in the textbook: the library's 总经理 of another
        document fills it (not a fill-from job)."""
        tpl = self.library.templates["textbook_4s"]
        placement = next(p for p in tpl.jobs if p.ref == "general_manager")
        fill = fill_for(tpl, self.library, placement)
        self.assertEqual(fill.job.code, "general_manager")
        self.assertNotIn(fill.source, tpl.sources)

    def test_documented_jobs_and_jobs_without_equivalent_are_not_filled(self):
        tpl = self.library.templates["quick_repair"]
        car_wash = next(p for p in tpl.jobs if p.ref == "car_wash_technician")
        self.assertIsNone(fill_for(tpl, self.library, car_wash))
        kia = self.library.templates["kia_4s"]
        consultant = next(p for p in kia.jobs if p.ref == "sales_consultant")
        self.assertIsNone(fill_for(kia, self.library, consultant))

    def test_every_fill_from_names_another_job_with_duties(self):
        for job in self.library.jobs.values():
            if job.fill_from:
                self.assertNotEqual(job.fill_from, job.code)
                self.assertTrue(self.library.jobs[job.fill_from].duties, job.code)


class TestTemplateFill(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_a = cls.env["res.company"].create({"name": "Fill Quick Repair A"})
        cls.store_b = cls.env["res.company"].create({"name": "Fill Quick Repair B"})
        cls.store_c = cls.env["res.company"].create({"name": "Fill Quick Repair C (applied before)"})
        cls.manager = new_test_user(
            cls.env,
            "fill_hr_manager",
            groups="base.group_user,hr.group_hr_manager",
            company_id=cls.main_company.id,
            company_ids=[Command.set((cls.main_company | cls.store_a | cls.store_b | cls.store_c).ids)],
        )
        cls.template = cls.env["dealer_org.org.template"].search([("code", "=", "quick_repair")])

    def wizard(self, companies, **values):
        return (
            self.env["dealer_org.template.apply"]
            .with_user(self.manager)
            .create({"template_id": self.template.id, "company_ids": [Command.set(companies.ids)], **values})
        )

    def jobs(self, company, code=None):
        domain = [("company_id", "=", company.id)] + ([("library_code", "=", code)] if code else [])
        return self.env["hr.job"].with_context(active_test=False).search(domain)

    def test_the_template_says_what_its_document_leaves_out(self):
        self.assertEqual(self.template.undocumented_job_count, 16)
        self.assertEqual(self.template.no_headcount_job_count, 16)
        self.assertEqual(self.template.fillable_job_count, 13)
        gaps = self.zh(self.template).gaps
        self.assertIn("机修技师", gaps)
        self.assertIn("维修技师", gaps)
        wizard = self.wizard(self.store_a)
        self.assertIn("16 jobs without duties in the source document", wizard.preview)
        standard = self.env["dealer_org.org.template"].search([("is_default", "=", True)])
        self.assertEqual(standard.no_headcount_job_count, 0)

    def test_without_the_options_apply_creates_the_structure_only(self):
        self.wizard(self.store_a).action_apply()
        jobs = self.jobs(self.store_a)
        self.assertEqual(len(jobs), 16)
        self.assertFalse(jobs.duty_ids)
        self.assertEqual(set(jobs.mapped("headcount")), {0})

    def test_apply_fills_duties_from_the_equivalent_job_marked_adapted(self):
        wizard = self.wizard(self.store_a | self.store_b, fill_duties=True, suggest_headcount=True)
        wizard.action_apply()
        repair_technician = self.env["dealer_org.library.job"].search([("code", "=", "repair_technician")])
        for store in (self.store_a, self.store_b):
            mechanic = self.jobs(store, "mechanical_technician")
            self.assertTrue(mechanic.duty_ids)
            self.assertTrue(all(mechanic.duty_ids.mapped("is_adapted")))
            self.assertEqual(mechanic.duty_ids.adapted_from_id, repair_technician)
            self.assertEqual(len(mechanic.duty_ids.source_ids), 1, "one document's lines, with their source")
            self.assertEqual(self.zh(mechanic).name, "机修技师", "the position keeps its own name")
            self.assertFalse(self.jobs(store, "car_wash_technician").duty_ids, "no equivalent: left empty")
            filled = self.jobs(store).filtered("duty_ids")
            self.assertEqual(len(filled), 13)
            # Headcount: the suggestion where the document gives none, marked.
            self.assertEqual(set(self.jobs(store).mapped("headcount")), {SUGGESTED_HEADCOUNT})
            self.assertTrue(all(self.jobs(store).mapped("headcount_suggested")))
        self.assertEqual(
            len(self.jobs(self.store_a).duty_ids),
            len(self.jobs(self.store_b).duty_ids),
            "same for every store",
        )
        self.assertIn(f"{len(self.jobs(self.store_a).duty_ids)} duties", wizard.summary)

    def test_a_store_applied_before_is_filled_without_overwriting_hr(self):
        self.wizard(self.store_c).action_apply()
        mechanic = self.jobs(self.store_c, "mechanical_technician")
        cashier = self.jobs(self.store_c, "checkout_cashier")
        own = self.env["dealer_org.job.duty"].create(
            {"job_id": cashier.id, "name": "Count the till every night"}
        )
        mechanic.headcount = 3
        self.wizard(self.store_c, fill_duties=True, suggest_headcount=True).action_apply()
        self.assertTrue(mechanic.duty_ids)
        self.assertEqual(cashier.duty_ids, own, "a job with HR's own duty is left as it is")
        self.assertEqual(
            (mechanic.headcount, mechanic.headcount_suggested), (3, False), "HR's headcount kept"
        )
        store_manager = self.jobs(self.store_c, "store_manager")
        self.assertEqual((store_manager.headcount, store_manager.headcount_suggested), (1, True))
        # Applying again adds nothing.
        duties = self.jobs(self.store_c).duty_ids
        self.wizard(self.store_c, fill_duties=True, suggest_headcount=True).action_apply()
        self.assertEqual(self.jobs(self.store_c).duty_ids, duties)

    def test_hr_changing_the_headcount_ends_the_suggestion(self):
        self.wizard(self.store_a, suggest_headcount=True).action_apply()
        manager = self.jobs(self.store_a, "store_manager").with_user(self.manager)
        self.assertTrue(manager.headcount_suggested)
        manager.headcount = 1
        self.assertFalse(manager.headcount_suggested)

    def test_open_the_hierarchy_with_the_applied_companies_selected(self):
        """The result reloads the client at the hierarchy's URL with the current companies plus
        the applied ones (Odoo 18's web client reads the active companies from ``cids``)."""
        wizard = self.wizard(self.store_a | self.store_b)
        wizard.action_apply()
        current = self.main_company | self.store_a
        action = wizard.with_context(allowed_company_ids=current.ids).action_open_jobs()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["target"], "self")
        self.assertEqual(
            action["url"],
            "/odoo/action-dealer_org.hr_job_hierarchy_action"
            f"?cids={self.main_company.id}-{self.store_a.id}-{self.store_b.id}",
        )
