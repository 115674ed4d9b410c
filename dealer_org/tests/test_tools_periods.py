"""The one definition of the periods (tools/periods.py) states what the module did before it
existed: the keys and English labels of the selections, the recurring periods, the day settings
each period takes and the one check of a duty's settings.

Plain tests: they import tools/ only, run in the suite and in scripts/mutation without Odoo.
test_periods.py checks the rest of the module against the definition.
"""

from datetime import date
from unittest import TestCase

from odoo.addons.dealer_org.tools import periods
from odoo.addons.dealer_org.tools.periods import DEADLINE_DAYS, EVENT, MONTH_DAY, PERIOD_MONTH, WEEKDAY


class TestDefinition(TestCase):
    def test_keys_and_labels(self):
        self.assertEqual(
            periods.selection(),
            [
                ("none", "No fixed period"),
                ("daily", "Daily"),
                ("weekly", "Weekly"),
                ("monthly", "Monthly"),
                ("quarterly", "Quarterly"),
                ("yearly", "Yearly"),
                ("event", "On an event"),
            ],
        )
        self.assertEqual(periods.KEYS, ("none", "daily", "weekly", "monthly", "quarterly", "yearly", "event"))
        self.assertEqual(periods.RECURRING, ("daily", "weekly", "monthly", "quarterly", "yearly"))
        self.assertEqual(periods.KPI, ("monthly", "quarterly", "yearly"))
        self.assertEqual(
            periods.selection(periods.KPI),
            [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly")],
        )
        self.assertEqual(periods.MONTHS_IN_PERIOD, {"quarterly": 3, "yearly": 12})

    def test_recurring(self):
        for key in periods.KEYS:
            self.assertEqual(periods.is_recurring(key), key in periods.RECURRING, key)
        self.assertFalse(periods.is_recurring("biweekly"))
        self.assertFalse(periods.is_recurring(False))

    def test_settings(self):
        self.assertEqual(periods.periods_taking(WEEKDAY), ("weekly",))
        self.assertEqual(periods.periods_taking(MONTH_DAY), ("monthly", "quarterly", "yearly"))
        self.assertEqual(periods.periods_taking(PERIOD_MONTH), ("quarterly", "yearly"))
        self.assertEqual(periods.periods_taking(EVENT), ("event",))
        self.assertEqual(periods.periods_taking(DEADLINE_DAYS), periods.KEYS)
        self.assertTrue(periods.takes("weekly", WEEKDAY))
        self.assertFalse(periods.takes("daily", WEEKDAY))
        self.assertFalse(periods.takes("unknown", DEADLINE_DAYS))
        self.assertFalse(periods.takes(None, WEEKDAY))

    def test_parsed_day(self):
        self.assertEqual(
            {key: periods.parsed_day(key) for key in periods.KEYS if periods.parsed_day(key)},
            {
                "weekly": WEEKDAY,
                "monthly": MONTH_DAY,
            },
        )
        self.assertIsNone(periods.parsed_day("unknown"))
        self.assertIsNone(periods.parsed_day(False))

    def test_date_arithmetic(self):
        day = date(2024, 5, 15)  # a Wednesday
        expected = {
            "daily": (date(2024, 5, 15), date(2024, 5, 15), "2024-05-15"),
            "weekly": (date(2024, 5, 13), date(2024, 5, 19), "2024-W20"),
            "monthly": (date(2024, 5, 1), date(2024, 5, 31), "2024-05"),
            "quarterly": (date(2024, 4, 1), date(2024, 6, 30), "2024-Q2"),
            "yearly": (date(2024, 1, 1), date(2024, 12, 31), "2024"),
        }
        for key, (start, end, code) in expected.items():
            definition = periods.BY_KEY[key]
            self.assertEqual(definition.bounds(day), (start, end), key)
            self.assertEqual(definition.code(start), code, key)
        self.assertEqual(
            periods.BY_KEY["quarterly"].bounds(date(2024, 12, 31)), (date(2024, 10, 1), date(2024, 12, 31))
        )
        self.assertEqual(
            periods.BY_KEY["monthly"].bounds(date(2024, 2, 10)), (date(2024, 2, 1), date(2024, 2, 29))
        )
        for key in ("none", "event"):
            self.assertIsNone(periods.BY_KEY[key].bounds)
            self.assertIsNone(periods.BY_KEY[key].code)


class TestDutyProblems(TestCase):
    """The one check of a duty's settings (the model's constraint, the paste, the import)."""

    def test_nothing_set_nothing_refused(self):
        for key in periods.KEYS:
            self.assertEqual(periods.duty_problems(key), set(), key)
        self.assertEqual(periods.duty_problems(None), set())
        self.assertEqual(periods.duty_problems(False, weekday=False, month_day=0, period_month=0), set())

    def test_weekday_only_for_weekly(self):
        for key in periods.KEYS:
            for weekday in ("0", "6"):
                refused = WEEKDAY in periods.duty_problems(key, weekday=weekday)
                self.assertEqual(refused, key != "weekly", (key, weekday))
        self.assertEqual(periods.duty_problems("daily", weekday=""), set())
        self.assertEqual(periods.duty_problems(None, weekday="1"), {WEEKDAY})

    def test_month_day_only_for_monthly_quarterly_yearly(self):
        for key in periods.KEYS:
            refused = MONTH_DAY in periods.duty_problems(key, month_day=5)
            self.assertEqual(refused, key not in ("monthly", "quarterly", "yearly"), key)
        self.assertEqual(periods.duty_problems("weekly", month_day="0"), {MONTH_DAY})  # an XML attribute

    def test_month_in_period(self):
        for key in periods.KEYS:
            refused = PERIOD_MONTH in periods.duty_problems(key, period_month=1)
            self.assertEqual(refused, key not in ("quarterly", "yearly"), key)
        self.assertEqual(periods.duty_problems("quarterly", period_month=3), set())
        self.assertEqual(periods.duty_problems("quarterly", period_month=4), {PERIOD_MONTH})
        self.assertEqual(periods.duty_problems("yearly", period_month="12"), set())
        self.assertEqual(periods.duty_problems("yearly", period_month="13"), {PERIOD_MONTH})

    def test_checklist_item_needs_a_recurring_period(self):
        for key in periods.KEYS:
            refused = "checklist" in periods.duty_problems(key, checklist_item=True)
            self.assertEqual(refused, key not in periods.RECURRING, key)
            self.assertEqual(periods.duty_problems(key, checklist_item=False), set())

    def test_every_problem_at_once(self):
        self.assertEqual(
            periods.duty_problems("none", weekday="1", month_day=5, period_month=2, checklist_item=True),
            {WEEKDAY, MONTH_DAY, PERIOD_MONTH, "checklist"},
        )
