"""Push a standard to stores, and the library's updates (issues 19 and 17): one comparison.

Guards: an organisation exported from store A (the dealership structure only), edited (a job
renamed, a duty added, one changed, one removed), imported and pushed to store B, which has the
structure: B's job is renamed, the duty added, the changed one rewritten and the removed one
deleted, each only when chosen; B's own edit of a library duty is kept unless chosen; A's
departments that are not from templates do not travel; every applied change is noted on the job
with the template's name and in the wizard's log; a second push finds nothing left but what was
declined. The library updates offer only what the library has and the company's records lack,
take it per job, leave declined ones as they are (offered again), and offer nothing once taken.
The comparison reads the companies in a number of queries independent of their number.
"""

import copy

from lxml import etree

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.dealer_org.tools.org_compare import ADDED, CHANGED, REMOVED, RENAMED, STORE_CHANGED

from .test_org_exchange import ExchangeCase

CONSULTANT = "sales_consultant"


class PushCase(ExchangeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_c = cls.env["res.company"].create({"name": "Exchange Store C"})
        cls.manager.company_ids = [Command.link(cls.store_c.id)]
        cls.template._apply_to_companies(cls.store_a | cls.store_b | cls.store_c)
        # Store A's own department (not from a template), with a job.
        lab = cls.env["hr.department"].create({"name": "A Marketing Lab", "company_id": cls.store_a.id})
        cls.env["hr.job"].create(
            {"name": "Drone Pilot", "company_id": cls.store_a.id, "department_id": lab.id}
        )

    def job(self, company, code=CONSULTANT):
        return self.env["hr.job"].search([("company_id", "=", company.id), ("library_code", "=", code)])

    def push(self, template, companies, mode="standard", user=None):
        values = {"company_ids": [Command.set(companies.ids)], "mode": mode}
        if template:
            values["template_id"] = template.id
        return self.env["dealer_org.template.push"].with_user(user or self.manager).create(values)

    def rows(self, wizard, **where):
        return wizard.line_ids.filtered(lambda r: all(r[k] == v for k, v in where.items()))


class TestPushStandard(PushCase):
    def edited_export(self):
        """Store A's organisation (structure only), edited as the group's HR would: the consultant
        renamed, a duty added, one duty's deadline changed, one duty removed."""
        _wizard, raw = self.export(self.store_a, structure_only=True, template_code="group_standard")
        root = etree.fromstring(raw)
        job = root.find(f"jobs/job[@code='{CONSULTANT}']")
        job.find("name/en").text = "Sales Advisor"
        job.find("name/zh").text = "销售专员"
        duties = job.findall("duty")
        added = copy.deepcopy(duties[-1])
        added.find("en").text = "Call every customer on their car's birthday"
        added.find("zh").text = "在客户购车周年日致电问候"
        duties[-1].addnext(added)
        duties[1].set("within-days", "6")
        job.remove(duties[2])
        texts = {
            "changed": (duties[1].find("en").text, duties[1].find("zh").text),
            "removed": duties[2].find("en").text,
        }
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8"), texts

    def test_push_an_edited_standard_to_a_store(self):
        raw, texts = self.edited_export()
        self.assertNotIn(b"A Marketing Lab", raw, "structure only: A's own department stays home")
        self.assertNotIn(b"Drone Pilot", raw)
        standard = self.import_document(raw)
        consultant_b = self.job(self.store_b)
        # B edited a library duty itself (not one the standard changes).
        own_edit = consultant_b.duty_ids.filtered(
            lambda d: d.name not in (texts["changed"][0], texts["removed"])
        )[0]
        own_edit.deadline_days = 11
        own_line = self.env["dealer_org.job.duty"].create({"job_id": consultant_b.id, "name": "B's own duty"})

        wizard = self.push(standard, self.store_b)
        kinds = {(r.kind, r.line_kind) for r in wizard.line_ids}
        self.assertIn((RENAMED, "name"), kinds)
        self.assertEqual(
            {(r.kind, r.description) for r in self.rows(wizard, line_kind="duty") if r.kind != "store_own"},
            {
                (ADDED, "Call every customer on their car's birthday"),
                (CHANGED, texts["changed"][0]),
                (REMOVED, texts["removed"]),
                (STORE_CHANGED, own_edit.with_context(lang="en_US").name),
            },
            [
                (r.record_name, r.kind, r.line_kind, r.description, r.template_value, r.store_value)
                for r in wizard.line_ids
            ],
        )
        self.assertFalse(self.rows(wizard, kind="missing"), "B has the whole structure, A's lab is not in it")
        self.assertEqual(self.rows(wizard, kind="store_own").description, "B's own duty")
        self.assertFalse(self.rows(wizard, kind=STORE_CHANGED).apply, "the store's own edit is not chosen")
        self.assertTrue(all(r.apply for r in wizard.line_ids if r.kind in (ADDED, CHANGED, REMOVED, RENAMED)))
        self.env.invalidate_all()  # the rows as the database has them: the user's own
        wizard.action_apply()

        self.assertEqual(self.en(consultant_b).name, "Sales Advisor")
        self.assertEqual(self.zh(consultant_b).name, "销售专员")
        duties = self.zh(consultant_b.duty_ids)
        self.assertIn("在客户购车周年日致电问候", duties.mapped("name"))
        changed = consultant_b.duty_ids.filtered(lambda d: self.en(d).name == texts["changed"][0])
        self.assertEqual(changed.deadline_days, 6)
        self.assertNotIn(texts["removed"], self.en(consultant_b.duty_ids).mapped("name"))
        self.assertEqual(own_edit.deadline_days, 11, "B's own edit is kept")
        self.assertTrue(own_line.exists(), "B's own line is never touched")
        self.assertFalse(
            self.env["hr.department"].search(
                [("company_id", "=", self.store_b.id), ("name", "=", "A Marketing Lab")]
            )
        )
        note = consultant_b.message_ids[:1]
        self.assertIn("group_standard", standard.code)
        self.assertIn(standard.name, note.body)
        self.assertIn("Call every customer on their car", note.body)
        self.assertIn("Sales Advisor", wizard.log)

        again = self.push(standard, self.store_b)
        self.assertEqual(
            {r.kind for r in again.line_ids}, {STORE_CHANGED, "store_own"}, "only what was declined is left"
        )
        # Choosing the store's edit resets it to the standard; then nothing is left.
        again.line_ids.filtered(lambda r: r.kind == STORE_CHANGED).apply = True
        again.action_apply()
        self.assertNotEqual(own_edit.deadline_days, 11)
        self.assertEqual({r.kind for r in self.push(standard, self.store_b).line_ids}, {"store_own"})

    def test_kpis_changed_together_or_refused(self):
        """The standard moves 5 % of weight from SALES_TARGET to SSI and lowers SSI's minimum: the
        KPI changes are offered; one alone would leave the weights at 95 %: refused, nothing
        changed; both together are applied."""
        from odoo.exceptions import ValidationError

        _wizard, raw = self.export(self.store_a, structure_only=True, template_code="group_kpis")
        root = etree.fromstring(raw)
        job = root.find(f"jobs/job[@code='{CONSULTANT}']")
        job.find("kpi[@code='SALES_TARGET']").set("weight", "30")
        ssi = job.find("kpi[@code='SSI']")
        ssi.set("weight", "25")
        ssi.set("minimum", "70")
        standard = self.import_document(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
        consultant_b = self.job(self.store_b)
        wizard = self.push(standard, self.store_b)
        kpi_rows = self.rows(wizard, line_kind="kpi")
        self.assertEqual(set(kpi_rows.mapped("kind")), {CHANGED})
        self.assertEqual(
            len(kpi_rows), 2, [(r.description, r.template_value, r.store_value) for r in kpi_rows]
        )
        ssi_row = kpi_rows.filtered(lambda r: "minimum: 70" in r.template_value)
        self.assertIn("weight: 25", ssi_row.template_value)
        self.assertIn("weight: 20", ssi_row.store_value)
        wizard.line_ids.apply = False
        ssi_row.apply = True
        with self.assertRaises(ValidationError) as refused:  # rolled back, as a request would be
            wizard.action_apply()
        self.assertIn("100", str(refused.exception))
        self.env.invalidate_all()
        self.assertEqual(consultant_b.kpi_ids.filtered(lambda k: k.code == "SSI").weight, 20)
        kpi_rows.apply = True
        wizard.action_apply()
        kpis = {k.code: k for k in consultant_b.kpi_ids}
        self.assertEqual((kpis["SSI"].weight, kpis["SSI"].minimum, kpis["SALES_TARGET"].weight), (25, 70, 30))
        self.assertFalse(self.rows(self.push(standard, self.store_b), line_kind="kpi"))

    def test_adopt_hr_records_by_push(self):
        """A store whose HR typed 销售部 / 销售顾问: the push offers to adopt them and add their
        lines; the adopted job gets the library code, keeps its name, and is the standard's after."""
        store = self.env["res.company"].create({"name": "Exchange Store D"})
        self.manager.company_ids = [Command.link(store.id)]
        zh = self.env(context={"lang": "zh_CN"})
        dep = zh["hr.department"].create({"name": "销售部", "company_id": store.id})
        job = zh["hr.job"].create({"name": "销售顾问", "company_id": store.id, "department_id": dep.id})
        wizard = self.push(self.template, store)
        adopt = self.rows(wizard, kind="adopt")
        self.assertEqual(set(adopt.mapped("record_id")), {dep.id, job.id})
        wizard.line_ids.apply = False
        adopt.apply = True
        self.rows(wizard, record_id=job.id, kind=ADDED).apply = True
        wizard.action_apply()
        self.assertEqual(job.library_code, CONSULTANT)
        self.assertEqual(self.zh(job).name, "销售顾问")
        self.assertTrue(job.duty_ids and job.kpi_ids)
        self.assertFalse(
            self.env["hr.job"].search([("company_id", "=", store.id), ("id", "!=", job.id)]),
            "declined: nothing created",
        )
        again = self.push(self.template, store)
        self.assertFalse(self.rows(again, kind="adopt"))
        self.assertFalse(self.rows(again, record_id=job.id, kind=ADDED))

    def test_full_export_carries_other_departments(self):
        _wizard, raw = self.export(self.store_a, template_code="group_full")
        self.assertIn(b"A Marketing Lab", raw)
        wizard = self.push(self.import_document(raw), self.store_b)
        missing = self.rows(wizard, kind="missing")
        self.assertEqual(set(missing.mapped("record_name")), {"A Marketing Lab", "Drone Pilot"})
        # Declined: nothing created.
        missing.apply = False
        wizard.line_ids.filtered(lambda r: r.kind != "missing").apply = False
        wizard.line_ids[:1].filtered("applicable").apply = False
        self.assertEqual(wizard.chosen_count, 0)
        # Chosen for one store, the job brings its department.
        wizard = self.push(self.import_document_again(raw), self.store_b | self.store_c)
        wizard.line_ids.apply = False
        self.rows(wizard, kind="missing", record_name="Drone Pilot", company_id=self.store_c).apply = True
        wizard.action_apply()
        pilot = self.env["hr.job"].search(
            [("company_id", "=", self.store_c.id), ("name", "=", "Drone Pilot")]
        )
        self.assertEqual(pilot.department_id.name, "A Marketing Lab")
        self.assertFalse(
            self.env["hr.job"].search([("company_id", "=", self.store_b.id), ("name", "=", "Drone Pilot")])
        )

    def import_document_again(self, raw):
        return self.import_document(raw.replace(b'code="group_full"', b'code="group_full_2"'))

    def test_select_by_store_job_and_kind(self):
        job_b, job_c = self.job(self.store_b), self.job(self.store_c)
        (job_b.duty_ids[:1] | job_c.duty_ids[:1]).unlink()
        self.en(job_b | job_c).write({"name": "Renamed Here"})  # the stores' own names
        wizard = self.push(self.template, self.store_b | self.store_c)
        self.assertTrue(self.rows(wizard, kind=STORE_CHANGED))
        wizard.write({"filter_company_id": False, "filter_record": False, "filter_kind": False})
        wizard.action_unselect()
        self.assertEqual(wizard.chosen_count, 0)
        wizard.action_select()
        self.assertFalse(
            any(r.apply for r in self.rows(wizard, kind=STORE_CHANGED)), "select all keeps the store's"
        )
        wizard.action_unselect()
        wizard.write(
            {"filter_company_id": self.store_c.id, "filter_record": "consultant", "filter_kind": ADDED}
        )
        wizard.action_select()
        chosen = wizard.line_ids.filtered("apply")
        self.assertEqual(chosen.company_id, self.store_c)
        self.assertEqual(set(chosen.mapped("kind")), {ADDED})
        wizard.write({"filter_company_id": False, "filter_record": False, "filter_kind": STORE_CHANGED})
        wizard.action_select()
        self.assertTrue(all(r.apply for r in self.rows(wizard, kind=STORE_CHANGED)))

    def test_queries_do_not_grow_with_stores(self):
        stores = self.store_a | self.store_b | self.store_c
        counts = []
        for companies in (self.store_a, stores):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.template._compare_differences(companies)
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])


class TestLibraryUpdates(PushCase):
    def test_offered_taken_per_job_declined_kept(self):
        consultant_b, consultant_c = self.job(self.store_b), self.job(self.store_c)
        # The library has lines the stores' jobs lack (as after an upgrade that brought them).
        gained_b = self.en(consultant_b.duty_ids[:1]).name
        consultant_b.duty_ids[:1].unlink()
        gained_c = self.en(consultant_c.duty_ids[:1]).name
        consultant_c.duty_ids[:1].unlink()
        # An edit of the store is not a library update.
        consultant_b.duty_ids[:1].deadline_days = 13

        wizard = (
            self.env["dealer_org.template.push"]
            .with_user(self.manager)
            .with_context(default_mode="updates", dealer_org_all_my_companies=True)
            .create({})
        )
        self.assertLessEqual(self.store_b | self.store_c, wizard.company_ids)
        self.assertEqual(set(wizard.line_ids.mapped("kind")), {ADDED})
        offered = wizard.line_ids.filtered(lambda r: r.company_id in self.store_b | self.store_c)
        self.assertEqual(
            {(r.company_id, r.description) for r in offered},
            {(self.store_b, gained_b), (self.store_c, gained_c)},
        )
        self.assertTrue(all(r.template_id == self.template for r in offered))
        # Taken for B's job only; C's declined.
        wizard.line_ids.apply = False
        offered.filtered(lambda r: r.company_id == self.store_b).apply = True
        wizard.action_apply()
        self.assertIn(gained_b, self.en(consultant_b.duty_ids).mapped("name"))
        self.assertNotIn(gained_c, self.en(consultant_c.duty_ids).mapped("name"), "declined: untouched")
        self.assertEqual(consultant_b.duty_ids.filtered(lambda d: d.deadline_days == 13).ids.__len__(), 1)

        again = self.push(None, self.store_b | self.store_c, mode="updates")
        self.assertEqual({(r.company_id, r.description) for r in again.line_ids}, {(self.store_c, gained_c)})
        again.action_apply()
        self.assertFalse(self.push(None, self.store_b | self.store_c, mode="updates").line_ids)

    def test_settings_count_them(self):
        admin = self.env.ref("base.user_admin")
        admin.company_ids = [Command.link(self.store_b.id), Command.link(self.store_c.id)]

        def count(company):
            settings = self.env["res.config.settings"].with_user(admin).with_company(company)
            return settings.new({}).dealer_org_library_update_count

        before = count(self.store_b), count(self.store_c)
        self.job(self.store_b).duty_ids[:1].unlink()
        self.assertEqual(
            (count(self.store_b), count(self.store_c)), (before[0] + 1, before[1]), "its company's only"
        )

    def test_menu_opens_it(self):
        action = self.env.ref("dealer_org.dealer_org_library_updates_action")
        self.assertEqual(action.res_model, "dealer_org.template.push")
        self.assertIn("updates", action.context)
        menu = self.env.ref("dealer_org.dealer_org_library_updates_menu")
        self.assertEqual(menu.parent_id, self.env.ref("dealer_org.dealer_org_menu_config"))


class TestPushRights(PushCase):
    def test_officer_and_foreign_companies_refused(self):
        from odoo.exceptions import AccessError

        manager_b = new_test_user(
            self.env,
            "push_manager_b",
            groups="base.group_user,hr.group_hr_manager",
            company_id=self.store_b.id,
            company_ids=[Command.set(self.store_b.ids)],
        )
        with self.assertRaises(AccessError):
            self.push(self.template, self.store_a, user=manager_b)
        officer = new_test_user(
            self.env,
            "push_officer",
            groups="base.group_user,hr.group_hr_user",
            company_id=self.store_b.id,
            company_ids=[Command.set(self.store_b.ids)],
        )
        with self.assertRaises(AccessError):
            self.push(self.template, self.store_b, user=officer)
