"""Payslips say where the performance pay comes from: a payslip whose period has a KPI evaluation
that is not approved (draft, submitted) or none although the job has KPIs shows a warning naming
the evaluation and what it pays instead, and each company chooses that: the neutral coefficient
1.0, 0 (no performance pay) or no payslip (computing is refused with a clear error, nothing
written) — payslips whose rules do not read the KPI result are never blocked. The lines of rules
reading ``payroll.kpi`` link to the approved evaluation; a line named after its rule has the rule's
name in every language (绩效工资 for a Chinese reader, whoever computed it). The shipped structure
Performance Pay (绩效工资) computes a payslip, its rule documents ``payroll.kpi``, both addons
show Chinese names and summaries in Apps, and every term of the bridge has Chinese."""

import io
import os

import polib

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user
from odoo.tools.translate import TranslationImporter

from .test_payroll_kpi import MARCH, PayrollKpiCase

# The entries dealer_org/i18n/zh_CN.po gets for its name and summary in Apps (reported to the
# lead, who owns that file): loaded here as Odoo loads a module's .po.
DEALER_ORG_APPS_PO = """
#. module: dealer_org
#: model:ir.module.module,shortdesc:base.module_dealer_org
msgid "Dealership Organisation"
msgstr "经销商组织架构"

#. module: dealer_org
#: model:ir.module.module,summary:base.module_dealer_org
msgid ""
"Departments, job positions, duties and qualifications of Chinese car "
"dealerships (4S stores, quick-repair shops, dealer groups), preloaded and "
"bilingual"
msgstr ""
"中国汽车经销商（4S店、快修店、经销商集团）的部门、岗位、职责与任职资格，"
"预置且中英双语"
"""


class PayslipKpiCase(PayrollKpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        category = cls.env["hr.salary.rule.category"].create({"name": "Base pay", "code": "KPI_T_BASE"})
        cls.base_rule = cls.env["hr.salary.rule"].create(
            {
                "name": "Base salary",
                "code": "KPI_T_BASE",
                "sequence": 1,
                "category_id": category.id,
                "condition_select": "none",
                "amount_select": "code",
                "amount_python_compute": "result = contract.wage * 0.70",
            }
        )
        cls.structure.rule_ids |= cls.base_rule
        cls.kpi_free_structure = cls.env["hr.payroll.structure"].create(
            {"name": "No KPI", "code": "NOKPI", "rule_ids": [(6, 0, cls.base_rule.ids)]}
        )

    def policy(self, policy, company=None):
        (company or self.company).dealer_org_kpi_unapproved_policy = policy

    def submit(self):
        self.evaluation.with_user(self.hr_officer).action_submit()
        self.assertEqual(self.evaluation.state, "submitted")


class TestUnapprovedEvaluationSettings(PayslipKpiCase):
    def test_default_pays_the_neutral_coefficient_and_warns(self):
        self.assertEqual(self.company.dealer_org_kpi_unapproved_policy, "neutral")
        self.submit()
        payslip = self.payslip()
        lines = self.lines(payslip)
        self.assertEqual((lines["KPI_FOUND"].total, lines["KPI_COEF"].total), (5, 100))
        self.assertAlmostEqual(lines["KPI_PERF"].total, 3000)
        self.assertEqual(payslip.kpi_status, "unapproved")
        self.assertEqual(payslip.kpi_evaluation_ids, self.evaluation)
        self.assertIn(self.evaluation.display_name, payslip.kpi_warning)
        self.assertIn("not approved yet (Submitted)", payslip.kpi_warning)
        self.assertIn("neutral coefficient 1.0", payslip.kpi_warning)
        self.assertFalse(lines["KPI_PERF"].kpi_evaluation_id, "no approved evaluation was paid from")

    def test_zero_pays_no_performance_pay(self):
        self.policy("neutral", self.other_company)  # another company's choice is not this one's
        self.policy("zero")
        self.submit()
        payslip = self.payslip()
        lines = self.lines(payslip)
        self.assertEqual((lines["KPI_FOUND"].total, lines["KPI_COEF"].total), (5, 0))
        self.assertEqual(lines["KPI_PERF"].total, 0)
        self.assertAlmostEqual(lines["KPI_T_BASE"].total, 7000, msg="the rest of the payslip is paid")
        self.assertIn("no performance pay is paid (coefficient 0)", payslip.kpi_warning)
        self.approve()
        lines = self.lines(self.payslip())
        self.assertAlmostEqual(lines["KPI_PERF"].total, 3600, msg="approved: grade A pays 120 %")

    def test_zero_for_a_missing_evaluation_too(self):
        self.policy("zero")
        self.evaluation.unlink()
        payslip = self.payslip()
        self.assertEqual(payslip.kpi_status, "missing")
        self.assertFalse(payslip.kpi_evaluation_ids)
        self.assertIn("No KPI evaluation covers this period", payslip.kpi_warning)
        self.assertIn(self.employee.name, payslip.kpi_warning)
        self.assertEqual(self.lines(payslip)["KPI_PERF"].total, 0)

    def test_block_refuses_to_compute_and_writes_nothing(self):
        self.policy("block")
        self.submit()
        payslip = self.env["hr.payslip"].create(
            {
                "employee_id": self.employee.id,
                "contract_id": self.contract.id,
                "struct_id": self.structure.id,
                "date_from": MARCH[0],
                "date_to": MARCH[1],
            }
        )
        self.assertIn("the payslip cannot be computed", payslip.kpi_warning)
        with self.assertRaises(UserError) as refusal:
            payslip.with_user(self.payroll_manager).compute_sheet()
        message = str(refusal.exception)
        self.assertIn(self.employee.name, message)
        self.assertIn(self.evaluation.display_name, message)
        self.assertIn("Unapproved KPI Evaluation", message)
        self.assertNotIn("Traceback", message)
        payslip.invalidate_recordset()
        self.assertEqual((payslip.state, payslip.line_ids), ("draft", payslip.line_ids.browse()))
        # approved, it computes
        self.approve()
        payslip.compute_sheet()
        self.assertEqual(payslip.state, "verify")
        self.assertAlmostEqual(self.lines(payslip)["KPI_PERF"].total, 3600)
        self.assertFalse(payslip.kpi_warning)

    def test_block_for_a_missing_evaluation(self):
        self.policy("block")
        self.evaluation.unlink()
        with self.assertRaisesRegex(UserError, "no KPI evaluation covers its period"):
            self.payslip()

    def test_block_leaves_payslips_that_do_not_read_the_kpi_alone(self):
        self.policy("block")
        self.submit()
        payslip = self.env["hr.payslip"].create(
            {
                "employee_id": self.employee.id,
                "contract_id": self.contract.id,
                "struct_id": self.kpi_free_structure.id,
                "date_from": MARCH[0],
                "date_to": MARCH[1],
            }
        )
        payslip.compute_sheet()
        self.assertEqual(payslip.state, "verify")
        self.assertEqual(payslip.line_ids.mapped("code"), ["KPI_T_BASE"])

    def test_no_kpis_no_warning_and_neutral_whatever_the_setting(self):
        self.policy("zero")
        outsider = self.env["hr.employee"].create({"name": "Payroll KPI Porter"})
        self.contract.employee_id = outsider
        payslip = self.payslip(employee=outsider)
        self.assertEqual(payslip.kpi_status, "not_applicable")
        self.assertFalse(payslip.kpi_warning)
        self.assertEqual(self.lines(payslip)["KPI_COEF"].total, 100)

    def test_the_setting_is_in_the_payroll_settings(self):
        settings = self.env["res.config.settings"].create({"dealer_org_kpi_unapproved_policy": "block"})
        settings.execute()
        self.assertEqual(self.env.company.dealer_org_kpi_unapproved_policy, "block")
        arch = self.env["res.config.settings"].get_view(view_type="form")["arch"]
        self.assertIn('name="dealer_org_kpi_unapproved_policy"', arch)


class TestPayslipShowsTheEvaluation(PayslipKpiCase):
    def test_approved_no_warning_and_kpi_lines_link_to_the_evaluation(self):
        self.approve()
        payslip = self.payslip()
        self.assertEqual(payslip.kpi_status, "approved")
        self.assertFalse(payslip.kpi_warning)
        self.assertEqual(payslip.kpi_evaluation_ids, self.evaluation)
        lines = self.lines(payslip)
        for code in ("KPI_FOUND", "KPI_SCORE", "KPI_COEF", "KPI_PERF"):
            self.assertEqual(lines[code].kpi_evaluation_id, self.evaluation, code)
        self.assertEqual((lines["KPI_PERF"].kpi_grade, lines["KPI_PERF"].kpi_coefficient), ("A", 1.2))
        self.assertFalse(lines["KPI_T_BASE"].kpi_evaluation_id, "a rule not reading payroll.kpi")

    def test_the_warning_button_opens_the_evaluation(self):
        self.submit()
        payslip = self.payslip()
        action = payslip.with_user(self.hr_officer).action_open_kpi_evaluations()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("dealer_org.kpi.evaluation", self.evaluation.id)
        )

    def test_a_payroll_officer_sees_the_warning_and_its_button(self):
        # OCA payroll's officer group implies HR officer, who reads the evaluations
        self.submit()
        officer = new_test_user(
            self.env, "payroll_kpi_officer", groups="base.group_user,payroll.group_payroll_user"
        )
        payslip = self.payslip().with_user(officer)
        self.assertIn("not approved yet", payslip.kpi_warning)
        self.assertEqual(payslip.action_open_kpi_evaluations()["res_id"], self.evaluation.id)
        arch = payslip.get_view(view_type="form")["arch"]
        self.assertIn('name="kpi_warning"', arch)
        self.assertIn("action_open_kpi_evaluations", arch)

    def test_a_user_without_hr_rights_cannot_open_the_evaluations(self):
        self.submit()
        payslip = self.payslip()
        clerk = new_test_user(self.env, "payroll_kpi_clerk", groups="base.group_user")
        with self.assertRaises(AccessError):
            payslip.with_user(clerk).action_open_kpi_evaluations()


class TestChinese(PayslipKpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["dealer_org", "dealer_org_payroll"], ["zh_CN"])

    def test_the_kpi_line_label_is_the_rule_name_in_the_readers_language(self):
        self.approve()
        for computing_lang in ("en_US", "zh_CN"):
            payslip = (
                self.env["hr.payslip"]
                .with_user(self.payroll_manager)
                .with_context(lang=computing_lang)
                .create(
                    {
                        "employee_id": self.employee.id,
                        "contract_id": self.contract.id,
                        "struct_id": self.structure.id,
                        "date_from": MARCH[0],
                        "date_to": MARCH[1],
                    }
                )
            )
            payslip.compute_sheet()
            line = self.lines(payslip)["KPI_PERF"]
            self.assertEqual(line.with_context(lang="zh_CN").name, "绩效工资", computing_lang)
            self.assertEqual(line.with_context(lang="en_US").name, "Performance Pay", computing_lang)
            # a line named by its rule's code (result_name) keeps that name
            self.assertEqual(self.lines(payslip)["KPI_SCORE"].with_context(lang="zh_CN").name, "A")

    def test_the_warning_in_chinese(self):
        self.submit()
        payslip = self.payslip().with_context(lang="zh_CN")
        payslip.invalidate_recordset()
        self.assertIn("尚未批准（已提交）", payslip.kpi_warning)
        self.assertIn("中性系数1.0", payslip.kpi_warning)

    def test_the_shipped_structure_and_rule_in_chinese(self):
        structure = self.env.ref("dealer_org_payroll.hr_payroll_structure_performance_pay")
        rule = self.env.ref("dealer_org_payroll.hr_salary_rule_kpi_performance_pay")
        self.assertEqual(structure.with_context(lang="zh_CN").name, "绩效工资")
        self.assertEqual(rule.with_context(lang="zh_CN").name, "绩效工资")
        self.assertEqual(rule.category_id.with_context(lang="zh_CN").name, "绩效工资")

    def test_apps_names_and_summaries_in_chinese(self):
        importer = TranslationImporter(self.env.cr, verbose=False)
        po_file = io.BytesIO(DEALER_ORG_APPS_PO.encode())
        po_file.name = "zh_CN.po"
        importer.load(po_file, "po", "zh_CN")
        importer.save()
        Module = self.env["ir.module.module"].with_context(lang="zh_CN")
        apps = {
            app["name"]: app
            for app in Module.search_read(
                [("name", "in", ("dealer_org", "dealer_org_payroll"))], ["name", "shortdesc", "summary"]
            )
        }
        self.assertEqual(apps["dealer_org_payroll"]["shortdesc"], "经销商组织架构 - 薪资")
        self.assertEqual(
            apps["dealer_org_payroll"]["summary"],
            "在OCA薪资的工资规则中使用KPI考核结果（得分、等级、绩效系数）",
        )
        self.assertEqual(apps["dealer_org"]["shortdesc"], "经销商组织架构")
        self.assertTrue(apps["dealer_org"]["summary"].startswith("中国汽车经销商"))
        english = Module.with_context(lang="en_US").browse(Module._get("dealer_org_payroll").id)
        self.assertEqual(english.shortdesc, "Dealership Organisation - Payroll")


class TestShippedStructure(PayslipKpiCase):
    def test_the_performance_pay_structure_computes_a_payslip(self):
        structure = self.env.ref("dealer_org_payroll.hr_payroll_structure_performance_pay")
        rule = self.env.ref("dealer_org_payroll.hr_salary_rule_kpi_performance_pay")
        self.assertIn(rule, structure.rule_ids)
        self.contract.struct_id = structure
        self.approve()
        payslip = (
            self.env["hr.payslip"]
            .with_user(self.payroll_manager)
            .create(
                {
                    "employee_id": self.employee.id,
                    "contract_id": self.contract.id,
                    "struct_id": structure.id,
                    "date_from": MARCH[0],
                    "date_to": MARCH[1],
                }
            )
        )
        payslip.compute_sheet()
        self.assertEqual(payslip.line_ids.mapped("code"), ["KPI_PERF"])
        line = payslip.line_ids
        self.assertEqual((line.amount, line.rate, line.total), (3000, 120, 3600))
        self.assertEqual(line.kpi_evaluation_id, self.evaluation)

    def test_the_rule_documents_payroll_kpi(self):
        note = self.env.ref("dealer_org_payroll.hr_salary_rule_kpi_performance_pay").note
        for name in ("found", "score", "grade", "coefficient", "evaluation_id", "status"):
            self.assertIn(f"payroll.kpi.{name}", note)
        self.assertIn("Unapproved KPI Evaluation", note)
        self.assertIn("未批准的KPI考核", note)


class TestTranslationFile(PayslipKpiCase):
    def test_every_term_of_the_pot_has_chinese(self):
        i18n = os.path.join(os.path.dirname(os.path.dirname(__file__)), "i18n")
        pot = polib.pofile(os.path.join(i18n, "dealer_org_payroll.pot"))
        translated = {e.msgid for e in polib.pofile(os.path.join(i18n, "zh_CN.po")) if e.msgstr}
        missing = [e.msgid for e in pot if e.msgid not in translated]
        self.assertFalse(missing, f"terms without Chinese in zh_CN.po: {missing[:10]}")
        self.assertIn("%(reason)s %(consequence)s", {e.msgid for e in pot})
