"""The schedule read from a duty's text, every case the docstring of tools/duty_schedule.py
promises (issue 20: 每周日 / 每周天 read as Monday and 每月15日 losing its day went unnoticed while
only 一, 五 and 每月5日 were tested).

Plain tests: they import tools/ only, run in the suite and in scripts/mutation without Odoo.
"""

from unittest import TestCase

from odoo.addons.dealer_org.tools.duty_schedule import (
    MAX_WITHIN_DAYS,
    Schedule,
    named_periods,
    parse_schedule,
)


class TestWeekdays(TestCase):
    def test_every_weekday(self):
        for day, (char, weekday) in enumerate(
            [("一", 0), ("二", 1), ("三", 2), ("四", 3), ("五", 4), ("六", 5), ("日", 6), ("天", 6)]
        ):
            with self.subTest(char=char):
                schedule = parse_schedule(f"每周{char}召开部门例会")
                self.assertEqual((schedule.period, schedule.day), ("weekly", weekday), day)
                self.assertEqual(schedule.periods, ("weekly",))

    def test_sunday_is_not_monday(self):
        self.assertEqual(parse_schedule("每周日盘点展厅").day, 6)
        self.assertEqual(parse_schedule("每周天盘点展厅").day, 6)

    def test_weekly_without_a_day(self):
        schedule = parse_schedule("每周汇总客户回访情况")
        self.assertEqual((schedule.period, schedule.day), ("weekly", None))

    def test_a_weekday_only_counts_for_a_weekly_duty(self):
        # 每日 is shorter than 每周: the duty is daily and takes no weekday.
        schedule = parse_schedule("每日清洁展车,每周一汇总")
        self.assertEqual((schedule.period, schedule.day), ("daily", None))
        self.assertEqual(schedule.periods, ("daily", "weekly"))


class TestMonthDays(TestCase):
    def test_several_days_of_the_month(self):
        for day in (1, 5, 9, 10, 15, 20, 28, 30, 31):
            for suffix in ("日", "号"):
                with self.subTest(day=day, suffix=suffix):
                    schedule = parse_schedule(f"每月{day}{suffix}前上报月度计划")
                    self.assertEqual((schedule.period, schedule.day), ("monthly", day))

    def test_fifteenth(self):
        schedule = parse_schedule("每月15日将销售报表上报至区域经理")
        self.assertEqual((schedule.period, schedule.day, schedule.periods), ("monthly", 15, ("monthly",)))

    def test_no_such_day(self):
        for text in ("每月0日上报", "每月32日上报", "每月99日上报"):
            with self.subTest(text=text):
                schedule = parse_schedule(text)
                self.assertEqual((schedule.period, schedule.day), ("monthly", None))

    def test_a_day_keeps_the_longer_periods_named(self):
        schedule = parse_schedule("每月5日提交月度、季度及年度计划")
        self.assertEqual(schedule.day, 5)
        self.assertEqual(schedule.periods, ("monthly", "quarterly", "yearly"))


class TestDeadlines(TestCase):
    def test_arabic_and_chinese_numerals(self):
        cases = {
            "3日内": 3,
            "3天内": 3,
            "三日内": 3,
            "两天内": 2,
            "十日内": 10,
            "十五天内": 15,
            "二十日内": 20,
            "二十五日内": 25,
            "三十天内": 30,
            f"{MAX_WITHIN_DAYS}日内": MAX_WITHIN_DAYS,
        }
        for words, days in cases.items():
            with self.subTest(words=words):
                schedule = parse_schedule(f"收到投诉后{words}处理完毕")
                self.assertEqual((schedule.period, schedule.within_days), ("event", days))
                self.assertEqual(schedule.event_zh, "收到投诉后")
                self.assertIsNone(schedule.event_en)

    def test_no_usable_deadline(self):
        for words in ("0日内", f"{MAX_WITHIN_DAYS + 1}日内", "3000000日内"):
            with self.subTest(words=words):
                self.assertIsNone(parse_schedule(f"交车后{words}回访").within_days)

    def test_a_known_event_gets_its_english_term(self):
        schedule = parse_schedule("客户车辆交接后3日内电话回访")
        self.assertEqual(
            (schedule.period, schedule.within_days, schedule.event_zh, schedule.event_en),
            ("event", 3, "车辆交接后", "after vehicle handover"),
        )

    def test_a_deadline_without_event_or_period(self):
        schedule = parse_schedule("接到任务3日内完成")
        self.assertEqual(schedule, Schedule("none", within_days=3))
        self.assertFalse(schedule.is_recurring)

    def test_a_period_with_a_deadline(self):
        schedule = parse_schedule("每季度10日内提交季度报告")
        self.assertEqual((schedule.period, schedule.day, schedule.within_days), ("quarterly", None, 10))
        # 每月3日内: by the 3rd, the day of the month.
        schedule = parse_schedule("每月3日内完成盘点")
        self.assertEqual((schedule.period, schedule.day, schedule.within_days), ("monthly", 3, None))

    def test_a_trigger_without_deadline(self):
        for trigger, english in (
            ("交车后", "after vehicle delivery"),
            ("试乘试驾前", "before the test drive"),
            ("试乘试驾结束后", "after the test drive"),
            ("拜访前", "before a customer visit"),
            ("车辆交接后", "after vehicle handover"),
        ):
            with self.subTest(trigger=trigger):
                schedule = parse_schedule(f"{trigger}跟踪客户")
                self.assertEqual(
                    (schedule.period, schedule.event_zh, schedule.event_en, schedule.within_days),
                    ("event", trigger, english, None),
                )

    def test_a_trigger_with_a_deadline_but_no_event_word(self):
        schedule = parse_schedule("拜访前2日内准备资料")
        self.assertEqual((schedule.period, schedule.within_days), ("event", 2))
        self.assertEqual((schedule.event_zh, schedule.event_en), ("拜访前", "before a customer visit"))


class TestPeriods(TestCase):
    def test_each_word(self):
        words = {
            "daily": ("每日", "每天", "日报", "晨会", "夕会", "早会", "早(夕)会"),
            "weekly": ("每周", "周报", "周例会"),
            "monthly": ("每月", "月度", "月报"),
            "quarterly": ("每季", "季度"),
            "yearly": ("每年", "年度", "全年"),
        }
        for period, texts in words.items():
            for text in texts:
                with self.subTest(text=text):
                    schedule = parse_schedule(f"负责{text}工作")
                    self.assertEqual((schedule.period, schedule.periods), (period, (period,)))
                    self.assertTrue(schedule.is_recurring)

    def test_abbreviated_lists(self):
        self.assertEqual(named_periods("制定年、季、月销售计划"), ("monthly", "quarterly", "yearly"))
        self.assertEqual(named_periods("编制周/月报表"), ("weekly", "monthly"))
        self.assertEqual(named_periods("编制日和周总结"), ("daily", "weekly"))
        self.assertEqual(named_periods("完成年度与季度考核"), ("quarterly", "yearly"))
        # 每年 is a period word, not the start of a list; a list must lead to a plan or report.
        self.assertEqual(named_periods("年、季、月"), ())
        self.assertEqual(named_periods(None), ())

    def test_vague_words_and_empty_text(self):
        for text in ("定期检查", "及时处理", "日常维护", "随时待命", "", None):
            with self.subTest(text=text):
                schedule = parse_schedule(text)
                self.assertEqual(schedule, Schedule())
                self.assertFalse(schedule.is_recurring)
