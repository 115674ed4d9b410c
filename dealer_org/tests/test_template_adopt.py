"""Adopt, never duplicate; no guessing the company (issue 17, items 1 and 2).

Guards: a company's own department or job position that is the template's by name (Chinese or
English, whitespace and case aside; a job within the matching department, or the company's only
job of that name) is adopted by the Apply Organisation Template wizard and at install: it receives
the library code and the lines it lacks, and keeps its name, texts, employees and place; the
preview lists adoptions apart; HR can decline one (a new record is made); applying twice creates
nothing. At install, with several companies the default structure goes only to a company whose
organisation it adopts (a holding gets nothing and is pointed to the wizard); a lone company gets it,
its own organisation adopted.
"""

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.dealer_org.tools.library import expand_periods

from .common import DealerOrgCase

TEMPLATE = "standard_4s"
CONSULTANT = ("sales_consultant", "sales")


class AdoptCase(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env["dealer_org.org.template"].search([("code", "=", TEMPLATE)])
        cls.spec = cls.library.templates[TEMPLATE]
        cls.manager = new_test_user(
            cls.env,
            "adopt_hr_manager",
            groups="base.group_user,hr.group_hr_manager",
            company_id=cls.main_company.id,
            company_ids=[Command.set(cls.main_company.ids)],
        )

    def store(self, name):
        company = self.env["res.company"].create({"name": name})
        self.manager.sudo().company_ids = [Command.link(company.id)]
        return company

    def hr_made(self, company, department, job, lang="zh_CN", employees=3, parent=None):
        """What HR typed before dealer_org: a department, a job in it and its employees."""
        env = self.env(context={"lang": lang})
        dep = env["hr.department"].create({"name": department, "company_id": company.id, "parent_id": parent})
        position = env["hr.job"].create({"name": job, "company_id": company.id, "department_id": dep.id})
        people = env["hr.employee"].create(
            [
                {
                    "name": f"{job} {n}",
                    "company_id": company.id,
                    "department_id": dep.id,
                    "job_id": position.id,
                }
                for n in range(employees)
            ]
        )
        return dep, position, people

    def wizard(self, companies):
        return (
            self.env["dealer_org.template.apply"]
            .with_user(self.manager)
            .create({"template_id": self.template.id, "company_ids": [Command.set(companies.ids)]})
        )

    def records(self, model, company):
        return self.env[model].with_context(active_test=False).search([("company_id", "=", company.id)])

    def named(self, model, company, name):
        """The company's records of ``model`` named ``name`` in English or Chinese."""
        return self.records(model, company).filtered(lambda r: name in (self.en(r).name, self.zh(r).name))

    def raw_name(self, record):
        self.env.flush_all()
        self.env.cr.execute(f"SELECT name FROM {record._table} WHERE id = %s", [record.id])
        return self.env.cr.fetchone()[0]

    def placement_duties(self, key=CONSULTANT):
        placement = next(p for p in self.spec.jobs if (p.ref, p.department) == key)
        return expand_periods(self.spec.lines_for(placement, self.library.jobs[placement.ref].duties))


class TestWizardAdopts(AdoptCase):
    def test_chinese_names_adopted_with_their_employees(self):
        store = self.store("Adopt Store ZH")
        sales, consultant, people = self.hr_made(store, "销售部", " 销售顾问 ")
        names = (self.raw_name(sales), self.raw_name(consultant))
        wizard = self.wizard(store)
        preview = wizard._preview_counts()[store]
        self.assertEqual(preview["departments"], (len(self.spec.departments) - 1, 1, 0))
        self.assertEqual(preview["jobs"], (len(self.spec.jobs) - 1, 1, 0))
        self.assertEqual(
            sorted((a.kind, a.record_id, a.adopt) for a in wizard.adoption_ids),
            [("department", sales.id, True), ("job", consultant.id, True)],
        )
        self.assertIn("1 adopted", wizard.preview)
        wizard.action_apply()
        self.assertIn("1 departments and 1 job positions of yours adopted", wizard.summary)

        self.assertEqual(self.named("hr.department", store, "销售部"), sales, "no second 销售部")
        self.assertEqual(
            self.records("hr.job", store).filtered(lambda j: "销售顾问" in self.zh(j).name), consultant
        )
        self.assertEqual((sales.library_code, consultant.library_code), ("sales", "sales_consultant"))
        self.assertEqual((self.raw_name(sales), self.raw_name(consultant)), names, "names as HR typed them")
        self.assertEqual(people.job_id, consultant)
        self.assertEqual(people.department_id, sales)
        self.assertEqual(consultant.department_id, sales)
        self.assertFalse(sales.parent_id, "its place is kept (HR had it at the top)")
        self.assertEqual(len(self.records("hr.job", store)), len(self.spec.jobs))
        # It got the lines it lacked and its superior; the new jobs sit under HR's department.
        self.assertEqual(len(consultant.duty_ids), len(self.placement_duties()))
        self.assertEqual(len(consultant.kpi_ids), len(self.library.jobs["sales_consultant"].kpis))
        placement = next(p for p in self.spec.jobs if (p.ref, p.department) == CONSULTANT)
        qualifications = self.spec.lines_for(placement, self.library.jobs["sales_consultant"].qualifications)
        self.assertEqual(len(consultant.qualification_ids), len(qualifications))
        self.assertEqual(consultant.parent_id.library_code, "showroom_supervisor")
        self.assertEqual(consultant.parent_id.department_id, sales)
        self.assertEqual(
            consultant.headcount, next(p.headcount for p in self.spec.jobs if p.ref == "sales_consultant")
        )

        # Applying twice creates nothing: everything is already there.
        again = self.wizard(store)
        counts = again._preview_counts()[store]
        self.assertEqual(counts["departments"], (0, 0, len(self.spec.departments)))
        self.assertEqual(counts["jobs"], (0, 0, len(self.spec.jobs)))
        self.assertFalse(again.adoption_ids)
        jobs, duties = self.records("hr.job", store), self.records("dealer_org.job.duty", store)
        again.action_apply()
        self.assertIn("nothing was missing", again.summary)
        self.assertEqual(self.records("hr.job", store), jobs)
        self.assertEqual(self.records("dealer_org.job.duty", store), duties)

    def test_english_names_adopted(self):
        store = self.store("Adopt Store EN")
        sales, consultant, _people = self.hr_made(
            store, "Sales Department", "sales  consultant", lang="en_US"
        )
        self.wizard(store).action_apply()
        self.assertEqual((sales.library_code, consultant.library_code), ("sales", "sales_consultant"))
        self.assertEqual(self.en(consultant).name, "sales  consultant")
        self.assertEqual(len(self.named("hr.department", store, "Sales Department")), 1)

    def test_sales_is_not_sales_department_but_the_only_consultant_is_adopted(self):
        store = self.store("Adopt Store Sales")
        sales, consultant, people = self.hr_made(store, "Sales", "Sales Consultant", lang="en_US")
        self.wizard(store).action_apply()
        self.assertFalse(sales.library_code, "'Sales' is not 'Sales Department'")
        self.assertEqual(consultant.library_code, "sales_consultant")
        self.assertEqual(consultant.department_id, sales, "kept in HR's department")
        self.assertEqual(people.job_id, consultant)
        self.assertEqual(len(self.named("hr.job", store, "Sales Consultant")), 1, "no second one")
        # Applying twice still creates nothing, though it is not in the template's department.
        jobs = self.records("hr.job", store)
        self.wizard(store).action_apply()
        self.assertEqual(self.records("hr.job", store), jobs)

    def test_same_name_in_another_department(self):
        store = self.store("Adopt Store Two Consultants")
        sales, consultant, _p = self.hr_made(store, "销售部", "销售顾问")
        used, used_consultant, used_people = self.hr_made(store, "二手车部", "销售顾问", employees=1)
        self.wizard(store).action_apply()
        self.assertEqual(consultant.library_code, "sales_consultant")
        self.assertFalse(used_consultant.library_code, "the one elsewhere stays HR's own")
        self.assertFalse(used_consultant.duty_ids)
        self.assertEqual(used_people.job_id, used_consultant)
        self.assertEqual(len(self.named("hr.job", store, "销售顾问")), 2)

        # Two of the name, neither in the template's department: nothing guessed, a new one.
        other = self.store("Adopt Store Ambiguous")
        self.hr_made(other, "二手车部", "销售顾问", employees=0)
        self.hr_made(other, "网销部", "销售顾问", employees=0)
        self.wizard(other).action_apply()
        mine = self.named("hr.job", other, "销售顾问")
        self.assertEqual(len(mine), 3)
        self.assertEqual(len(mine.filtered("library_code")), 1)
        self.assertEqual(mine.filtered("library_code").department_id.library_code, "sales")

    def test_a_declined_adoption_creates_a_new_record(self):
        store = self.store("Adopt Store Declined")
        sales, consultant, people = self.hr_made(store, "销售部", "销售顾问")
        wizard = self.wizard(store)
        wizard.adoption_ids.filtered(lambda a: a.kind == "job").adopt = False
        self.assertEqual(wizard._preview_counts()[store]["jobs"], (len(self.spec.jobs), 0, 0))
        wizard.action_apply()
        self.assertEqual(sales.library_code, "sales", "the department still adopted")
        self.assertFalse(consultant.library_code)
        self.assertFalse(consultant.duty_ids)
        self.assertEqual(people.job_id, consultant)
        new = self.records("hr.job", store).filtered(lambda j: j.library_code == "sales_consultant")
        self.assertEqual(len(new), 1)
        self.assertNotEqual(new, consultant)
        self.assertEqual(new.department_id, sales)
        self.assertEqual(len(new.duty_ids), len(self.placement_duties()))
        # The declined record is not offered again.
        self.assertFalse(self.wizard(store).adoption_ids)

    def test_adopted_job_keeps_hr_texts_and_gets_only_what_it_lacks(self):
        store = self.store("Adopt Store Texts")
        _sales, consultant, _p = self.hr_made(store, "销售部", "销售顾问")
        duty = self.placement_duties()[0]
        consultant.write(
            {
                "responsibility_summary": "卖车",
                "headcount": 9,
                "duty_ids": [
                    Command.create({"name": duty.text.zh}),
                    Command.create({"name": "HR 自己的职责"}),
                ],
                "kpi_ids": [
                    Command.create(
                        {
                            "name": "HR KPI",
                            "code": "HR_OWN",
                            "weight": 100,
                            "period": self.library.jobs["sales_consultant"].kpis[0].period,
                            "minimum": 0,
                            "target": 1,
                            "maximum": 2,
                        }
                    )
                ],
            }
        )
        hr_duties = consultant.duty_ids
        self.wizard(store).action_apply()
        self.assertEqual((consultant.responsibility_summary, consultant.headcount), ("卖车", 9))
        self.assertLessEqual(hr_duties, consultant.duty_ids, "HR's duties kept")
        self.assertEqual(
            len(consultant.duty_ids), len(self.placement_duties()) + 1, "no duplicate of HR's text"
        )
        self.assertEqual(consultant.duty_ids.sorted()[:2], hr_duties.sorted(), "the added ones come after")
        period = self.library.jobs["sales_consultant"].kpis[0].period
        self.assertEqual(consultant.kpi_ids.filtered(lambda k: k.period == period).mapped("code"), ["HR_OWN"])
        consultant._check_kpi_weights()


class TestInstallAdopts(AdoptCase):
    """``_install_default_organisation`` on prepared companies, in the test transaction."""

    def install(self):
        return self.env["dealer_org.library"]._install_default_organisation()

    def test_holding_and_stores_nothing_guessed(self):
        holding = self.store("Adopt Holding")
        for name in ("投资部", "法务部", "人力资源部"):
            self.hr_made(holding, name, f"{name}经理", employees=0)
        self.hr_made(holding, "财务部", "会计", employees=1)
        store = self.store("Adopt Store With Org")
        sales, consultant, people = self.hr_made(store, "销售部", "销售顾问")
        empty = self.store("Adopt Store Empty")
        holding_jobs = self.records("hr.job", holding)
        main_jobs = self.records("hr.job", self.main_company)
        applied = self.install()
        self.assertNotIn(holding, applied)
        self.assertNotIn(empty, applied)
        self.assertIn(store, applied)
        self.assertEqual(self.records("hr.job", holding), holding_jobs, "nothing in the holding")
        self.assertFalse(self.records("hr.job", holding).filtered("library_code"))
        self.assertFalse(self.records("hr.job", empty))
        self.assertEqual(self.records("hr.job", self.main_company), main_jobs, "nothing new where it was")
        self.assertEqual((sales.library_code, consultant.library_code), ("sales", "sales_consultant"))
        self.assertEqual(people.job_id, consultant)
        self.assertEqual(len(self.records("hr.job", store)), len(self.spec.jobs))
        self.assertTrue(consultant.duty_ids)

    def test_single_company_with_its_own_organisation_adopted(self):
        """The lone company of an hr-only database: its organisation as HR typed it (here: the main
        company's, made HR's own by removing the library's marks) is adopted, nothing duplicated."""
        self.assertEqual(self.env["res.company"].search([]), self.main_company, "a database of one company")
        departments = self.records("hr.department", self.main_company).filtered("library_code")
        jobs = self.records("hr.job", self.main_company).filtered("library_code")
        consultant = jobs.filtered(lambda j: j.library_code == "sales_consultant")
        consultant.kpi_ids.unlink()
        consultant.duty_ids.unlink()
        for records in (departments, jobs):
            records.write({"library_code": False, "org_template_id": False, "source_ids": [Command.clear()]})
        departments.library_department_id = False
        jobs.library_job_id = False
        all_departments = self.records("hr.department", self.main_company)
        all_jobs = self.records("hr.job", self.main_company)
        self.assertEqual(self.install(), self.main_company)
        self.assertEqual(
            self.records("hr.department", self.main_company), all_departments, "nothing duplicated"
        )
        self.assertEqual(self.records("hr.job", self.main_company), all_jobs, "nothing duplicated")
        self.assertEqual(
            sorted(departments.mapped("library_code")), sorted(d.ref for d in self.spec.departments)
        )
        self.assertEqual(sorted(jobs.mapped("library_code")), sorted(p.ref for p in self.spec.jobs))
        self.assertEqual(len(consultant.duty_ids), len(self.placement_duties()), "the lines it lacked")
        self.assertEqual(len(consultant.kpi_ids), len(self.library.jobs["sales_consultant"].kpis))

    def test_settings_point_hr_to_the_wizard(self):
        Settings = self.env["res.config.settings"].with_user(self.env.ref("base.user_admin"))
        arch = Settings.get_view()["arch"]
        self.assertIn("action_dealer_org_apply_template", arch)
        self.assertIn("Apply an Organisation Template", arch)
        action = Settings.create({}).action_dealer_org_apply_template()
        self.assertEqual(action["res_model"], "dealer_org.template.apply")
