"""Paste duties: HR pastes a 岗位职责 block on the job form and adds its lines after a preview.

Guards: the block is read into one duty per item whatever its layout (numbered 1、 (1) ① ⑴ 一、,
bulleted ● • -, one per line, ;-separated, with a heading such as 岗位职责:), the period each
line states is shown and can be corrected, the kept lines are added after the job's duties
(recurring ones as checklist items, event-driven ones not), nothing is added from an empty
paste or when every line is left out, and only users who may edit the job's duties add any.
"""

from unittest import TestCase

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from odoo.addons.dealer_org.wizard.dealer_org_duty_paste import split_duties

from .common import DealerOrgCase


class TestSplitDuties(TestCase):
    def test_layouts(self):
        cases = {
            "销售顾问岗位职责:●潜在客户开发、维护与管理;●每日参加晨会、夕会及培训。": [
                "潜在客户开发、维护与管理",
                "每日参加晨会、夕会及培训",
            ],
            "1、拟定公司的基本管理制度;2、创建公司企业文化;3、代表公司对外开展商务活动。": [
                "拟定公司的基本管理制度",
                "创建公司企业文化",
                "代表公司对外开展商务活动",
            ],
            "① 负责客户分类、档案管 理;② 客户关系的维护": ["负责客户分类、档案管理", "客户关系的维护"],
            "⑴编制年度财务计划\n⑵编制营销计划": ["编制年度财务计划", "编制营销计划"],
            "(1)负责接待\n(2)负责回访": ["负责接待", "负责回访"],
            "一、负责接待\n二、负责回访": ["负责接待", "负责回访"],
            "- 职责:负责与客户沟通。\n- 主动与客户接触。": ["负责与客户沟通", "主动与客户接触"],
            "每日参加晨会\n\n每月5日上报培训计划\n每日参加晨会": ["每日参加晨会", "每月5日上报培训计划"],
            "接车、入库;随车资料的保管;每月与财务进行帐务及实物盘点": [
                "接车、入库",
                "随车资料的保管",
                "每月与财务进行帐务及实物盘点",
            ],
        }
        for text, expected in cases.items():
            with self.subTest(text=text):
                self.assertEqual(split_duties(text), expected)

    def test_nothing_to_read(self):
        self.assertEqual(split_duties(""), [])
        self.assertEqual(split_duties(" \n ● ;; \n"), [])


class TestDutyPasteWizard(DealerOrgCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(cls.env, "paste_officer", groups="base.group_user,hr.group_hr_user")
        cls.employee = new_test_user(cls.env, "paste_employee", groups="base.group_user")
        cls.job = cls.env["hr.job"].create(
            {
                "name": "Paste Test Consultant",
                "duty_ids": [Command.create({"name": "Existing duty", "sequence": 7})],
            }
        )

    def _wizard(self, text, user=None):
        Wizard = self.env["dealer_org.duty.paste"].with_user(user or self.officer)
        return Wizard.create({"job_id": self.job.id, "text": text})

    def test_preview_correct_and_add(self):
        wizard = self._wizard(
            "岗位职责:\n1、每日参加晨会、夕会及培训;\n2、每月5日将《月度内部培训计划表》上报\n"
            "3、客户跟踪服务,车辆交接后3日内100%跟踪\n4、定期对市场进行调研、分析\n5、多余的一行"
        )
        wizard.action_preview()
        lines = wizard.line_ids.sorted("sequence")
        self.assertEqual(
            [(line.period, line.month_day, line.deadline_days) for line in lines],
            [("daily", 0, 0), ("monthly", 5, 0), ("event", 0, 3), ("none", 0, 0), ("none", 0, 0)],
        )
        lines[3].period = "monthly"  # HR corrects 定期 to monthly
        lines[4].include = False
        wizard.action_confirm()
        duties = self.job.duty_ids.sorted("sequence")
        self.assertEqual(duties[0].name, "Existing duty")
        added = duties[1:]
        self.assertEqual(len(added), 4)
        self.assertEqual(added[0].name, "每日参加晨会、夕会及培训")
        self.assertTrue(all(d.sequence > 7 for d in added))
        self.assertEqual(added.mapped("period"), ["daily", "monthly", "event", "monthly"])
        self.assertEqual(added.mapped("checklist_item"), [True, True, False, True])
        self.assertEqual(added[1].month_day, 5)
        self.assertEqual(added[2].deadline_days, 3)

    def test_several_periods_and_events(self):
        wizard = self._wizard("1、协助总经理制定公司年、季、月汽车销售计划\n2、确实执行交车后跟踪")
        wizard.action_preview()
        lines = wizard.line_ids.sorted("sequence")
        self.assertEqual(lines.mapped("period"), ["monthly", "quarterly", "yearly", "event"])
        self.assertEqual(lines[3].deadline_days, 0)
        wizard.action_confirm()
        added = self.job.duty_ids.sorted("sequence")[1:]
        self.assertEqual(added.mapped("checklist_item"), [True, True, True, False])

    def test_empty_paste_is_refused(self):
        with self.assertRaises(UserError):
            self._wizard(" ").action_preview()
        self.assertEqual(len(self.job.duty_ids), 1)

    def test_leaving_every_line_out_adds_nothing(self):
        wizard = self._wizard("每日参加晨会")
        wizard.action_preview()
        wizard.line_ids.include = False
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(len(self.job.duty_ids), 1)

    def test_an_employee_cannot_paste(self):
        with self.assertRaises(AccessError):
            self._wizard("每日参加晨会", user=self.employee)
        self.assertEqual(len(self.job.duty_ids), 1)

    def test_an_officer_of_another_company_adds_nothing(self):
        other = self.env["res.company"].create({"name": "Paste Other Group"})
        outsider = new_test_user(
            self.env,
            "paste_outsider",
            groups="base.group_user,hr.group_hr_user",
            company_id=other.id,
            company_ids=[other.id],
        )
        with self.assertRaises(AccessError):
            wizard = self._wizard("每日参加晨会", user=outsider)
            wizard.action_preview()
            wizard.action_confirm()
        self.assertEqual(len(self.job.duty_ids), 1)
