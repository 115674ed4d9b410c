"""A printed KPI sheet adds up (tools/kpi_scoring.py): apportion's largest-remainder rounding,
weighted_breakdown's re-weighting of the lines that count, and the period labels (issue 20:
mutation testing found them tested only through the ORM).

Plain tests: they import tools/ only, run in the suite and in scripts/mutation without Odoo.
"""

from datetime import date
from unittest import TestCase

from odoo.addons.dealer_org.tools.kpi_scoring import apportion, period_label, weighted_breakdown


class TestApportion(TestCase):
    def test_nothing_to_share(self):
        self.assertEqual(apportion([50.0, 25.0, 25.0], 100.0), [50.0, 25.0, 25.0])
        self.assertEqual(apportion([], 0.0), [])

    def test_a_missing_unit_goes_to_the_largest_remainder(self):
        self.assertEqual(apportion([33.333, 33.333, 33.334], 100.0), [33.33, 33.33, 33.34])
        self.assertEqual(apportion([33.334, 33.333, 33.333], 100.0), [33.34, 33.33, 33.33])

    def test_a_unit_too_many_is_taken_from_the_largest_gain(self):
        self.assertEqual(apportion([0.336, 0.336, 0.328], 1.0), [0.33, 0.34, 0.33])

    def test_equal_remainders_go_in_order(self):
        self.assertEqual(apportion([100 / 3] * 3, 100.0), [33.34, 33.33, 33.33])

    def test_zero_values_are_never_adjusted(self):
        self.assertEqual(apportion([0.0, 0.004, 0.004], 0.01), [0.0, 0.01, 0.0])
        self.assertEqual(apportion([0.0, 0.0], 1.0), [0.0, 0.0])
        self.assertEqual(apportion([0.0, 0.006], -0.01), [0.0, -0.01])

    def test_several_units_go_round(self):
        self.assertEqual(apportion([1.0, 1.0], 2.05), [1.03, 1.02])
        self.assertEqual(apportion([1.0, 1.0], 1.97), [0.98, 0.99])

    def test_the_target_is_rounded_too(self):
        self.assertEqual(apportion([1.0, 1.0], 2.004), [1.0, 1.0])
        self.assertEqual(apportion([1.0, 1.0], 2.006), [1.01, 1.0])

    def test_digits(self):
        self.assertEqual(apportion([1.234, 1.234], 2.5, digits=1), [1.3, 1.2])
        self.assertEqual(apportion([1.234, 1.236], 2.47, digits=3), [1.234, 1.236])
        self.assertEqual(apportion([1.2344, 1.2344], 2.47, digits=3), [1.235, 1.235])
        self.assertEqual(apportion([1.4, 1.4], 3.0, digits=0), [2.0, 1.0])


class TestWeightedBreakdown(TestCase):
    def test_nothing_counts(self):
        self.assertEqual(weighted_breakdown([(90, 50, False), (80, 50, False)]), [(0.0, 0.0), (0.0, 0.0)])
        self.assertEqual(weighted_breakdown([(90, 0, True), (80, 0, True)]), [(0.0, 0.0), (0.0, 0.0)])
        self.assertEqual(weighted_breakdown([]), [])

    def test_lines_without_data_are_reweighted(self):
        self.assertEqual(
            weighted_breakdown([(100, 30, True), (50, 30, True), (80, 40, False)]),
            [(50.0, 50.0), (50.0, 25.0), (0.0, 0.0)],
        )
        self.assertEqual(
            weighted_breakdown(iter([(100, 60, True), (50, 40, True)])), [(60.0, 60.0), (40.0, 20.0)]
        )

    def test_the_printed_figures_add_up(self):
        lines = [(100, 1, True), (90, 1, True), (80.5, 1, True), (70, 0, True)]
        breakdown = weighted_breakdown(lines)
        self.assertEqual(breakdown, [(33.34, 33.34), (33.33, 30.0), (33.33, 26.83), (0.0, 0.0)])
        self.assertEqual(round(sum(w for w, _s in breakdown), 2), 100.0)
        self.assertEqual(round(sum(s for _w, s in breakdown), 2), 90.17)

    def test_digits(self):
        self.assertEqual(
            weighted_breakdown([(100, 1, True), (90, 1, True), (80.5, 1, True)], digits=1),
            [(33.4, 33.4), (33.3, 30.0), (33.3, 26.8)],
        )


class TestPeriodLabel(TestCase):
    def test_labels(self):
        self.assertEqual(period_label(date(2025, 3, 1), "monthly"), "2025-03")
        self.assertEqual(period_label(date(2025, 11, 1), "monthly"), "2025-11")
        for month, quarter in ((1, 1), (3, 1), (4, 2), (6, 2), (7, 3), (9, 3), (10, 4), (12, 4)):
            self.assertEqual(period_label(date(2025, month, 1), "quarterly"), f"2025-Q{quarter}")
        self.assertEqual(period_label(date(2024, 1, 1), "yearly"), "2024")

    def test_an_unknown_period(self):
        with self.assertRaises(ValueError) as caught:
            period_label(date(2025, 1, 1), "weekly")
        self.assertEqual(
            str(caught.exception), "unknown period type 'weekly': use one of monthly, quarterly, yearly"
        )
