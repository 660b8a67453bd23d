"""Time as integer UTC milliseconds: parsing XDM timestamps (memoised) and calendar arithmetic.

PQL compares timestamps at millisecond resolution, so the evaluator works on integers: no float
rounding can move an event across a window edge, and a horizon computed here is hit exactly.
Parsed timestamps are memoised by their text in a module-level table (cleared when it reaches
`MEMO_LIMIT` entries), so an event's timestamp is parsed once however many audiences read it.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta

INFINITY = 2**62
"""Stands for an unbounded edge of a window."""

DAY = 86_400_000
FIXED_UNITS: dict[str, int] = {
    "millisecond": 1,
    "second": 1_000,
    "minute": 60_000,
    "hour": 3_600_000,
    "day": DAY,
    "week": 7 * DAY,
}
MONTH_UNITS: dict[str, int] = {
    "month": 1,
    "year": 12,
    "decade": 120,
    "century": 1200,
    "millennium": 12000,
}
_MONDAY = 3 * DAY  # 1970-01-01 was a Thursday; ISO weeks start on Monday
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MS = timedelta(milliseconds=1)
MEMO_LIMIT = 1_000_000
TIMESTAMP_MEMO: dict[str, int | None] = {}


def timestamp_ms(value: object) -> int | None:
    """Epoch milliseconds of an ISO 8601 string (`Z`, an offset, naive = UTC, or a bare date),
    or of a long integer (epoch milliseconds already, as XDM may store a timestamp)."""
    if type(value) is not str:
        return value if type(value) is int else None
    try:
        return TIMESTAMP_MEMO[value]
    except KeyError:
        return parse_timestamp(value)


def parse_timestamp(text: str) -> int | None:
    """`timestamp_ms` of a string not in the memo yet (it is then)."""
    if len(TIMESTAMP_MEMO) >= MEMO_LIMIT:
        TIMESTAMP_MEMO.clear()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        TIMESTAMP_MEMO[text] = None
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    ms = (moment - _EPOCH) // _ONE_MS
    TIMESTAMP_MEMO[text] = ms
    return ms


def seconds_to_ms(seconds: float) -> int:
    return round(seconds * 1000)


def date_ms(year: int, month: int, day: int) -> int:
    return (date(year, month, day) - date(1970, 1, 1)).days * DAY


def to_datetime(ms: int) -> datetime:
    return _EPOCH + timedelta(milliseconds=ms)


def floor_to(ms: int, unit: str) -> int:
    """The start of the calendar `unit` (UTC; weeks start on Monday) that contains `ms`."""
    if unit == "week":
        return (ms + _MONDAY) // FIXED_UNITS["week"] * FIXED_UNITS["week"] - _MONDAY
    if unit in FIXED_UNITS:
        return ms // FIXED_UNITS[unit] * FIXED_UNITS[unit]
    months = MONTH_UNITS[unit]
    moment = _clamped(ms)
    index = (moment.year * 12 + moment.month - 1) // months * months
    return _from_month_index(index, 1, 0)


def shift(ms: int, amount: int, unit: str) -> int:
    """`ms` moved by `amount` units; month-based units keep the time of day and clamp the day."""
    if unit in FIXED_UNITS:
        return ms + amount * FIXED_UNITS[unit]
    if abs(ms) >= INFINITY:
        return ms
    moment = _clamped(ms)
    index = moment.year * 12 + moment.month - 1 + amount * MONTH_UNITS[unit]
    time_of_day = ms - floor_to(ms, "day")
    return _from_month_index(index, moment.day, time_of_day)


def period(ms: int, unit: str) -> tuple[int, int]:
    """The calendar `unit` containing `ms`, as [start, end)."""
    start = floor_to(ms, unit)
    return start, shift(start, 1, unit)


def _clamped(ms: int) -> datetime:
    low, high = date_ms(1, 1, 1), date_ms(9999, 12, 31)
    return to_datetime(min(max(ms, low), high))


def _from_month_index(index: int, day: int, time_of_day: int) -> int:
    year, month = divmod(index, 12)
    if year < 1:
        return -INFINITY
    if year > 9999:
        return INFINITY
    day = min(day, calendar.monthrange(year, month + 1)[1])
    return date_ms(year, month + 1, day) + time_of_day
