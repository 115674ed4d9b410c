"""Every seed document, faithfully: its template, its duties, its words.

Guards what an HR person of each dealership relies on when setting up their store from the
document they know: the document has a template of its own; every department and job of that
template is named in the document or marked as the library's own choice (and so are reporting
lines and headcounts the document does not state); the reporting lines and sections the
documents do state are there; every duty line of a document is given to its job by a template
of that document; a template gives only the lines of its own documents (brand lines only to
their brand, the adapted wording to the others); and applying a template to a company creates
exactly those lines.
"""

import re
from unittest import TestCase

from odoo.addons.dealer_org.tools.library import expand_periods, load_library

from .common import DealerOrgCase
from .seed_documents import layout_free, read_seed, split_documents

# Names a document uses for a library department of another wording.
ALIASES = {"售后服务部": ("售后部", "服务部门")}

# Reporting lines the documents state: template -> {job: superior}.
STATED_SUPERIORS = {
    "textbook_4s": {
        "customer_service_manager": "general_manager",  # 上级:总经理
        "internal_trainer": "technical_manager",  # 上级:技术经理
        "computer_system_administrator": "service_director",  # 上级:服务总监
        "deputy_general_manager": "general_manager",  # the chart: 总经理 over 副总经理
    },
    "quick_repair": {
        "beauty_supervisor": "store_manager",
        "repair_supervisor": "store_manager",
        "customer_service_supervisor": "store_manager",
        "car_wash_technician": "beauty_supervisor",
        "mechanical_technician": "repair_supervisor",
        "checkout_cashier": "customer_service_supervisor",
    },
    "multi_brand_dealer": {"sales_consultant": "sales_manager"},  # 协助销售经理完成销售目标
    "generic_4s": {"sales_consultant": "sales_manager"},  # 销售经理: 负责销售团队的管理
    "generic_4s_repair": {
        "technician": "repair_supervisor",  # 维修主管是维修部门的管理者
        "sales_consultant": "sales_manager",  # 销售经理是销售部门的管理者
    },
    "honda_4s": {"sales_consultant": "sales_supervisor"},
    "nev_sales_2024_b": {"vice_chairman": "chairman"},  # 协助董事长
}
# Sections the documents state: template -> {department: parent}.
STATED_SECTIONS = {
    "service_company": {
        "sales": "executive_management",
        "purchasing": "executive_management",
        "aftersales": "executive_management",
        "administration": "executive_management",
        "general_affairs": "administration",
        "personnel": "administration",
        "finance": "administration",
    },
    "quick_repair": {
        "detailing_section": "quick_repair_shop",
        "repair_section": "quick_repair_shop",
        "customer_service_desk": "quick_repair_shop",
    },
    "nev_sales_2024_a": {
        "sales_team": "sales_and_marketing",
        "marketing_team": "sales_and_marketing",
        "rd_team": "rd_and_production",
        "production_team": "rd_and_production",
        "supply_chain_team": "supply_chain_and_procurement",
        "procurement_team": "supply_chain_and_procurement",
        "finance_team": "finance_and_accounting",
        "accounting_team": "finance_and_accounting",
        "hr_team": "human_resources",
    },
}
# The only headcounts the documents state ("1人").
STATED_HEADCOUNTS = {
    ("textbook_4s", "customer_service_manager"): 1,
    ("textbook_4s", "internal_trainer"): 1,
    ("textbook_4s", "computer_system_administrator"): 1,
}


def named(zh, text):
    """Whether a document names a department or job (a department may drop 部 or say 部门)."""
    if any(alias in text for alias in ALIASES.get(zh, ())):
        return True
    zh = re.sub(r"\s", "", zh)
    stem = re.sub(r"(部门|部)$", "", zh) if len(zh) > 2 else zh
    return zh in text or (len(stem) >= 2 and stem + "部门" in text)


class TestDocumentTemplates(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.library = load_library()
        seed = read_seed()
        cls.documents = (
            split_documents(seed, [(s.code, s.title.zh) for s in cls.library.sources.values()])
            if seed
            else None
        )

    def _documents(self):
        if self.documents is None:
            self.skipTest("seed documents not found (set DEALER_ORG_SEEDS)")
        return self.documents

    def test_every_document_has_a_template_of_its_own(self):
        own = {t.sources[0] for t in self.library.templates.values() if len(t.sources) == 1}
        kia_copies = {"s04", "s13", "s19"}  # one dealership, three copies of its document
        self.assertTrue(kia_copies <= set(self.library.templates["kia_4s"].sources))
        self.assertEqual(own | kia_copies, set(self.library.sources))
        for code in ("s11", "s15", "s17", "s02", "s08"):
            self.assertIn(code, own, f"{code} has a template of its own")

    def test_identical_titles_are_told_apart(self):
        titles = [s.title.zh for s in self.library.sources.values()]
        self.assertEqual(len(titles), len(set(titles)))
        english = [s.title.en for s in self.library.sources.values()]
        self.assertEqual(len(english), len(set(english)))
        self.assertIn("乱码", self.library.sources["s04"].title.zh, "the garbled copy says so")
        self.assertIn("garbled", self.library.sources["s04"].title.en)

    def test_departments_and_jobs_are_the_documents_or_marked(self):
        documents = self._documents()
        for tpl in self.library.templates.values():
            text = "".join(documents[s] for s in tpl.sources)
            for dep in tpl.departments:
                with self.subTest(template=tpl.code, department=dep.ref):
                    if "department" not in dep.choices:
                        self.assertTrue(named(self.library.departments[dep.ref].name.zh, text))
                    else:
                        self.assertFalse(named(self.library.departments[dep.ref].name.zh, text))
            for job in tpl.jobs:
                entry = self.library.jobs[job.ref]
                with self.subTest(template=tpl.code, job=job.ref):
                    if "job" not in job.choices:
                        self.assertTrue(named(entry.name.zh, text), entry.name.zh)
                        self.assertFalse(entry.inferred)
                    if entry.inferred:
                        self.assertIn("job", job.choices)
                        self.assertTrue(entry.inference, "an inferred title says why")

    def test_the_invented_root_department_is_marked(self):
        for tpl in self.library.templates.values():
            for dep in tpl.departments:
                if dep.ref == "general_management":  # 总经理室: in no document
                    self.assertIn("department", dep.choices, tpl.code)
                if dep.parent == "general_management":
                    self.assertIn("parent", dep.choices, tpl.code)

    def test_stated_reporting_lines_are_there_and_the_others_marked(self):
        for tpl in self.library.templates.values():
            stated = STATED_SUPERIORS.get(tpl.code, {})
            superiors = {j.ref: j.superior for j in tpl.jobs}
            for ref, superior in stated.items():
                self.assertEqual(superiors.get(ref), superior, f"{tpl.code}: {ref}")
            for job in tpl.jobs:
                if job.superior and job.ref not in stated and tpl.code not in ("quick_repair",):
                    self.assertIn("superior", job.choices, f"{tpl.code}: {job.ref} -> {job.superior}")

    def test_stated_sections_are_there(self):
        for code, sections in STATED_SECTIONS.items():
            parents = {d.ref: d.parent for d in self.library.templates[code].departments}
            for ref, parent in sections.items():
                self.assertEqual(parents.get(ref), parent, f"{code}: {ref}")
        shop = self.library.templates["quick_repair"]
        placed = {j.ref: j.department for j in shop.jobs}
        self.assertEqual(placed["car_wash_technician"], "detailing_section")
        self.assertEqual(placed["mechanical_technician"], "repair_section")
        self.assertEqual(placed["checkout_cashier"], "customer_service_desk")

    def test_only_the_stated_headcounts_are_the_documents(self):
        for tpl in self.library.templates.values():
            for job in tpl.jobs:
                key = (tpl.code, job.ref)
                if key in STATED_HEADCOUNTS:
                    self.assertNotIn("headcount", job.choices, key)
                    self.assertEqual(job.headcount, STATED_HEADCOUNTS[key], key)
                elif job.headcount is not None:
                    self.assertIn("headcount", job.choices, key)

    def test_every_duty_line_of_a_document_reaches_its_job(self):
        """A template of the document gives each of its duty lines to the job it belongs to."""
        given = set()
        for tpl in self.library.templates.values():
            for placement in tpl.jobs:
                for line in tpl.lines_for(placement, self.library.jobs[placement.ref].duties):
                    given.update((code, placement.ref, line.text.zh) for code in line.sources)
        missing = []
        for job in self.library.jobs.values():
            for line in job.duties:
                if line.brand or line.adapted:
                    continue  # checked below: one of the pair reaches every template
                for code in line.sources:
                    own = [t for t in self.library.templates.values() if code in t.sources]
                    if own and (code, job.code, line.text.zh) not in given:
                        missing.append((code, job.code, line.text.zh))
        self.assertFalse(missing, f"{len(missing)} lines no template of their document gives: {missing[:5]}")

    def test_a_template_gives_only_its_documents_lines(self):
        for tpl in self.library.templates.values():
            for placement in tpl.jobs:
                documents = set(placement.lines_from or tpl.sources)
                for line in tpl.lines_for(placement, self.library.jobs[placement.ref].duties):
                    self.assertTrue(documents & set(line.sources), f"{tpl.code}: {line.text.zh}")
                    self.assertFalse(line.brand and line.brand != tpl.brand, f"{tpl.code}: {line.text.zh}")
                    self.assertFalse(line.adapted and tpl.brand, f"{tpl.code}: {line.text.zh}")

    def test_the_default_is_curated_and_brand_neutral(self):
        tpl = self.library.default_template
        self.assertIn("adapted", tpl.description.en)
        for placement in tpl.jobs:
            lines = tpl.lines_for(placement, self.library.jobs[placement.ref].duties)
            texts = [d.text.zh for d in lines]
            self.assertEqual(len(texts), len(set(texts)), placement.ref)
            for text in texts:
                self.assertNotIn("东风悦达起亚", text, placement.ref)
        consultant = next(p for p in tpl.jobs if p.ref == "sales_consultant")
        lines = tpl.lines_for(consultant, self.library.jobs["sales_consultant"].duties)
        self.assertEqual({s for d in lines for s in d.sources}, {"s19"}, "one document's lines")
        meetings = [d for d in lines if "晨会" in d.text.zh]
        self.assertEqual(len(meetings), 1, "one morning-meeting line, not one per document")
        neutral = "每日实施客户邀约与展厅接待,确保正确执行厂家规定的销售流程"
        kia_line = "每日实施客户邀约与展厅接待,确保正确执行“东风悦达起亚体验式销售流程”"
        self.assertIn(neutral, [d.text.zh for d in lines])
        kia = self.library.templates["kia_4s"]
        kia_consultant = next(p for p in kia.jobs if p.ref == "sales_consultant")
        kia_lines = kia.lines_for(kia_consultant, self.library.jobs["sales_consultant"].duties)
        self.assertIn(kia_line, [d.text.zh for d in kia_lines])
        self.assertNotIn(neutral, [d.text.zh for d in kia_lines])

    def test_department_functions_assigned_to_posts_are_their_duties(self):
        jobs = self.library.jobs

        def s03(code):
            return [d.text.zh for d in jobs[code].duties if "s03" in d.sources]

        self.assertEqual(len(jobs["general_manager"].duties), 17)
        self.assertEqual(len(s03("general_manager")), 11)
        self.assertIn("实施公司年度经营计划和投资方案,实现年度经营目标", s03("general_manager"))
        self.assertEqual(s03("manager"), s03("general_manager"), "总经理、经理: one block, both posts")
        self.assertIn("文件的拟、收、发、存", s03("administrative_assistant"))
        for code in ("accountant", "cashier"):
            self.assertIn("财务预算编制、执行、检查与分析", s03(code))
        hr = jobs["hr_admin_manager"]
        self.assertTrue(hr.inferred)
        self.assertEqual(len(hr.duties), 6)
        self.assertIn("负责公司固定资产及办公用品的管理工作", [d.text.zh for d in hr.duties])

    def test_fused_bullets_are_two_lines(self):
        key_account = [d.text.zh for d in self.library.jobs["key_account_supervisor"].duties]
        self.assertIn("定期研究行业竞争对手及合作伙伴的大客户政策", key_account)
        self.assertIn("制定专营店大客户销售政策,定期制做大客户销售报告", key_account)
        workshop = [d.text.zh for d in self.library.jobs["workshop_supervisor"].duties]
        self.assertIn("合理调配并管理车间内人员、工位、设施和资源", workshop)
        self.assertIn("控制车间服务流程,并确保标准服务流程得以有效执行", workshop)


class TestApplyDocumentTemplates(DealerOrgCase):
    """Applying a document's template to a company creates its structure and its lines."""

    def _apply(self, code):
        Template = self.env["dealer_org.org.template"].with_context(active_test=False)
        template = Template.search([("code", "=", code)])
        if not template:
            self.skipTest(f"HR deleted the template {code} in this database")
        company = self.env["res.company"].create({"name": f"Store {code}"})
        return company, template._apply_to_company(company)

    def test_each_template_creates_its_documents_lines(self):
        for tpl in self.library.templates.values():
            if tpl.is_default:
                continue  # the main company holds it since install (test_install)
            with self.subTest(template=tpl.code):
                company, jobs = self._apply(tpl.code)
                self.assertEqual(len(jobs), len(tpl.jobs))
                departments = self.env["hr.department"].search([("company_id", "=", company.id)])
                self.assertEqual(
                    sorted(departments.mapped("library_code")), sorted(d.ref for d in tpl.departments)
                )
                by_key = {(j.library_code, j.department_id.library_code or None): j for j in jobs}
                for placement in tpl.jobs:
                    job = by_key[(placement.ref, placement.department)]
                    duties = self.library.jobs[placement.ref].duties
                    expected = expand_periods(tpl.lines_for(placement, duties))
                    self.assertEqual(self.zh(job).duty_ids.mapped("name"), [d.text.zh for d in expected])
                    if placement.superior:
                        self.assertEqual(job.parent_id.library_code, placement.superior)
                for department in departments:
                    entry = self.library.departments[department.library_code]
                    expected = [f.text.zh for f in entry.functions if set(f.sources) & set(tpl.sources)]
                    self.assertEqual(self.zh(department).function_ids.mapped("name"), expected)

    def test_periods_reach_the_store(self):
        """年、季、月 gives a monthly, a quarterly and a yearly duty; 试乘试驾结束后 an event duty that is
        no checklist item."""
        _company, jobs = self._apply("kia_4s")
        manager = jobs.filtered(lambda j: j.library_code == "sales_manager")
        plans = manager.duty_ids.filtered(lambda d: "年、季、月" in self.zh(d).name)
        self.assertEqual(sorted(plans.mapped("period")), ["monthly", "quarterly", "yearly"])
        self.assertTrue(all(plans.mapped("checklist_item")))
        driver = jobs.filtered(lambda j: j.library_code == "test_drive_specialist")
        after = driver.duty_ids.filtered(lambda d: self.zh(d).name.startswith("试乘试驾结束后"))
        self.assertEqual(set(after.mapped("period")), {"event"})
        self.assertFalse(any(after.mapped("checklist_item")))
        self.assertEqual(set(self.en(after).mapped("event")), {"after the test drive"})

    def test_quick_repair_jobs_sit_in_their_sections(self):
        _company, jobs = self._apply("quick_repair")
        washer = jobs.filtered(lambda j: j.library_code == "car_wash_technician")
        self.assertEqual(self.zh(washer.department_id).name, "美容")
        self.assertEqual(washer.department_id.parent_id.library_code, "quick_repair_shop")

    def test_the_form_marks_the_librarys_choices(self):
        template = self.env["dealer_org.org.template"].search([("code", "=", "standard_4s")])
        self.assertGreater(template.choice_count, 0)
        self.assertIn("choice: not in the source documents", template.structure)
        self.assertIn("reporting line", template.structure)
        s02 = self.env["dealer_org.org.template"].search([("code", "=", "generic_4s")])
        spec = self.library.templates["generic_4s"]
        self.assertEqual(s02.choice_count, sum(len(e.choices) for e in spec.departments + spec.jobs))


class TestDocumentKpis(TestCase):
    """The KPIs the documents state are on their jobs, in the documents' words and periods."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.library = load_library()
        seed = read_seed()
        cls.documents = (
            split_documents(seed, [(s.code, s.title.zh) for s in cls.library.sources.values()])
            if seed
            else None
        )

    def kpi(self, job, code):
        return next(k for k in self.library.jobs[job].kpis if k.code == code)

    def test_quotes_are_the_documents_words(self):
        if self.documents is None:
            self.skipTest("seed documents not found (set DEALER_ORG_SEEDS)")
        owners = list(self.library.jobs.values()) + list(self.library.departments.values())
        for owner in owners:
            for kpi in owner.kpis:
                with self.subTest(owner=owner.code, kpi=kpi.code):
                    if "kpi" in kpi.choices:
                        self.assertIsNone(kpi.quote, "the library's own indicator quotes no document")
                        continue
                    text = "".join(self.documents[s] for s in kpi.sources)
                    self.assertIn(layout_free(kpi.quote.zh), text)

    # The indicators the documents state, on their jobs: job -> {KPI code: a document stating it}.
    STATED = {
        "general_manager": {"BUSINESS_TARGET": "s03"},
        "customer_service_manager": {
            "RECOMMENDATION_RATE": "s19",
            "CUSTOMER_SATISFACTION": "s09",
            "CRM_REPORT": "s19",
        },
        "customer_service_specialist": {"FOLLOW_UP_3D": "s19", "EVENT_INVITATIONS": "s19"},
        "csi_ssi_administrator": {"CSI": "s19", "SSI": "s19"},
        "marketing_manager": {"MARKETING_PLAN": "s19", "PROMOTION_EFFECT": "s12"},
        "marketing_activity_planning_specialist": {"ASSIGNED_TASKS": "s19"},  # 按要求完成下达任务
        "value_added_business_supervisor": {"TEAM_TARGETS": "s19", "ANNUAL_PLAN": "s19"},
        "used_car_supervisor": {"USED_CAR_PLAN_M": "s19", "USED_CAR_PLAN_Q": "s19", "USED_CAR_PLAN_Y": "s19"},
        "parts_supervisor": {"PARTS_TARGET": "s19", "PARTS_5S": "s19"},
        "workshop_supervisor": {"OPERATING_TARGETS": "s19", "WORKSHOP_5S": "s19"},
        "test_drive_specialist": {"TEST_DRIVE_CARS": "s19", "TEST_DRIVE_FEEDBACK": "s19"},
        "vehicle_inventory_administrator": {"STOCK_COUNT": "s19", "STOCK_REPORT": "s19"},
        "sales_manager": {
            "SALES_TARGET": "s11",
            "SSI": "s11",
            "TEAM_BUILDING": "s11",
            "INVENTORY_STRUCTURE": "s19",
            "COMPLAINTS": "s19",
        },
        "showroom_supervisor": {"SEVEN_DC": "s19", "LOST_ANALYSIS": "s19"},
        "key_account_supervisor": {"KEY_ACCOUNT_SALES": "s19", "KEY_ACCOUNT_REBATE": "s19"},
        "key_account_specialist": {"KEY_ACCOUNT_RESULTS": "s19"},
        "secondary_outlet_supervisor": {"OUTLET_SALES": "s19"},
        "front_desk_receptionist": {"VISITOR_LOG": "s19"},
        "used_car_specialist": {"TRADE_IN": "s19"},
        "seed_trainer": {"TRAINING_RATE": "s19", "TRAINING_ATTENDANCE": "s19"},
        "insurance_accessories_specialist": {"ACCESSORY_SALES": "s19", "INSURANCE_RENEWAL": "s19"},
        "aftersales_manager": {"AFTERSALES_TARGET": "s19", "CSI": "s19", "TRAINING_PLAN": "s19"},
        "sales_consultant": {
            "SALES_TARGET": "s17",  # 协助销售经理完成销售目标
            "LOST_ANALYSIS": "s19",
            "TRAINING_ATTENDANCE": "s19",
            "DELIVERY_FOLLOW_UP": "s06",  # 确实执行交车后跟踪
        },
        "sales_support": {"CONTRACT_COMPLIANCE": "s02", "DISPLAY_CARS": "s02"},  # 确保合同的合规…
        "service_advisor": {"COMPLAINTS": "s02", "PROGRESS_UPDATES": "s02"},  # 及时通知客户…进展情况
        "technical_engineer": {"REPAIR_QUALITY": "s02"},  # 确保车辆的正常运行
        "customer_relationship_manager": {"COMPLAINTS": "s08", "CUSTOMER_LOYALTY": "s08"},
        "repair_supervisor": {"REPAIR_QUALITY": "s08"},  # 监督维修质量
        "parts_warehouse_keeper": {"STOCK_ACCURACY": "s08"},  # 保证配件的安全和准确性
        "executive_president": {"GOALS_AND_PROFIT": "s05"},  # 确保实现组织的目标和利润
        "repair_department_head": {"REPAIR_ON_TIME": "s05"},  # 确保维修工作的及时完成
        "maintenance_department_head": {"SERVICING_PLAN": "s05"},  # 监督保养工作的执行
        "salesperson": {"SALES_TARGET": "s05"},  # 并完成销售目标
        "repair_technician": {"CUSTOMER_SATISFACTION": "s15", "REPAIR_QUALITY": "s05"},
        "sales_director": {"SALES_PERFORMANCE": "s07"},
        "production_director": {"PRODUCTION_EFFICIENCY": "s07", "PRODUCTION_QUALITY": "s07"},
        "supply_chain_director": {"SUPPLY_STABILITY": "s07"},
        "procurement_director": {"PROCUREMENT_COST": "s07", "PROCUREMENT_QUALITY": "s07"},
        "rd_director": {"PRODUCT_QUALITY": "s07", "INNOVATION": "s07"},  # 确保产品质量和创新
        "finance_director": {"BUDGET_CONTROL": "s07"},  # 预算控制
        "accounting_director": {"COMPLIANCE": "s07"},  # 确保财务合规和税务事务
        "aftersales_service_staff": {"CUSTOMER_SATISFACTION": "s11"},  # 能够确保客户满意度
        "auto_parts_administrator": {"STOCK_ACCURACY": "s11"},
        "marketing_director": {"MARKETING_TASKS": "s12"},  # 确保市场营销任务的完成
        "marketing_specialist": {"EVENT_QUALITY": "s12", "MATERIALS_UPDATED": "s12"},
        "aftersales_service_engineer": {"SERVICE_EXPERIENCE": "s17", "COMPLAINTS_HANDLED": "s17"},
    }
    # Targets a document sets for a department as a whole: department -> {KPI code: document}.
    STATED_DEPARTMENT = {
        "sales": {"SALES_TARGET": "s10"},  # 完成销售目标
        "finance": {"ANNUAL_FINANCIAL_PLAN": "s10", "COST_CONTROL": "s15"},  # 负责财务管理和成本控制
        "purchasing_center": {"PROJECT_MARGIN": "s14"},
        "media": {"PLAN_COSTS": "s14"},  # 成本的把控
        "customer_relations": {"CUSTOMER_SATISFACTION": "s16"},  # 客户满意度调查
        "information_center": {"ANNUAL_PLAN": "s01", "INFORMATION_INTEGRITY": "s01"},
    }
    # Other documents stating an indicator already defined from another document's words.
    ALSO_STATED = {
        ("sales_manager", "SALES_TARGET"): {"s02", "s08", "s12", "s17"},  # 销售业绩的达成, 确保销售目标的实现
        ("sales_director", "SALES_PERFORMANCE"): {"s12"},  # 确保销售目标的达成
    }

    def _assert_stated(self, owners, stated, kind):
        for owner, codes in stated.items():
            kpis = {k.code: k for k in owners[owner].kpis}
            for code, source in codes.items():
                with self.subTest(kind=kind, owner=owner, kpi=code):
                    self.assertIn(code, kpis)
                    self.assertNotIn("kpi", kpis[code].choices, "the document's indicator")
                    self.assertIn(source, kpis[code].sources)
                    self.assertIsNotNone(kpis[code].quote)

    def test_stated_kpis_are_on_their_jobs(self):
        self._assert_stated(self.library.jobs, self.STATED, "job")
        for (job, code), sources in self.ALSO_STATED.items():
            self.assertLessEqual(sources, set(self.kpi(job, code).sources), f"{job} {code}")
        jobs_with_kpis = {j.code for j in self.library.jobs.values() if j.kpis}
        self.assertLessEqual(set(self.STATED), jobs_with_kpis)
        self.assertGreaterEqual(len(jobs_with_kpis), 46)

    def test_department_targets(self):
        """The targets documents set for a department as a whole (销售部门, 财务部门, 采购中心, 媒介部,
        客户关系部, 信息中心)."""
        departments = self.library.departments
        self._assert_stated(departments, self.STATED_DEPARTMENT, "department")
        self.assertIn("s16", departments["sales"].kpis[0].sources, "一汽奥迪: 销售目标管理")
        self.assertEqual(departments["sales"].kpis[0].quote.zh, "开展日常接待及销售业务,完成销售目标")
        self.assertEqual(departments["finance"].kpis[0].period, "yearly", "编制年度财务计划")
        self.assertIn("利润率", departments["purchasing_center"].kpis[0].quote.zh)

    def test_periods_are_the_documents(self):
        self.assertEqual(self.kpi("key_account_supervisor", "KEY_ACCOUNT_SALES").period, "yearly")  # 全年
        self.assertEqual(self.kpi("aftersales_manager", "AFTERSALES_TARGET").period, "yearly")  # 年度
        self.assertEqual(self.kpi("general_manager", "BUSINESS_TARGET").period, "yearly")  # 年度经营目标
        self.assertEqual(self.kpi("vehicle_inventory_administrator", "STOCK_COUNT").period, "monthly")  # 每月
        periods = {k.period for k in self.library.jobs["used_car_supervisor"].kpis}
        self.assertEqual(periods, {"monthly", "quarterly", "yearly"}, "月度、季度及年度")
        for kpi in (
            self.kpi("key_account_supervisor", "KEY_ACCOUNT_SALES"),
            self.kpi("marketing_manager", "MARKETING_PLAN"),
        ):
            self.assertNotIn("period", kpi.choices, "the document states the period")
        rebate = self.kpi("key_account_supervisor", "KEY_ACCOUNT_REBATE")
        self.assertIn("period", rebate.choices, "定期 states no period")
        plan = next(k for k in self.library.departments["information_center"].kpis if k.code == "ANNUAL_PLAN")
        self.assertEqual(plan.period, "yearly", "信息化建设的规划和年度计划")
        self.assertNotIn("period", plan.choices)
        for code in ("INNOVATION", "PRODUCT_QUALITY"):
            self.assertIn("period", self.kpi("rd_director", code).choices, "s07 states no period")

    def test_a_period_word_in_the_quote_is_the_kpis_period(self):
        """A quote naming one period (年度/全年, 季度, 每月/月度) gives the KPI that period, unmarked
        (an annual target is yearly, not monthly); a quote naming several gives one of them."""
        words = {"yearly": r"年度|全年|每年", "quarterly": r"季度|每季", "monthly": r"每月|月度"}
        owners = list(self.library.jobs.values()) + list(self.library.departments.values())
        for owner in owners:
            for kpi in owner.kpis:
                if not kpi.quote:
                    continue
                named = {period for period, pattern in words.items() if re.search(pattern, kpi.quote.zh)}
                with self.subTest(owner=owner.code, kpi=kpi.code):
                    if len(named) == 1:
                        self.assertEqual(kpi.period, named.pop())
                        self.assertNotIn("period", kpi.choices)
                    elif named:
                        self.assertIn(kpi.period, named)

    def test_numbers_are_marked_as_suggestions(self):
        owners = list(self.library.jobs.values()) + list(self.library.departments.values())
        for owner in owners:
            for kpi in owner.kpis:
                self.assertIn("weight", kpi.choices, f"{owner.code} {kpi.code}: no document gives weights")
                self.assertIn("thresholds", kpi.choices, f"{owner.code} {kpi.code}")

    def test_every_kpi_reaches_a_store_of_its_document(self):
        """A template of one of the KPI's documents places its job (or has its department)."""
        for job in self.library.jobs.values():
            for kpi in job.kpis:
                templates = [
                    t
                    for t in self.library.templates.values()
                    if set(t.sources) & set(kpi.sources) and any(p.ref == job.code for p in t.jobs)
                ]
                self.assertTrue(templates, f"{job.code}: no template of {kpi.sources} places it ({kpi.code})")
        for department in self.library.departments.values():
            for kpi in department.kpis:
                templates = [
                    t
                    for t in self.library.templates.values()
                    if set(t.sources) & set(kpi.sources)
                    and any(d.ref == department.code for d in t.departments)
                ]
                self.assertTrue(templates, f"{department.code}: no template of {kpi.sources} for {kpi.code}")


class TestApplyKpis(DealerOrgCase):
    """Every template brings its jobs' KPIs to the company it is applied to."""

    def test_each_template_brings_its_jobs_kpis(self):
        Template = self.env["dealer_org.org.template"]
        for tpl in self.library.templates.values():
            if tpl.is_default:
                continue
            template = Template.with_context(active_test=False).search([("code", "=", tpl.code)])
            if not template:
                continue  # HR deleted it in this database
            with self.subTest(template=tpl.code):
                company = self.env["res.company"].create({"name": f"KPI store {tpl.code}"})
                jobs = template._apply_to_company(company)
                for job in jobs:
                    expected = self.library.jobs[job.library_code].kpis
                    self.assertEqual(sorted(job.kpi_ids.mapped("code")), sorted(k.code for k in expected))
                    for period in {k.period for k in expected}:
                        weights = job.kpi_ids.filtered(lambda k, p=period: k.period == p).mapped("weight")
                        self.assertAlmostEqual(sum(weights), 100)

    def test_kpis_say_their_source_and_what_is_suggested(self):
        company = self.env["res.company"].create({"name": "Kia store with KPIs"})
        template = self.env["dealer_org.org.template"].search([("code", "=", "kia_4s")])
        jobs = template._apply_to_company(company)
        supervisor = jobs.filtered(lambda j: j.library_code == "key_account_supervisor")
        sales = supervisor.kpi_ids.filtered(lambda k: k.code == "KEY_ACCOUNT_SALES")
        self.assertEqual(sales.period, "yearly")
        self.assertIn("完成全年大客户销售目标", self.zh(sales).description)
        self.assertIn("Suggested by the library", self.en(sales).description)
        self.assertEqual(self.zh(sales).name, "大客户销售目标完成率")

    def test_the_main_company_keeps_its_kpi_xml_ids(self):
        consultant = self.env.ref("dealer_org.kpi_sales_consultant_sales_target")
        self.assertEqual(consultant.job_id, self.env.ref("dealer_org.job_sales_consultant"))
        follow_up = self.env.ref("dealer_org.kpi_customer_service_specialist_follow_up_3d")
        self.assertEqual(self.zh(follow_up).name, "车辆交接后3日内100%跟踪")
        self.assertTrue(self.env.ref("dealer_org.kpi_customer_service_manager_recommendation_rate"))


class TestEnglishNames(TestCase):
    """English names an English-speaking HR person would write, telling apart what differs."""

    def test_names(self):
        library = load_library()
        jobs = {j.code: j.name.en for j in library.jobs.values()}
        departments = {d.code: d.name.en for d in library.departments.values()}
        self.assertEqual(jobs["department_chief"], "Department Manager")  # 部长
        self.assertEqual(jobs["seed_trainer"], "In-house Trainer")  # 种子讲师
        self.assertEqual(jobs["director_board_member"], "Board Director")  # 董事
        self.assertIn("Detailing", jobs["beauty_supervisor"])  # 美容
        self.assertIn("Detailing", departments["detailing_section"])
        self.assertNotEqual(jobs["market_marketing_director"], jobs["marketing_director"])
        for name in list(jobs.values()) + list(departments.values()):
            for clumsy in ("Chief", "Beauty", "Seed", "Marketing and Market", "Sales Marketing"):
                self.assertNotIn(clumsy, name.replace("Chief Executive", "").replace("Chief Engineer", ""))

    def test_english_invents_no_period(self):
        """日常 is routine work, 定期 regular, 及时 prompt: the English says a period only where the
        Chinese does."""
        library = load_library()
        words = {
            r"\bdaily\b|every day|each day": r"每日|每天|日报|晨会|夕会|早\(夕\)会",
            r"\bweekly\b|every week": r"每周|周报",
            r"\bmonthly\b|every month|each month": r"每月|月度|月报|月",
            r"\bquarterly\b|every quarter": r"季",
            r"\bannual\b|\byearly\b|every year": r"年",
        }
        lines = [d.text for j in library.jobs.values() for d in j.duties + j.qualifications]
        lines += [f.text for d in library.departments.values() for f in d.functions]
        for text in lines:
            for english, chinese in words.items():
                if re.search(english, text.en, re.IGNORECASE):
                    self.assertRegex(text.zh, chinese, text.en)


class TestDocumentPeriods(TestCase):
    """Every period word of the documents' duty lines parses to its period."""

    WORDS = (
        (r"每日|每天|日报|晨会|夕会|早\(夕\)会", "daily"),
        (r"每周|周报", "weekly"),
        (r"每月|月度|月报|年、季、月", "monthly"),
        (r"季度|每季|年、季、月", "quarterly"),
        (r"年度|全年|每年|年、季、月", "yearly"),
    )
    EVENTS = r"交车后|试乘试驾前|试乘试驾结束后|拜访前|车辆交接后"

    def test_every_period_word(self):
        library = load_library()
        for job in library.jobs.values():
            for duty in job.duties:
                text = duty.text.zh
                schedule = duty.schedule
                with self.subTest(job=job.code, line=text):
                    recurring = False
                    for pattern, period in self.WORDS:
                        if re.search(pattern, text):
                            recurring = True
                            self.assertIn(period, schedule.periods or (schedule.period,))
                    if not recurring and re.search(self.EVENTS, text):
                        self.assertEqual(schedule.period, "event")
                    if not recurring and not re.search(self.EVENTS + r"|日内|天内", text):
                        self.assertEqual(schedule.period, "none", "定期, 及时, 日常 … state no period")
