"""The one definition of the periods of duties, checklists and KPIs.

Every list of periods in dealer_org is built from :data:`PERIODS` or checked against it by a
test (``tests/test_periods.py``): the selections of the duty, the checklist and the KPIs, which
periods recur (and so which checklists the cron generates), the day settings a duty of each
period takes and the one check of them (the duty model's constraint, the paste wizard and the
organisation import), the parser's order, the views' conditions, the XSD enumeration and the
benchmarks. Adding a period means adding it here, then following the failing tests.

Pure Python, no ORM. The labels are the English selection labels: Odoo translates them through
the .po files as any selection label (keep them as they are, or update the .pot and .po).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

# The day settings a duty may have besides its period (fields of dealer_org.job.duty).
WEEKDAY, MONTH_DAY, PERIOD_MONTH, DEADLINE_DAYS, EVENT = (
    "weekday",
    "month_day",
    "period_month",
    "deadline_days",
    "event",
)


def _last_day(year, month):
    return calendar.monthrange(year, month)[1]


def _month_end(year, month):
    return date(year, month, _last_day(year, month))


def _daily(day):
    return day, day


def _weekly(day):
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


def _monthly(day):
    return day.replace(day=1), _month_end(day.year, day.month)


def _quarterly(day):
    first_month = (day.month - 1) // 3 * 3 + 1
    return date(day.year, first_month, 1), _month_end(day.year, first_month + 2)


def _yearly(day):
    return date(day.year, 1, 1), date(day.year, 12, 31)


def _iso_week(start):
    year, week, _day = start.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class PeriodDefinition:
    """One period: its key (the stored selection value), its English label, whether duties of
    it recur (and get checklists), the day settings a duty of it takes, the setting the
    parser's day fills (每周一 → weekday, 每月5日 → month_day), the months a period_month may
    take, whether KPIs use it, and its date arithmetic for a recurring one: ``bounds(day)``
    gives the first and last day of the period containing ``day``, ``code(start)`` its short
    sortable label (2024-W01)."""

    key: str
    label: str
    recurring: bool = False
    settings: frozenset = frozenset({DEADLINE_DAYS})
    parsed_day: str | None = None
    months: int | None = None
    kpi: bool = False
    bounds: object = None
    code: object = None


PERIODS = (
    PeriodDefinition("none", "No fixed period"),
    PeriodDefinition(
        "daily",
        "Daily",
        recurring=True,
        bounds=_daily,
        code=lambda start: start.isoformat(),
    ),
    PeriodDefinition(
        "weekly",
        "Weekly",
        recurring=True,
        settings=frozenset({WEEKDAY, DEADLINE_DAYS}),
        parsed_day=WEEKDAY,
        bounds=_weekly,
        code=_iso_week,
    ),
    PeriodDefinition(
        "monthly",
        "Monthly",
        recurring=True,
        settings=frozenset({MONTH_DAY, DEADLINE_DAYS}),
        parsed_day=MONTH_DAY,
        kpi=True,
        bounds=_monthly,
        code=lambda start: f"{start.year}-{start.month:02d}",
    ),
    PeriodDefinition(
        "quarterly",
        "Quarterly",
        recurring=True,
        settings=frozenset({MONTH_DAY, PERIOD_MONTH, DEADLINE_DAYS}),
        months=3,
        kpi=True,
        bounds=_quarterly,
        code=lambda start: f"{start.year}-Q{(start.month - 1) // 3 + 1}",
    ),
    PeriodDefinition(
        "yearly",
        "Yearly",
        recurring=True,
        settings=frozenset({MONTH_DAY, PERIOD_MONTH, DEADLINE_DAYS}),
        months=12,
        kpi=True,
        bounds=_yearly,
        code=lambda start: str(start.year),
    ),
    PeriodDefinition("event", "On an event", settings=frozenset({DEADLINE_DAYS, EVENT})),
)

BY_KEY = {period.key: period for period in PERIODS}
KEYS = tuple(BY_KEY)
# The recurring periods, shortest first: the checklist's period types, the ones the cron
# generates, the parser's order.
RECURRING = tuple(p.key for p in PERIODS if p.recurring)
KPI = tuple(p.key for p in PERIODS if p.kpi)
# Months a period_month may take within a period (1 = the period's first month).
MONTHS_IN_PERIOD = {p.key: p.months for p in PERIODS if p.months}


def selection(keys=KEYS):
    """The (key, English label) pairs of ``keys``, in the definition's order, for a Selection."""
    return [(p.key, p.label) for p in PERIODS if p.key in keys]


def is_recurring(period):
    return period in RECURRING


def takes(period, setting):
    """Whether a duty of ``period`` takes the day setting ``setting`` (WEEKDAY, MONTH_DAY …)."""
    definition = BY_KEY.get(period)
    return bool(definition) and setting in definition.settings


def periods_taking(setting):
    """The keys of the periods that take ``setting``, in the definition's order."""
    return tuple(p.key for p in PERIODS if setting in p.settings)


def parsed_day(period):
    """The setting the parser's day fills for ``period`` (WEEKDAY, MONTH_DAY) or None."""
    definition = BY_KEY.get(period)
    return definition.parsed_day if definition else None


def duty_problems(period, weekday=None, month_day=None, period_month=None, checklist_item=False):
    """The settings of a duty its period refuses, as a set of WEEKDAY, MONTH_DAY, PERIOD_MONTH
    and "checklist" (a checklist item without a recurring period). The one check behind the
    duty model's constraint, the paste wizard and the organisation import: each words its own
    message in its own order."""
    period = period or "none"
    problems = set()
    if weekday and not takes(period, WEEKDAY):
        problems.add(WEEKDAY)
    if month_day and not takes(period, MONTH_DAY):
        problems.add(MONTH_DAY)
    if period_month:
        months = MONTHS_IN_PERIOD.get(period)
        if not takes(period, PERIOD_MONTH) or not months or int(period_month) > months:
            problems.add(PERIOD_MONTH)
    if checklist_item and not is_recurring(period):
        problems.add("checklist")
    return problems
