"""The period or deadline read from a duty's Chinese text (tools/duty_schedule.py), which the
library and the duty form store and checklists are generated from: 每日 → daily; 每周一…日 → weekly
on that weekday; 每月N日 → monthly on day N; 月度/每月, 季度, 年度/全年; the shortest of several
periods; *event*后N日内 (also in Chinese numerals) → N days after the event, with its English term
when known; no period when the text names none."""

from unittest import TestCase

from odoo.addons.dealer_org.tools.duty_schedule import parse_schedule


class TestParseSchedule(TestCase):
    def test_daily(self):
        s = parse_schedule("每日及时清洁维护展车,确保展车符合展示要求")
        self.assertEqual((s.period, s.day, s.within_days), ("daily", None, None))
        self.assertTrue(s.is_recurring)

    def test_monthly_on_a_day(self):
        s = parse_schedule("每月5日将《月度内部培训计划表》上报至所属区域销售督导")
        self.assertEqual((s.period, s.day), ("monthly", 5))

    def test_monthly_without_day(self):
        self.assertEqual(parse_schedule("编制月度市场工作计划并监督实施").period, "monthly")
        self.assertEqual(parse_schedule("每月与财务进行帐务及实物盘点").period, "monthly")

    def test_shortest_period_wins(self):
        self.assertEqual(
            parse_schedule("制定月度、季度及年度的二手车经营计划,上报东风悦达起亚并组织实施").period,
            "monthly",
        )

    def test_quarterly_and_yearly(self):
        self.assertEqual(parse_schedule("每季度进行库存盘点").period, "quarterly")
        self.assertEqual(parse_schedule("组织实施公司的年度工作计划").period, "yearly")
        self.assertEqual(parse_schedule("完成全年大客户销售目标").period, "yearly")

    def test_weekly_on_a_weekday(self):
        s = parse_schedule("每周一召开部门例会")
        self.assertEqual((s.period, s.day), ("weekly", 0))
        self.assertEqual(parse_schedule("每周五提交周报").day, 4)

    def test_event_with_deadline(self):
        s = parse_schedule("客户跟踪服务,车辆交接后3日内100%跟踪")
        self.assertEqual(
            (s.period, s.within_days, s.event_zh, s.event_en),
            ("event", 3, "车辆交接后", "after vehicle handover"),
        )
        self.assertFalse(s.is_recurring)

    def test_chinese_numerals(self):
        self.assertEqual(parse_schedule("交车后三日内完成回访").within_days, 3)
        self.assertEqual(parse_schedule("交车后十五天内完成回访").within_days, 15)

    def test_unknown_event_keeps_chinese(self):
        s = parse_schedule("投诉受理后2日内答复客户")
        self.assertEqual((s.period, s.within_days, s.event_en), ("event", 2, None))
        self.assertTrue(s.event_zh.endswith("后"))

    def test_no_period(self):
        s = parse_schedule("负责二级网络的开发及建店组织")
        self.assertEqual((s.period, s.day, s.within_days), ("none", None, None))
        self.assertEqual(parse_schedule("定期对市场进行调研、分析").period, "none")
        self.assertEqual(parse_schedule("").period, "none")
