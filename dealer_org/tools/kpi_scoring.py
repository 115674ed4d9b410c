"""KPI scoring and evaluation periods, in plain Python (no ORM).

The scoring rule
================

Every KPI has three thresholds with ``minimum <= target <= maximum`` and a direction.

*Higher is better* (sales target completion, satisfaction, follow-up rate …)::

    actual <= minimum            -> 0
    minimum .. target            -> 0 .. 100   (linear)
    target .. maximum            -> 100 .. cap (linear)
    actual >= maximum            -> cap

*Lower is better* (complaints, days of stock, lost customers …) is the mirror image:
the minimum is the best value and the maximum the worst one still scored::

    actual >= maximum            -> 0
    target .. maximum            -> 100 .. 0   (linear)
    minimum .. target            -> cap .. 100 (linear)
    actual <= minimum            -> cap

``cap`` is the score for reaching the maximum (the stretch goal), 120 by default, so
over-achievement earns at most 20 points more than meeting the target. When two
thresholds coincide the segment between them is a step: with ``minimum == target``
reaching the target scores 100 and anything short of it 0; with ``target == maximum``
there is no stretch and the score stays at 100 beyond the target.

The score of an evaluation is the weighted mean of its KPI scores (weights in percent,
normally summing to 100). A grade table of bands ``(minimum score, grade, coefficient)``
maps that total to a grade and a pay coefficient: the band with the highest minimum
score not above the total wins, e.g. ``A >= 90 -> 1.2``.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

HIGHER = "higher"
LOWER = "lower"
DIRECTIONS = (HIGHER, LOWER)
SCORE_CAP = 120.0
TARGET_SCORE = 100.0

MONTHLY = "monthly"
QUARTERLY = "quarterly"
YEARLY = "yearly"
PERIOD_TYPES = (MONTHLY, QUARTERLY, YEARLY)


class GradeBand(NamedTuple):
    min_score: float
    grade: str
    coefficient: float


def check_thresholds(minimum: float, target: float, maximum: float) -> bool:
    """True when the thresholds are finite and ordered ``minimum <= target <= maximum``."""
    values = (minimum, target, maximum)
    return all(math.isfinite(v) for v in values) and minimum <= target <= maximum


def score_kpi(
    actual: float,
    minimum: float,
    target: float,
    maximum: float,
    direction: str = HIGHER,
    cap: float = SCORE_CAP,
) -> float:
    """Score of one KPI between 0 and ``cap`` (100 at the target); see the module docstring.

    Raises ValueError on unordered thresholds, an unknown direction or a cap below 100.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown KPI direction {direction!r}: use {HIGHER!r} or {LOWER!r}")
    if not check_thresholds(minimum, target, maximum):
        raise ValueError(
            f"KPI thresholds must satisfy minimum <= target <= maximum: {minimum}, {target}, {maximum}"
        )
    if cap < TARGET_SCORE:
        raise ValueError(f"the score cap must be at least {TARGET_SCORE}: {cap}")
    if not math.isfinite(actual):
        raise ValueError(f"the actual value must be a finite number: {actual}")
    if direction == LOWER:
        # Mirror the axis: lower actuals become higher ones, the thresholds swap ends.
        actual, minimum, target, maximum = -actual, -maximum, -target, -minimum
    if actual >= target:
        if actual >= maximum:
            return cap if maximum > target else TARGET_SCORE
        stretch = TARGET_SCORE + (cap - TARGET_SCORE) * (actual - target) / (maximum - target)
        return min(max(stretch, TARGET_SCORE), cap)  # float rounding must not leave the segment
    if actual <= minimum:
        return 0.0
    return min(max(TARGET_SCORE * (actual - minimum) / (target - minimum), 0.0), TARGET_SCORE)


def weighted_total(lines: Iterable[tuple[float, float]]) -> float:
    """Weighted mean of ``(score, weight)`` pairs; 0 when the weights add up to nothing."""
    total_weight = 0.0
    total = 0.0
    for score, weight in lines:
        if weight < 0:
            raise ValueError(f"a KPI weight cannot be negative: {weight}")
        total += score * weight
        total_weight += weight
    if total_weight <= 0:
        return 0.0
    return total / total_weight


def apportion(values: list[float], target: float, digits: int = 2) -> list[float]:
    """``values`` rounded to ``digits`` so that they add up to exactly ``target`` (itself
    rounded): the rounding difference goes, one unit of the last digit at a time, to the
    non-zero values whose rounding lost (or gained) the most (largest remainder)."""
    unit = 10.0**-digits
    rounded = [round(value, digits) for value in values]
    missing = round((round(target, digits) - sum(rounded)) / unit)
    if missing:
        sign = 1 if missing > 0 else -1
        candidates = [i for i, value in enumerate(values) if value]
        candidates.sort(key=lambda i: sign * (values[i] - rounded[i]), reverse=True)
        for step in range(abs(missing)):
            if not candidates:
                break
            i = candidates[step % len(candidates)]
            rounded[i] = round(rounded[i] + sign * unit, digits)
    return rounded


def weighted_breakdown(
    lines: Iterable[tuple[float, float, bool]], digits: int = 2
) -> list[tuple[float, float]]:
    """The ``(effective weight, weighted score)`` of each ``(score, weight, counts)`` KPI line.

    A line that does not count (no data for the period) gets ``(0, 0)``; the weights of the
    lines that count are re-normalised to add up to 100 %, and each weighted score is
    ``score × effective weight / 100``. Rounded to ``digits`` with the largest remainder, the
    effective weights add up to exactly 100 and the weighted scores to exactly the rounded
    ``weighted_total`` of the lines that count: what a printed sheet adds up to is the total.
    """
    lines = list(lines)
    counted = [(score, weight) for score, weight, counts in lines if counts]
    total_weight = sum(weight for _score, weight in counted)
    if total_weight <= 0:
        return [(0.0, 0.0)] * len(lines)
    weights = [weight * 100.0 / total_weight if counts else 0.0 for _score, weight, counts in lines]
    scores = [score * weight / 100.0 for (score, _w, _c), weight in zip(lines, weights, strict=True)]
    return list(
        zip(
            apportion(weights, 100.0, digits),
            apportion(scores, weighted_total(counted), digits),
            strict=True,
        )
    )


def grade_for(total: float, table: Iterable[GradeBand | tuple[float, str, float]]) -> GradeBand | None:
    """The band of ``table`` whose minimum score is the highest one not above ``total``.

    None when the table is empty or the total is below every band.
    """
    best = None
    for band in table:
        band = GradeBand(*band)
        if band.min_score <= total and (best is None or band.min_score > best.min_score):
            best = band
    return best


def period_bounds(day: date, period_type: str) -> tuple[date, date]:
    """First and last day of the month, quarter or year containing ``day``."""
    if period_type == MONTHLY:
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if period_type == QUARTERLY:
        first_month = 3 * ((day.month - 1) // 3) + 1
        last_month = first_month + 2
        return (
            date(day.year, first_month, 1),
            date(day.year, last_month, calendar.monthrange(day.year, last_month)[1]),
        )
    if period_type == YEARLY:
        return date(day.year, 1, 1), date(day.year, 12, 31)
    raise ValueError(f"unknown period type {period_type!r}: use one of {', '.join(PERIOD_TYPES)}")


def period_label(start: date, period_type: str) -> str:
    """Short language-neutral name of a period: 2025-03, 2025-Q1, 2025."""
    if period_type == MONTHLY:
        return f"{start.year}-{start.month:02d}"
    if period_type == QUARTERLY:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if period_type == YEARLY:
        return str(start.year)
    raise ValueError(f"unknown period type {period_type!r}: use one of {', '.join(PERIOD_TYPES)}")
