"""Payslips say where the performance pay comes from: a payslip whose period has a KPI evaluation
that is not approved (draft, submitted) or none although the job has KPIs shows a warning naming
the evaluation and what it pays instead, and each company chooses that: no payslip (the default:
computing is refused with a clear error, nothing written, whether a rule reads the KPI result in
its amount or in its condition), 0 (no performance pay) or the neutral coefficient 1.0 —
payslips whose rules do not read the KPI result are never blocked. The lines of rules
reading ``payroll.kpi`` link to the approved evaluation; a line named after its rule has the rule's
name in every language (绩效工资 for a Chinese reader, whoever computed it). The shipped structure
Performance Pay (绩效工资) pays a whole salary (its parent Base Salary's basic, gross and net pay
plus its KPI part), its rule documents ``payroll.kpi``, both addons show Chinese names and
summaries in Apps (the bridge's even before it is installed), and every term of the bridge has
Chinese."""

import ast
import os

import polib

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .test_payroll_kpi import MARCH, PayrollKpiCase


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

    def submit(self):
        self.evaluation.with_user(self.hr_officer).action_submit()
        self.assertEqual(self.evaluation.state, "submitted")


class TestUnapprovedEvaluationSettings(PayslipKpiCase):
    def remove_evaluation(self):
        """HR deletes the evaluation (where deleting is refused, it is archived): none covers
        the period any more."""
        try:
            with self.env.cr.savepoint():
                self.evaluation.unlink()
        except UserError:
            self.evaluation.write({"active": False})

    def test_the_default_refuses_and_warns(self):
        self.assertEqual(self.company.dealer_org_kpi_unapproved_policy, "block")
        new_company = self.env["res.company"].create({"name": "Payroll KPI New Store"})
        self.assertEqual(new_company.dealer_org_kpi_unapproved_policy, "block")
        self.submit()
        payslip = self.payslip(compute=False)
        self.assertEqual(payslip.kpi_status, "unapproved")
        self.assertIn("not approved yet (Submitted)", payslip.kpi_warning)
        self.assertIn("the payslip cannot be computed", payslip.kpi_warning)
        with self.assertRaisesRegex(UserError, "is not approved yet"):
            payslip.with_user(self.payroll_manager).compute_sheet()
        self.assertEqual((payslip.state, len(payslip.line_ids)), ("draft", 0))

    def test_neutral_when_chosen_pays_the_neutral_coefficient_and_warns(self):
        self.policy("neutral")
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
        self.remove_evaluation()
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
        self.assertEqual(self.company.dealer_org_kpi_unapproved_policy, "block", "the default")
        self.remove_evaluation()
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

    def test_block_a_rule_whose_condition_reads_the_kpi(self):
        """A bonus whose condition reads payroll.kpi (its amount reads nothing) is refused like a
        rule whose amount reads it: when the condition holds (a line would be written) and when it
        does not (no line at all, nothing pays, yet the payslip read an unapproved result)."""
        self.submit()
        for condition, holds in (
            ("result = payroll.kpi.grade == 'A'", False),
            ("result = payroll.kpi.coefficient >= 1.0", True),
        ):
            with self.subTest(condition=condition):
                bonus = self.env["hr.salary.rule"].create(
                    {
                        "name": "Grade bonus",
                        "code": "KPI_T_BONUS",
                        "sequence": 5,
                        "category_id": self.base_rule.category_id.id,
                        "condition_select": "python",
                        "condition_python": condition,
                        "amount_select": "fix",
                        "amount_fix": 500,
                    }
                )
                structure = self.env["hr.payroll.structure"].create(
                    {"name": "Bonus", "code": "BONUS", "rule_ids": [(6, 0, (self.base_rule | bonus).ids)]}
                )
                self.policy("neutral")
                lines = self.lines(self.payslip(structure=structure))
                self.assertEqual(set(lines), {"KPI_T_BASE", "KPI_T_BONUS"} if holds else {"KPI_T_BASE"})
                self.policy("block")
                payslip = self.payslip(structure=structure, compute=False)
                with self.assertRaisesRegex(UserError, "is not approved yet"):
                    payslip.compute_sheet()
                self.assertEqual((payslip.state, len(payslip.line_ids)), ("draft", 0))

    def test_no_kpis_no_warning_and_neutral_whatever_the_setting(self):
        self.policy("zero")
        outsider = self.env["hr.employee"].create({"name": "Payroll KPI Porter"})
        self.contract.employee_id = outsider
        payslip = self.payslip(employee=outsider)
        self.assertEqual(payslip.kpi_status, "not_applicable")
        self.assertFalse(payslip.kpi_warning)
        self.assertEqual(self.lines(payslip)["KPI_COEF"].total, 100)

    def test_the_setting_is_in_the_payroll_settings(self):
        settings = self.env["res.config.settings"].create({"dealer_org_kpi_unapproved_policy": "neutral"})
        settings.execute()
        self.assertEqual(self.env.company.dealer_org_kpi_unapproved_policy, "neutral")
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
        payslip = self.payslip(compute=False)
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
        payslip = self.payslip(compute=False).with_user(officer)
        self.assertIn("not approved yet", payslip.kpi_warning)
        self.assertEqual(payslip.action_open_kpi_evaluations()["res_id"], self.evaluation.id)
        arch = payslip.get_view(view_type="form")["arch"]
        self.assertIn('name="kpi_warning"', arch)
        self.assertIn("action_open_kpi_evaluations", arch)

    def test_a_user_without_hr_rights_cannot_open_the_evaluations(self):
        self.submit()
        payslip = self.payslip(compute=False)
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
            self.assertEqual(line.with_context(lang="zh_CN").name, "绩效工资（KPI）", computing_lang)
            self.assertEqual(line.with_context(lang="en_US").name, "Performance Pay (KPI)", computing_lang)
            # a line named by its rule's code (result_name) keeps that name
            self.assertEqual(self.lines(payslip)["KPI_SCORE"].with_context(lang="zh_CN").name, "A")

    def test_the_warning_in_chinese(self):
        self.submit()
        payslip = self.payslip(compute=False).with_context(lang="zh_CN")
        payslip.invalidate_recordset()
        self.assertIn("尚未批准（已提交）", payslip.kpi_warning)
        self.assertIn("无法计算工资单", payslip.kpi_warning)
        self.policy("neutral")
        payslip.invalidate_recordset()
        self.assertIn("中性系数1.0", payslip.kpi_warning)

    def test_the_shipped_structure_and_rule_in_chinese(self):
        structure = self.env.ref("dealer_org_payroll.hr_payroll_structure_performance_pay")
        rule = self.env.ref("dealer_org_payroll.hr_salary_rule_kpi_performance_pay")
        self.assertEqual(structure.with_context(lang="zh_CN").name, "绩效工资")
        self.assertEqual(rule.with_context(lang="zh_CN").name, "绩效工资（KPI）")
        self.assertEqual(rule.category_id.with_context(lang="zh_CN").name, "绩效工资（KPI）")
        self.assertEqual(structure.parent_id.with_context(lang="zh_CN").name, "基本薪资结构")
        self.assertEqual(
            structure.parent_id.rule_ids.sorted("sequence").with_context(lang="zh_CN").mapped("name"),
            ["基本工资", "应发工资", "实发工资"],
        )

    def test_apps_names_and_summaries_in_chinese(self):
        """The bridge's name and summary in Apps come in Chinese from dealer_org's .po, which is
        loaded before the bridge is installed (its own .po is loaded only once it is): HR finds
        经销商组织架构 - 薪资 in the Apps list they install it from."""
        Module = self.env["ir.module.module"]
        bridge = Module.browse(Module._get("dealer_org_payroll").id)
        # the bridge as Apps lists it before its install: its name in English only
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE ir_module_module SET shortdesc = jsonb_build_object('en_US', shortdesc->>'en_US'), "
            "summary = jsonb_build_object('en_US', summary->>'en_US') WHERE id = %s",
            [bridge.id],
        )
        bridge.invalidate_recordset()
        self.assertEqual(bridge.with_context(lang="zh_CN").shortdesc, "Dealership Organisation - Payroll")
        Module._load_module_terms(["dealer_org"], ["zh_CN"])
        apps = {
            app["name"]: app
            for app in Module.with_context(lang="zh_CN").search_read(
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
        self.assertEqual(bridge.with_context(lang="en_US").shortdesc, "Dealership Organisation - Payroll")

    def test_both_po_files_carry_the_bridge_manifest_name_and_summary(self):
        """A manifest whose name or summary changes without its Chinese fails here."""
        root = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
        with open(os.path.join(root, "dealer_org_payroll", "__manifest__.py"), encoding="utf-8") as handle:
            manifest = ast.literal_eval(handle.read())
        for module in ("dealer_org", "dealer_org_payroll"):
            po = polib.pofile(os.path.join(root, module, "i18n", "zh_CN.po"))
            for field in ("shortdesc", "summary"):
                text = manifest["name" if field == "shortdesc" else "summary"]
                entry = po.find(text)
                self.assertTrue(entry and entry.msgstr, f"{module}'s zh_CN.po: no Chinese for {text!r}")
                occurrence = f"model:ir.module.module,{field}:base.module_dealer_org_payroll"
                self.assertIn(occurrence, [occ for occ, _line in entry.occurrences], module)


class TestShippedStructure(PayslipKpiCase):
    def shipped_payslip(self, structure, period=MARCH):
        self.contract.struct_id = structure
        return self.payslip(user=self.payroll_manager, structure=structure, period=period, compute=False)

    def test_the_performance_pay_structure_pays_a_whole_salary(self):
        structure = self.env.ref("dealer_org_payroll.hr_payroll_structure_performance_pay")
        rule = self.env.ref("dealer_org_payroll.hr_salary_rule_kpi_performance_pay")
        base = self.env.ref("dealer_org_payroll.hr_payroll_structure_base")
        self.assertEqual((structure.rule_ids, structure.parent_id), (rule, base))
        self.assertEqual(rule.category_id.code, "KPI_PERF")
        self.assertEqual(rule.category_id.parent_id.code, "ALW", "the KPI part counts in gross and net")
        self.assertIn("(KPI)", rule.name)
        self.approve()
        payslip = self.shipped_payslip(structure)
        payslip.compute_sheet()
        lines = self.lines(payslip)
        self.assertEqual(list(lines), ["BASIC", "KPI_PERF", "GROSS", "NET"])
        self.assertEqual(lines["BASIC"].total, 7000, "70 % of the 10,000 wage")
        kpi = lines["KPI_PERF"]
        self.assertEqual((kpi.amount, kpi.rate, kpi.total), (3000, 120, 3600), "30 % at grade A's 120 %")
        self.assertEqual(kpi.kpi_evaluation_id, self.evaluation)
        self.assertEqual(kpi.category_id, rule.category_id)
        self.assertEqual((lines["GROSS"].total, lines["NET"].total), (10600, 10600))
        self.assertFalse(lines["BASIC"].kpi_evaluation_id)

    def test_on_target_the_structure_pays_the_wage(self):
        self.evaluation.line_ids.actual = 92  # score 80: grade B, coefficient 1.0
        self.approve()
        self.assertEqual(self.evaluation.coefficient, 1.0)
        structure = self.env.ref("dealer_org_payroll.hr_payroll_structure_performance_pay")
        payslip = self.shipped_payslip(structure)
        payslip.compute_sheet()
        lines = self.lines(payslip)
        self.assertEqual(
            (lines["BASIC"].total, lines["KPI_PERF"].total, lines["NET"].total), (7000, 3000, 10000)
        )

    def test_the_shipped_structure_refuses_without_an_approved_evaluation(self):
        structure = self.env.ref("dealer_org_payroll.hr_payroll_structure_performance_pay")
        payslip = self.shipped_payslip(structure)
        with self.assertRaisesRegex(UserError, "is not approved yet"):
            payslip.compute_sheet()
        self.assertFalse(payslip.line_ids, "not even the basic salary: the payslip waits")

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
