from datetime import date
from unittest import TestCase

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.addons.dealer_org.tools.kpi_scoring import (
    HIGHER,
    LOWER,
    SCORE_CAP,
    GradeBand,
    grade_for,
    period_bounds,
    score_kpi,
    weighted_total,
)

# Odoo's test runs share the machine: no time limits on examples.
settings.register_profile("dealer_org", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("dealer_org")

values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
directions = st.sampled_from([HIGHER, LOWER])
caps = st.floats(min_value=100, max_value=300, allow_nan=False)


@st.composite
def thresholds(draw):
    return tuple(sorted(draw(st.lists(values, min_size=3, max_size=3))))


class TestScoreProperties(TestCase):
    @settings(max_examples=300)
    @given(actual=values, limits=thresholds(), direction=directions, cap=caps)
    def test_bounded(self, actual, limits, direction, cap):
        score = score_kpi(actual, *limits, direction, cap=cap)
        self.assertGreaterEqual(score, 0.0)
        self.assertLessEqual(score, cap)

    @settings(max_examples=300)
    @given(a=values, b=values, limits=thresholds(), direction=directions)
    def test_monotonic(self, a, b, limits, direction):
        low, high = sorted((a, b))
        score_low, score_high = score_kpi(low, *limits, direction), score_kpi(high, *limits, direction)
        if direction == HIGHER:
            self.assertLessEqual(score_low, score_high + 1e-9)
        else:
            self.assertGreaterEqual(score_low + 1e-9, score_high)

    @given(limits=thresholds(), direction=directions)
    def test_target_scores_100(self, limits, direction):
        self.assertAlmostEqual(score_kpi(limits[1], *limits, direction), 100.0)

    @given(limits=thresholds(), beyond=st.floats(min_value=0, max_value=1e6), cap=caps)
    def test_capped_beyond_the_maximum(self, limits, beyond, cap):
        minimum, target, maximum = limits
        if target < maximum:
            self.assertEqual(score_kpi(maximum + beyond, *limits, HIGHER, cap=cap), cap)
        if minimum < target:
            self.assertEqual(score_kpi(minimum - beyond, *limits, LOWER, cap=cap), cap)

    @given(limits=thresholds(), short=st.floats(min_value=1e-3, max_value=1e6))
    def test_zero_short_of_the_minimum(self, limits, short):
        minimum, target, maximum = limits
        self.assertEqual(score_kpi(minimum - short, *limits, HIGHER), 0.0)
        self.assertEqual(score_kpi(maximum + short, *limits, LOWER), 0.0)
        if minimum < target:
            self.assertEqual(score_kpi(minimum, *limits, HIGHER), 0.0)
        if target < maximum:
            self.assertEqual(score_kpi(maximum, *limits, LOWER), 0.0)

    @given(actual=values, limits=thresholds())
    def test_lower_is_the_mirror_of_higher(self, actual, limits):
        minimum, target, maximum = limits
        self.assertAlmostEqual(
            score_kpi(actual, *limits, LOWER), score_kpi(-actual, -maximum, -target, -minimum, HIGHER)
        )


class TestScoreExamples(TestCase):
    def test_sales_target_completion(self):
        # 销售目标完成率: 80 % scores 0, 100 % scores 100, 120 % scores the cap.
        self.assertEqual(score_kpi(80, 80, 100, 120), 0)
        self.assertEqual(score_kpi(90, 80, 100, 120), 50)
        self.assertEqual(score_kpi(100, 80, 100, 120), 100)
        self.assertEqual(score_kpi(110, 80, 100, 120), 110)
        self.assertEqual(score_kpi(150, 80, 100, 120), SCORE_CAP)

    def test_complaints_lower_is_better(self):
        # 客户投诉: 0 complaints is the best, 2 the target, 6 or more scores nothing.
        self.assertEqual(score_kpi(0, 0, 2, 6, LOWER), SCORE_CAP)
        self.assertEqual(score_kpi(1, 0, 2, 6, LOWER), 110)
        self.assertEqual(score_kpi(2, 0, 2, 6, LOWER), 100)
        self.assertEqual(score_kpi(4, 0, 2, 6, LOWER), 50)
        self.assertEqual(score_kpi(9, 0, 2, 6, LOWER), 0)

    def test_steps_when_thresholds_coincide(self):
        # 车辆交接后3日内100%跟踪: anything below 100 % fails, 100 % meets the target.
        self.assertEqual(score_kpi(99.9, 100, 100, 100), 0)
        self.assertEqual(score_kpi(100, 100, 100, 100), 100)
        self.assertEqual(score_kpi(100, 90, 100, 100), 100)
        self.assertEqual(score_kpi(5, 0, 0, 10, LOWER), 50)

    def test_invalid_input_is_refused(self):
        with self.assertRaises(ValueError):
            score_kpi(1, 10, 5, 20)
        with self.assertRaises(ValueError):
            score_kpi(1, 0, 5, 20, "sideways")
        with self.assertRaises(ValueError):
            score_kpi(1, 0, 5, 20, cap=90)
        with self.assertRaises(ValueError):
            score_kpi(float("nan"), 0, 5, 20)


class TestWeightedTotal(TestCase):
    def test_weighted_mean(self):
        self.assertEqual(weighted_total([(100, 50), (50, 30), (0, 20)]), 65)
        self.assertEqual(weighted_total([]), 0)
        self.assertEqual(weighted_total([(80, 0)]), 0)

    @given(st.lists(st.tuples(st.floats(0, SCORE_CAP), st.floats(0.01, 100)), min_size=1, max_size=12))
    def test_between_lowest_and_highest_score(self, lines):
        total = weighted_total(lines)
        scores = [score for score, _weight in lines]
        self.assertGreaterEqual(total, min(scores) - 1e-9)
        self.assertLessEqual(total, max(scores) + 1e-9)

    def test_negative_weight_is_refused(self):
        with self.assertRaises(ValueError):
            weighted_total([(100, -10)])


class TestGrades(TestCase):
    table = [GradeBand(90, "A", 1.2), GradeBand(0, "D", 0.5), GradeBand(75, "B", 1.0), (60, "C", 0.8)]

    def test_band_with_the_highest_reached_minimum(self):
        self.assertEqual(grade_for(95, self.table), GradeBand(90, "A", 1.2))
        self.assertEqual(grade_for(90, self.table).grade, "A")
        self.assertEqual(grade_for(89.99, self.table).grade, "B")
        self.assertEqual(grade_for(60, self.table).coefficient, 0.8)
        self.assertEqual(grade_for(0, self.table).grade, "D")

    def test_no_band_reached(self):
        self.assertIsNone(grade_for(-1, self.table))
        self.assertIsNone(grade_for(50, []))

    @given(a=st.floats(0, SCORE_CAP), b=st.floats(0, SCORE_CAP))
    def test_coefficient_never_falls_as_the_score_rises(self, a, b):
        low, high = sorted((a, b))
        self.assertLessEqual(grade_for(low, self.table).coefficient, grade_for(high, self.table).coefficient)


class TestPeriods(TestCase):
    def test_month_quarter_year(self):
        self.assertEqual(period_bounds(date(2024, 2, 10), "monthly"), (date(2024, 2, 1), date(2024, 2, 29)))
        self.assertEqual(period_bounds(date(2025, 5, 31), "quarterly"), (date(2025, 4, 1), date(2025, 6, 30)))
        self.assertEqual(
            period_bounds(date(2025, 12, 31), "quarterly"), (date(2025, 10, 1), date(2025, 12, 31))
        )
        self.assertEqual(period_bounds(date(2025, 7, 4), "yearly"), (date(2025, 1, 1), date(2025, 12, 31)))
        with self.assertRaises(ValueError):
            period_bounds(date(2025, 7, 4), "weekly")

    @given(
        st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
        st.sampled_from(["monthly", "quarterly", "yearly"]),
    )
    def test_the_period_contains_the_day(self, day, period_type):
        start, end = period_bounds(day, period_type)
        self.assertLessEqual(start, day)
        self.assertLessEqual(day, end)
        self.assertEqual(period_bounds(start, period_type), (start, end))
        self.assertEqual(period_bounds(end, period_type), (start, end))
