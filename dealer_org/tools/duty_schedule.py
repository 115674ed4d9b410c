"""Read the period or deadline a duty's Chinese text states (每日, 每月5日, 3日内 …).

Pure functions, no ORM: the library loader and the duty model both call
:func:`parse_schedule`.
"""

import re
from dataclasses import dataclass

PERIODS = ("none", "daily", "weekly", "monthly", "quarterly", "yearly", "event")

# The longest deadline a duty may have (the duty model refuses more): a text stating a
# longer one (3000000日内) states no usable deadline.
MAX_WITHIN_DAYS = 366

WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

# Events a duty can hang on, as the documents word them, with their English term.
EVENTS = {
    "车辆交接后": "after vehicle handover",
    "交车后": "after vehicle delivery",
    "试乘试驾结束后": "after the test drive",
    "下班前": "before the end of the working day",
}

_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}

_RE_EVENT_DEADLINE = re.compile(r"([\u4e00-\u9fff]{2,8}后)(\d+|[一二两三四五六七八九十]+)(?:日|天)内")
_RE_DEADLINE = re.compile(r"(\d+|[一二两三四五六七八九十]+)(?:日|天)内")
_RE_MONTH_DAY = re.compile(r"每月(\d{1,2})(?:日|号)")
_RE_WEEKDAY = re.compile(r"每周([一二三四五六日天])")
_PERIOD_WORDS = (
    ("daily", ("每日", "每天")),
    ("weekly", ("每周", "周报")),
    ("monthly", ("每月", "月度", "月报")),
    ("quarterly", ("每季", "季度")),
    ("yearly", ("每年", "年度", "全年")),
)


@dataclass(frozen=True)
class Schedule:
    """When a duty recurs or falls due.

    period: one of PERIODS; day: day of month (monthly) or weekday 0=Monday (weekly);
    within_days: the deadline in days (after the event, or after the period starts);
    event_zh / event_en: the event the deadline counts from.
    """

    period: str = "none"
    day: int | None = None
    within_days: int | None = None
    event_zh: str | None = None
    event_en: str | None = None

    @property
    def is_recurring(self):
        return self.period in ("daily", "weekly", "monthly", "quarterly", "yearly")


def _number(token):
    if token.isdigit():
        return int(token)
    if token in _CN_DIGITS:
        return _CN_DIGITS[token]
    if token.startswith("十"):  # 十五
        return 10 + _CN_DIGITS.get(token[1:], 0)
    tens, _, units = token.partition("十")  # 二十, 二十五
    return _CN_DIGITS.get(tens, 0) * 10 + _CN_DIGITS.get(units, 0)


def _within_days(token):
    days = _number(token)
    return days if 0 < days <= MAX_WITHIN_DAYS else None


def parse_schedule(text):
    """Return the :class:`Schedule` the Chinese duty text states.

    The shortest period the text names wins (制定月度、季度及年度计划 is monthly work);
    an event with a deadline (车辆交接后3日内) makes an event duty; 每月5日 sets the day.
    """
    text = text or ""
    event = _RE_EVENT_DEADLINE.search(text)
    if event:
        event_zh = event.group(1)
        for known_zh, known_en in EVENTS.items():
            if event_zh.endswith(known_zh):
                event_zh, event_en = known_zh, known_en
                break
        else:
            event_en = None
        return Schedule(
            "event", within_days=_within_days(event.group(2)), event_zh=event_zh, event_en=event_en
        )
    month_day = _RE_MONTH_DAY.search(text)
    if month_day and 1 <= int(month_day.group(1)) <= 31:
        return Schedule("monthly", day=int(month_day.group(1)))
    for period, words in _PERIOD_WORDS:
        if any(word in text for word in words):
            day = None
            if period == "weekly":
                weekday = _RE_WEEKDAY.search(text)
                day = WEEKDAYS_ZH[weekday.group(1)] if weekday else None
            deadline = _RE_DEADLINE.search(text)
            return Schedule(
                period, day=day, within_days=_within_days(deadline.group(1)) if deadline else None
            )
    deadline = _RE_DEADLINE.search(text)
    if deadline:
        return Schedule("none", within_days=_within_days(deadline.group(1)))
    return Schedule()
