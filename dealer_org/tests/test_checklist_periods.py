from datetime import date, datetime
from unittest import TestCase

from odoo.addons.dealer_org.tools.checklist_periods import (
    duty_deadline,
    local_today,
    period_of,
    periods_to_generate,
)


class TestPeriodOf(TestCase):
    def test_daily(self):
        p = period_of("daily", date(2024, 2, 29))
        self.assertEqual((p.start, p.end, p.key), (date(2024, 2, 29), date(2024, 2, 29), "2024-02-29"))

    def test_weekly_starts_on_monday(self):
        p = period_of("weekly", date(2024, 1, 3))  # a Wednesday
        self.assertEqual((p.start, p.end, p.key), (date(2024, 1, 1), date(2024, 1, 7), "2024-W01"))
        # a week across the new year belongs to its ISO year
        self.assertEqual(period_of("weekly", date(2025, 1, 1)).key, "2025-W01")
        self.assertEqual(period_of("weekly", date(2025, 1, 1)).start, date(2024, 12, 30))

    def test_monthly_in_a_leap_february(self):
        p = period_of("monthly", date(2024, 2, 10))
        self.assertEqual((p.start, p.end, p.key), (date(2024, 2, 1), date(2024, 2, 29), "2024-02"))

    def test_quarterly(self):
        p = period_of("quarterly", date(2024, 8, 15))
        self.assertEqual((p.start, p.end, p.key), (date(2024, 7, 1), date(2024, 9, 30), "2024-Q3"))
        self.assertEqual(period_of("quarterly", date(2024, 12, 31)).end, date(2024, 12, 31))

    def test_yearly(self):
        p = period_of("yearly", date(2024, 6, 1))
        self.assertEqual((p.start, p.end, p.key), (date(2024, 1, 1), date(2024, 12, 31), "2024"))

    def test_previous_and_next(self):
        p = period_of("monthly", date(2024, 3, 31))
        self.assertEqual(p.previous().start, date(2024, 2, 1))
        self.assertEqual(p.next().start, date(2024, 4, 1))
        self.assertEqual(period_of("quarterly", date(2024, 1, 5)).previous().key, "2023-Q4")

    def test_unknown_type(self):
        with self.assertRaises(ValueError):
            period_of("hourly", date(2024, 1, 1))


class TestDutyDeadline(TestCase):
    def test_daily_duty_is_due_on_its_day(self):
        day = period_of("daily", date(2024, 5, 6))
        self.assertEqual(duty_deadline(day), date(2024, 5, 6))
        self.assertEqual(duty_deadline(day, deadline_days=1), date(2024, 5, 7))

    def test_weekly_on_a_weekday(self):
        week = period_of("weekly", date(2024, 5, 8))  # week of Monday 6 May
        self.assertEqual(duty_deadline(week, weekday=4), date(2024, 5, 10))  # 每周五
        self.assertEqual(duty_deadline(week, weekday=0), date(2024, 5, 6))
        self.assertEqual(duty_deadline(week, weekday="2"), date(2024, 5, 8))
        self.assertEqual(duty_deadline(week), date(2024, 5, 12))  # no weekday: by Sunday

    def test_monthly_on_a_day(self):
        month = period_of("monthly", date(2024, 5, 20))
        self.assertEqual(duty_deadline(month, month_day=5), date(2024, 5, 5))  # 每月5日
        self.assertEqual(duty_deadline(month), date(2024, 5, 31))
        self.assertEqual(duty_deadline(month, deadline_days=10), date(2024, 5, 11))

    def test_month_day_past_a_short_month_falls_on_its_last_day(self):
        feb = period_of("monthly", date(2023, 2, 1))
        self.assertEqual(duty_deadline(feb, month_day=31), date(2023, 2, 28))

    def test_quarterly_and_yearly_anchors(self):
        q2 = period_of("quarterly", date(2024, 5, 1))
        self.assertEqual(duty_deadline(q2), date(2024, 6, 30))
        self.assertEqual(duty_deadline(q2, month_day=10), date(2024, 4, 10))
        self.assertEqual(duty_deadline(q2, period_month=2, month_day=31), date(2024, 5, 31))
        self.assertEqual(duty_deadline(q2, period_month=3), date(2024, 6, 30))
        year = period_of("yearly", date(2024, 5, 1))
        self.assertEqual(duty_deadline(year), date(2024, 12, 31))
        self.assertEqual(duty_deadline(year, period_month=1, month_day=15), date(2024, 1, 15))
        self.assertEqual(duty_deadline(year, period_month=2), date(2024, 2, 29))


class TestPeriodsToGenerate(TestCase):
    def test_first_time_only_the_current_period(self):
        self.assertEqual(
            [p.key for p in periods_to_generate("daily", date(2024, 5, 6))],
            ["2024-05-06"],
        )

    def test_nothing_when_the_current_period_exists(self):
        self.assertEqual(periods_to_generate("daily", date(2024, 5, 6), last_start=date(2024, 5, 6)), [])
        self.assertEqual(periods_to_generate("monthly", date(2024, 5, 20), last_start=date(2024, 5, 1)), [])

    def test_catches_up_missed_periods(self):
        periods = periods_to_generate("daily", date(2024, 5, 6), last_start=date(2024, 5, 3))
        self.assertEqual([p.key for p in periods], ["2024-05-04", "2024-05-05", "2024-05-06"])

    def test_catch_up_is_bounded(self):
        periods = periods_to_generate("daily", date(2024, 5, 6), last_start=date(2024, 1, 1), catch_up=2)
        self.assertEqual([p.key for p in periods], ["2024-05-04", "2024-05-05", "2024-05-06"])
        weeks = periods_to_generate("weekly", date(2024, 5, 6), last_start=date(2023, 1, 2), catch_up=0)
        self.assertEqual([p.key for p in weeks], ["2024-W19"])

    def test_monthly_catch_up(self):
        periods = periods_to_generate("monthly", date(2024, 5, 20), last_start=date(2024, 2, 1))
        self.assertEqual([p.key for p in periods], ["2024-03", "2024-04", "2024-05"])


class TestLocalToday(TestCase):
    def test_china_day_starts_eight_hours_before_utc(self):
        # 16:30 UTC on 5 May is 00:30 on 6 May in China
        self.assertEqual(local_today(datetime(2024, 5, 5, 16, 30), "Asia/Shanghai"), date(2024, 5, 6))
        self.assertEqual(local_today(datetime(2024, 5, 5, 15, 59), "Asia/Shanghai"), date(2024, 5, 5))
        self.assertEqual(local_today(datetime(2024, 5, 5, 16, 30), "UTC"), date(2024, 5, 5))

    def test_unknown_timezone_counts_as_utc(self):
        self.assertEqual(local_today(datetime(2024, 5, 5, 23, 0), "Mars/Olympus"), date(2024, 5, 5))
        self.assertEqual(local_today(datetime(2024, 5, 5, 23, 0), False), date(2024, 5, 5))
