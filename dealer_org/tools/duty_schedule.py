"""Read the period or deadline a duty's Chinese text states (每日, 每月5日, 3日内 …).

Pure functions, no ORM: the library loader and the duty model both call
:func:`parse_schedule`.
"""

import re
from dataclasses import dataclass

from . import periods as _periods

# The periods a schedule may have: the keys of tools/periods.py.
PERIODS = _periods.KEYS

# The longest deadline a duty may have (the duty model refuses more): a text stating a
# longer one (3000000日内) states no usable deadline.
MAX_WITHIN_DAYS = 366

WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

# Events a duty can hang on, as the documents word them, with their English term. A text
# naming one of them without a recurring period (交车后跟踪, 试乘试驾前培训) is an event-driven
# duty: done when the event happens, never a daily checklist item.
EVENTS = {
    "车辆交接后": "after vehicle handover",
    "试乘试驾结束后": "after the test drive",
    "试乘试驾前": "before the test drive",
    "交车后": "after vehicle delivery",
    "拜访前": "before a customer visit",
    "下班前": "before the end of the working day",
}
# Triggers that make an event duty without a deadline (下班前 is a time of the working day).
_TRIGGERS = ("车辆交接后", "试乘试驾结束后", "试乘试驾前", "交车后", "拜访前")

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
# The words of each period, shortest period first. 日报(表)/周报(表)/月报(表) are reports of
# that period; 晨会/夕会/早会 (早(夕)会) are the daily meetings. Vague words (定期 regularly,
# 及时 promptly, 日常 routine, 随时 at any time) name no period.
_PERIOD_WORDS = (
    ("daily", ("每日", "每天", "日报", "晨会", "夕会", "早会", "早(夕)会", "早(夕)会")),
    ("weekly", ("每周", "周报", "周例会")),
    ("monthly", ("每月", "月度", "月报")),
    ("quarterly", ("每季", "季度")),
    ("yearly", ("每年", "年度", "全年")),
)
# An abbreviated list of periods: 年、季、月(度) / 月、季、年 … (the line names each of them).
_RE_PERIOD_LIST = re.compile(
    r"(?<![每全本当])[年季月周日]度?(?:[、/和及与][年季月周日]度?)+"
    r"(?=[\u4e00-\u9fff]{0,6}?(?:计划|目标|报表|总结|预算|报告|考核|盘点))"
)
_ABBREVIATION = {"日": "daily", "周": "weekly", "月": "monthly", "季": "quarterly", "年": "yearly"}
# Shortest first: the recurring periods of tools/periods.py (test_periods checks that
# _PERIOD_WORDS and _ABBREVIATION name exactly them).
_ORDER = _periods.RECURRING


@dataclass(frozen=True)
class Schedule:
    """When a duty recurs or falls due.

    period: one of PERIODS (the shortest recurring period the text names); periods: all of
    them; day: day of month (monthly) or weekday 0=Monday (weekly);
    within_days: the deadline in days (after the event, or after the period starts);
    event_zh / event_en: the event the deadline counts from.
    """

    period: str = "none"
    day: int | None = None
    within_days: int | None = None
    event_zh: str | None = None
    event_en: str | None = None
    # Every recurring period the text names, shortest first (年、季、月 → monthly, quarterly,
    # yearly); period is the first of them.
    periods: tuple = ()

    @property
    def is_recurring(self):
        return _periods.is_recurring(self.period)


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


def named_periods(text):
    """The recurring periods a Chinese text names, shortest first (年、季、月 names three)."""
    text = text or ""
    found = {period for period, words in _PERIOD_WORDS if any(word in text for word in words)}
    for match in _RE_PERIOD_LIST.finditer(text):
        found.update(_ABBREVIATION[c] for c in re.findall(r"[年季月周日]", match.group(0)))
    return tuple(p for p in _ORDER if p in found)


def _trigger(text):
    """The event a text hangs a duty on without a deadline (交车后 …), or None."""
    return next((t for t in _TRIGGERS if t in text), None)


def parse_schedule(text):
    """Return the :class:`Schedule` the Chinese duty text states.

    The shortest period the text names is the duty's period (制定月度、季度及年度计划 is monthly
    work) and ``periods`` lists them all (年、季、月 names three); an event with a deadline
    (车辆交接后3日内) or an event trigger without a recurring period (交车后, 试乘试驾前,
    试乘试驾结束后, 拜访前) makes an event duty; 每月5日 sets the day. Vague words (定期, 及时,
    日常, 随时) state no period.
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
    periods = named_periods(text)
    month_day = _RE_MONTH_DAY.search(text)
    if month_day and 1 <= int(month_day.group(1)) <= 31:
        return Schedule("monthly", day=int(month_day.group(1)), periods=periods or ("monthly",))
    deadline = _RE_DEADLINE.search(text)
    within_days = _within_days(deadline.group(1)) if deadline else None
    if periods:
        day = None
        if _periods.parsed_day(periods[0]) == _periods.WEEKDAY:
            weekday = _RE_WEEKDAY.search(text)
            day = WEEKDAYS_ZH[weekday.group(1)] if weekday else None
        return Schedule(periods[0], day=day, within_days=within_days, periods=periods)
    trigger = _trigger(text)
    if trigger:
        return Schedule("event", within_days=within_days, event_zh=trigger, event_en=EVENTS[trigger])
    if within_days:
        return Schedule("none", within_days=within_days)
    return Schedule()
