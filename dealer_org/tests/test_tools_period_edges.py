"""Edges of the period arithmetic (tools/checklist_periods.py) and of the deadlines read from a
duty's text (tools/duty_schedule.py) that mutation testing found unasserted (issue 20): the day
after a daily period, a weekday given as False, the default catch-up, an unknown timezone on a
server whose clock is not UTC, a one-day deadline.

Plain tests: they import tools/ only, run in the suite and in scripts/mutation without Odoo.
"""

import os
import time
from datetime import date, datetime
from unittest import TestCase

from odoo.addons.dealer_org.tools.checklist_periods import (
    duty_deadline,
    local_today,
    period_of,
    periods_to_generate,
)
from odoo.addons.dealer_org.tools.duty_schedule import parse_schedule


class TestPeriods(TestCase):
    def test_the_next_day(self):
        self.assertEqual(period_of("daily", date(2026, 2, 28)).next(), period_of("daily", date(2026, 3, 1)))
        self.assertEqual(period_of("weekly", date(2026, 3, 1)).next().start, date(2026, 3, 2))

    def test_an_unknown_period_type(self):
        with self.assertRaises(ValueError) as caught:
            period_of("hourly", date(2026, 1, 1))
        self.assertEqual(
            str(caught.exception),
            "unknown period type 'hourly'; expected one of daily, weekly, monthly, quarterly, yearly",
        )

    def test_a_weekday_false_is_no_weekday(self):
        week = period_of("weekly", date(2026, 3, 4))  # Monday 2 to Sunday 8 March
        self.assertEqual(duty_deadline(week, weekday=False), date(2026, 3, 8))
        self.assertEqual(duty_deadline(week, weekday=0), date(2026, 3, 2))

    def test_three_periods_caught_up_by_default(self):
        periods = periods_to_generate("monthly", date(2026, 6, 15), last_start=date(2025, 1, 1))
        self.assertEqual([p.start.month for p in periods], [3, 4, 5, 6])

    def test_an_unknown_timezone_is_utc_whatever_the_servers_clock(self):
        saved = os.environ.get("TZ")
        os.environ["TZ"] = "Asia/Shanghai"
        time.tzset()
        try:
            now = datetime(2026, 1, 1, 20, 0)  # 04:00 on the 2nd in Shanghai
            self.assertEqual(local_today(now, "Nowhere/Unknown"), date(2026, 1, 1))
            self.assertEqual(local_today(now, ""), date(2026, 1, 1))
            self.assertEqual(local_today(now, "Asia/Shanghai"), date(2026, 1, 2))
        finally:
            if saved is None:
                os.environ.pop("TZ", None)
            else:
                os.environ["TZ"] = saved
            time.tzset()


class TestDeadlines(TestCase):
    def test_one_day(self):
        for words in ("一日内", "1天内"):
            with self.subTest(words=words):
                self.assertEqual(parse_schedule(f"交车后{words}回访").within_days, 1)
