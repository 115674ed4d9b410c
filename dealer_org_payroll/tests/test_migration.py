"""The upgrade to 18.0.1.3.0 (migrations/18.0.1.3.0/post-migrate.py) on a database as 18.0.1.2.0
left it: companies on the old default "neutral" move to "refuse" ("zero" is kept), the shipped
structure Performance Pay gets the base structure as parent (created as on a fresh install), its
KPI rule and category still named as shipped are renamed Performance Pay (KPI) / 绩效工资（KPI）
and the category goes under Allowances; what HR changed is left alone."""

import importlib.util
import os

from odoo.tests.common import TransactionCase

MIGRATION = os.path.join(
    os.path.dirname(os.path.dirname(__file__)), "migrations", "18.0.1.3.0", "post-migrate.py"
)
BASE = [
    "hr_payroll_structure_base",
    "hr_salary_rule_basic",
    "hr_salary_rule_gross",
    "hr_salary_rule_net",
    "hr_salary_rule_category_basic",
    "hr_salary_rule_category_allowance",
    "hr_salary_rule_category_gross",
    "hr_salary_rule_category_deduction",
    "hr_salary_rule_category_net",
]


def migrate(cr):
    spec = importlib.util.spec_from_file_location("dealer_org_payroll_migration_1_3_0", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.migrate(cr, "18.0.1.2.0")


class TestMigration1_3_0(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        ref = cls.env.ref
        cls.structure = ref("dealer_org_payroll.hr_payroll_structure_performance_pay")
        cls.rule = ref("dealer_org_payroll.hr_salary_rule_kpi_performance_pay")
        cls.category = cls.rule.category_id
        # the database as 18.0.1.2.0 left it
        cls.structure.parent_id = False
        cls.category.parent_id = False
        for record in (cls.rule, cls.category):
            record.with_context(lang="en_US").name = "Performance Pay"
            record.with_context(lang="zh_CN").name = "绩效工资"
        for name in BASE:
            ref(f"dealer_org_payroll.{name}").unlink()
        cls.neutral = cls.env.company
        cls.zero = cls.env["res.company"].create({"name": "Migration Zero Store"})
        cls.neutral.dealer_org_kpi_unapproved_policy = "neutral"
        cls.zero.dealer_org_kpi_unapproved_policy = "zero"

    def test_the_upgrade_completes_the_shipped_structure_and_refuses_by_default(self):
        migrate(self.env.cr)
        self.env.invalidate_all()
        self.assertEqual(self.neutral.dealer_org_kpi_unapproved_policy, "block")
        self.assertEqual(self.zero.dealer_org_kpi_unapproved_policy, "zero", "a choice is kept")
        base = self.env.ref("dealer_org_payroll.hr_payroll_structure_base")
        self.assertEqual(self.structure.parent_id, base)
        self.assertEqual(base.rule_ids.sorted("sequence").mapped("code"), ["BASIC", "GROSS", "NET"])
        self.assertEqual(base.with_context(lang="zh_CN").name, "基本薪资结构")
        for record in (self.rule, self.category):
            self.assertEqual(record.with_context(lang="en_US").name, "Performance Pay (KPI)")
            self.assertEqual(record.with_context(lang="zh_CN").name, "绩效工资（KPI）")
        self.assertEqual(self.category.parent_id.code, "ALW")
        migrate(self.env.cr)  # twice: nothing more
        structures = self.env["hr.payroll.structure"].with_context(lang="en_US")
        self.assertEqual(structures.search_count([("name", "=", "Base Salary")]), 1)
        self.assertEqual(self.structure.parent_id, base)

    def test_what_hr_changed_is_left_alone(self):
        own_parent = self.env["hr.payroll.structure"].create({"name": "HR's base", "code": "HR_BASE"})
        self.structure.parent_id = own_parent
        self.rule.with_context(lang="en_US").name = "Bonus"
        migrate(self.env.cr)
        self.env.invalidate_all()
        self.assertEqual(self.structure.parent_id, own_parent)
        self.assertEqual(self.rule.with_context(lang="en_US").name, "Bonus")
        self.assertEqual(self.rule.with_context(lang="zh_CN").name, "绩效工资")
