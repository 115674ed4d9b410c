"""The period or deadline read from a duty's Chinese text (tools/duty_schedule.py), which the
library and the duty form store and checklists are generated from: 每日 → daily; 每周一…日 → weekly
on that weekday; 每月N日 → monthly on day N; 月度/每月, 季度, 年度/全年; the shortest of several
periods, with every period a line names (年、季、月 / 月度、季度及年度 → monthly, quarterly and yearly);
日报表/周报表/月报表 and 晨会/夕会/早(夕)会; *event*后N日内 (also in Chinese numerals) → N days after the
event, with its English term when known; an event trigger without a deadline (交车后, 试乘试驾前,
试乘试驾结束后, 拜访前) → an event duty, never a recurring one; vague words (定期, 及时, 日常, 随时) and
text naming no period → no period."""

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


class TestPeriodsAsTheDocumentsSayThem(TestCase):
    """Every frequency expression the seed documents use, against the line that uses it."""

    def period(self, text):
        s = parse_schedule(text)
        return s.period, s.periods

    def test_abbreviated_lists_name_each_period(self):
        s = parse_schedule("协助总经理制定公司年、季、月汽车销售计划,负责完成专营店下达的销售及相关经营指标")
        self.assertEqual((s.period, s.periods), ("monthly", ("monthly", "quarterly", "yearly")))
        s = parse_schedule("制定月度、季度及年度的二手车经营计划,上报东风悦达起亚并组织实施")
        self.assertEqual(s.periods, ("monthly", "quarterly", "yearly"))
        s = parse_schedule("负责组织编制公司年度财务预、决算和月度资金收支预算")
        self.assertEqual(s.periods, ("monthly", "yearly"))
        self.assertEqual(parse_schedule("节假日、月底值班").period, "none", "not a list of periods")

    def test_reports(self):
        s = parse_schedule("建立展厅精品进销存日报表、每月编制精品销售月报表")
        self.assertEqual((s.period, s.periods), ("daily", ("daily", "monthly")))
        self.assertEqual(parse_schedule("每周五提交周报").periods, ("weekly",))

    def test_morning_and_evening_meetings_are_daily(self):
        for text in ("参加晨会、夕会及培训", "每日依规定时间参与早(夕)会", "主持召开每日晨会、夕会"):
            self.assertEqual(parse_schedule(text).period, "daily", text)

    def test_event_triggers_without_deadline(self):
        cases = {
            "确实执行交车后跟踪,以电话访问、短信、信函等方式,保持良好互动关系": (
                "交车后",
                "after vehicle delivery",
            ),
            "接待试乘试驾客户,为客户进行试乘试驾前培训,讲解车辆各功能组件及车辆试乘试驾要求": (
                "试乘试驾前",
                "before the test drive",
            ),
            "试乘试驾结束后确保将车辆停放至指定区域": ("试乘试驾结束后", "after the test drive"),
            "试乘试驾结束后协助销售顾问请客户填写试乘试驾反馈意见": (
                "试乘试驾结束后",
                "after the test drive",
            ),
            "做好拜访前的外围调查工作,分析判断实现销售的可能性": ("拜访前", "before a customer visit"),
        }
        for text, (event_zh, event_en) in cases.items():
            s = parse_schedule(text)
            self.assertEqual(
                (s.period, s.within_days, s.event_zh, s.event_en), ("event", None, event_zh, event_en)
            )
            self.assertFalse(s.is_recurring, "an event duty is never a daily checklist item")

    def test_a_daily_duty_before_leaving_stays_daily(self):
        s = parse_schedule("每日下班前对本日内战败客户进行汇总分析,向展厅主管提交战败客户总结")
        self.assertEqual((s.period, s.event_zh), ("daily", None))

    def test_vague_words_state_no_period(self):
        for text in (
            "定期对市场进行调研、分析,掌握竞争对手动向",
            "及时了解客户反馈,向相关部门传递信息,促进问题解决",
            "日常收款、付款、报销票据确认,现金账、银行账目记录,开具发票记录,凭证编制",
            "车辆在库维护及日常检查统计",
            "检查销售顾问客户管理情况,随时掌握销售进度",
            "制定公司业务短、中、长期目标",
        ):
            self.assertEqual(parse_schedule(text).period, "none", text)

    def test_yearly_words(self):
        for text in (
            "完成全年大客户销售目标,定期完成大客户返款",
            "制定业务、生产、备件、经营等年度和长期工作目标",
        ):
            self.assertEqual(parse_schedule(text).periods, ("yearly",), text)
