"""Period arithmetic of duty checklists: which period a day falls in, when a duty of a
period is due, which periods are still to be generated after downtime.

Pure functions, no ORM: the checklist model calls them. Weeks start on Monday (as in
China); quarters start in January, April, July and October.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytz

from .periods import BY_KEY, MONTHS_IN_PERIOD, RECURRING, _last_day

# The checklists' period types: the recurring periods of tools/periods.py.
PERIOD_TYPES = RECURRING


@dataclass(frozen=True, order=True)
class Period:
    """One occurrence of a period type: its first and last day, both included."""

    start: date
    end: date
    type: str

    @property
    def key(self):
        """A short, sortable label: 2024-01-05, 2024-W01, 2024-01, 2024-Q1, 2024."""
        return BY_KEY[self.type].code(self.start)

    def previous(self):
        return period_of(self.type, self.start - timedelta(days=1))

    def next(self):
        return period_of(self.type, self.end + timedelta(days=1))


def period_of(period_type, day):
    """The :class:`Period` of ``period_type`` that contains ``day``."""
    definition = BY_KEY.get(period_type)
    if definition is not None and definition.recurring:
        start, end = definition.bounds(day)
        return Period(start, end, period_type)
    raise ValueError(f"unknown period type {period_type!r}; expected one of {', '.join(PERIOD_TYPES)}")


def duty_deadline(period, weekday=None, month_day=None, period_month=None, deadline_days=0):
    """The last day to complete a duty in ``period``.

    A duty may be anchored on a day of its period: a weekly duty on a weekday (0 =
    Monday), a monthly one on a day of the month (每月5日), a quarterly or yearly one on
    a day of a month of the period (``period_month`` 1 = its first month; the month's
    last day without ``month_day``). Daily duties are anchored on their day. The
    deadline is the anchor plus ``deadline_days``; without an anchor it is the period's
    start plus ``deadline_days``, or the period's last day. Days past the end of a short
    month fall on its last day (每月31日 in February is the 28th or 29th).
    """
    deadline_days = deadline_days or 0
    start = period.start
    anchor = None
    # pragma below: a daily period starts and ends on its day, so the fallbacks give the same deadline
    if period.type == "daily":  # pragma: no mutate
        anchor = start  # pragma: no mutate
    elif period.type == "weekly" and weekday is not None and weekday is not False:
        anchor = start + timedelta(days=int(weekday))
    elif period.type == "monthly" and month_day:
        anchor = start.replace(day=min(month_day, _last_day(start.year, start.month)))
    elif period.type in MONTHS_IN_PERIOD and (month_day or period_month):
        month = start.month + min(period_month or 1, MONTHS_IN_PERIOD[period.type]) - 1
        last = _last_day(start.year, month)
        anchor = date(start.year, month, min(month_day, last) if month_day else last)
    if anchor is not None:
        return anchor + timedelta(days=deadline_days)
    if deadline_days:
        return start + timedelta(days=deadline_days)
    return period.end


def periods_to_generate(period_type, today, last_start=None, catch_up=3):
    """The periods of ``period_type`` to generate on ``today``, oldest first.

    ``last_start`` is the start of the latest period already generated (None: never).
    Without one, only the current period is due. After downtime, the periods missed
    since ``last_start`` are caught up, but at most ``catch_up`` of them besides the
    current one: older ones are left out.
    """
    current = period_of(period_type, today)
    if last_start is None:
        return [current]
    periods = []
    period = current
    while period.start > last_start and len(periods) <= max(catch_up, 0):
        periods.append(period)
        period = period.previous()
    return periods[::-1]


def local_today(now_utc, tz_name):
    """The date it is at ``now_utc`` (a naive UTC datetime) in the timezone ``tz_name``;
    an unknown or empty timezone counts as UTC."""
    try:
        tz = pytz.timezone(tz_name or "UTC")  # pragma: no mutate (an unknown name is UTC below)
    except pytz.UnknownTimeZoneError:
        tz = pytz.utc
    return pytz.utc.localize(now_utc).astimezone(tz).date()
