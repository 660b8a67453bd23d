"""`java.text.SimpleDateFormat` for the `date` filter: pattern compilation and formatting (en-US).

Supported letters: G y Y M L w W D d F E u a H k K h m s S z Z X. An unknown letter is an error,
as in Java ("Illegal pattern character").
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from sandbox.destinations.pebble.errors import PebbleFailure
from sandbox.destinations.pebble.javazones import JavaZone

PATTERN_LETTERS = frozenset("GyYMLwWDdFEuaHkKhmsSzZX")
NUMERIC_LETTERS = frozenset("yYwWDdFuHkKhmsS")
MONTHS = [
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class Field:
    """One compiled element: a pattern letter repeated `count` times, or literal text."""

    letter: str
    count: int
    text: str = ""

    @property
    def numeric(self) -> bool:
        return self.letter in NUMERIC_LETTERS or (self.letter in "ML" and self.count <= 2)


@functools.lru_cache(maxsize=128)
def compile_pattern(pattern: str) -> tuple[Field, ...]:
    fields: list[Field] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "'":
            index = _quoted(pattern, index, fields)
        elif char.isascii() and char.isalpha():
            if char not in PATTERN_LETTERS:
                raise PebbleFailure(f"Illegal pattern character '{char}' in date format")
            end = index
            while end < len(pattern) and pattern[end] == char:
                end += 1
            fields.append(Field(char, end - index))
            index = end
        else:
            fields.append(Field("", 0, char))
            index += 1
    return tuple(fields)


def _quoted(pattern: str, index: int, fields: list[Field]) -> int:
    if pattern.startswith("''", index):
        fields.append(Field("", 0, "'"))
        return index + 2
    end = index + 1
    text = []
    while end < len(pattern):
        if pattern.startswith("''", end):
            text.append("'")
            end += 2
        elif pattern[end] == "'":
            break
        else:
            text.append(pattern[end])
            end += 1
    if end >= len(pattern):
        raise PebbleFailure(f"Unterminated quote in date format [{pattern}]")
    fields.append(Field("", 0, "".join(text)))
    return end + 1


def _pad(value: int, count: int) -> str:
    text = str(abs(value)).rjust(count, "0")
    return "-" + text if value < 0 else text


def _us_week(moment: dt.datetime) -> tuple[int, int]:
    """(week year, week of year) with US rules: weeks start on Sunday, week 1 holds Jan 1."""

    def week_one_start(year: int) -> dt.date:
        jan1 = dt.date(year, 1, 1)
        return jan1 - dt.timedelta(days=(jan1.weekday() + 1) % 7)

    day = moment.date()
    next_start = week_one_start(day.year + 1)
    if day >= next_start:
        return day.year + 1, 1
    return day.year, (day - week_one_start(day.year)).days // 7 + 1


def _zone_names(moment: dt.datetime, long: bool) -> str:
    zone = moment.tzinfo
    if isinstance(zone, JavaZone):
        return zone.display_name(moment, long)
    offset = moment.utcoffset() or dt.timedelta(0)
    name = moment.tzname() or ""
    if name in ("UTC", "GMT") and not offset:
        return "Coordinated Universal Time" if long and name == "UTC" else name
    if name and name[0] not in "+-":
        return name
    return "GMT" + _offset_text(offset, ":", True)


def _offset_text(offset: dt.timedelta, separator: str, minutes: bool) -> str:
    total = int(offset.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    hours, mins = divmod(abs(total), 60)
    return f"{sign}{hours:02d}" + (f"{separator}{mins:02d}" if minutes else "")


def _format_field(field: Field, moment: dt.datetime) -> str:
    letter, count = field.letter, field.count
    if letter in "ML":
        if count >= 4:
            return MONTHS[moment.month - 1]
        return MONTHS[moment.month - 1][:3] if count == 3 else _pad(moment.month, count)
    if letter == "E":
        name = DAYS[moment.weekday()]
        return name if count >= 4 else name[:3]
    if letter in "yY":
        year = moment.year if letter == "y" else _us_week(moment)[0]
        return _pad(year % 100, 2) if count == 2 else _pad(year, count)
    if letter in "zZX":
        return _format_zone(letter, count, moment)
    return _pad(_numeric_value(letter, moment), count) if letter != "a" else _am_pm(moment)


def _am_pm(moment: dt.datetime) -> str:
    return "AM" if moment.hour < 12 else "PM"


def _numeric_value(letter: str, moment: dt.datetime) -> int:
    values: dict[str, Callable[[], int]] = {
        "w": lambda: _us_week(moment)[1],
        "W": lambda: (moment.day + (moment.replace(day=1).weekday() + 1) % 7 - 1) // 7 + 1,
        "D": lambda: moment.timetuple().tm_yday,
        "d": lambda: moment.day,
        "F": lambda: (moment.day - 1) // 7 + 1,
        "u": lambda: moment.isoweekday(),
        "H": lambda: moment.hour,
        "k": lambda: moment.hour or 24,
        "K": lambda: moment.hour % 12,
        "h": lambda: moment.hour % 12 or 12,
        "m": lambda: moment.minute,
        "s": lambda: moment.second,
        "S": lambda: moment.microsecond // 1000,
    }
    return values[letter]()


def _format_zone(letter: str, count: int, moment: dt.datetime) -> str:
    offset = moment.utcoffset() or dt.timedelta(0)
    if letter == "z":
        return _zone_names(moment, count >= 4)
    if letter == "Z":
        return _offset_text(offset, "", True)
    if not offset:
        return "Z"
    return _offset_text(offset, ":" if count >= 3 else "", count >= 2)


def format_epoch_millis(millis: int, pattern: str, zone: dt.tzinfo) -> str:
    """Format a `java.util.Date` (epoch milliseconds) with a SimpleDateFormat pattern."""
    try:
        moment = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(milliseconds=millis)
        moment = moment.astimezone(zone)
    except (OverflowError, ValueError) as error:
        raise PebbleFailure(
            f"the date {millis} ms from 1970 is outside the years 1-9999 the sandbox formats"
        ) from error
    weekday = moment.weekday()
    moment = _julian_labels(moment)
    out = []
    for field in compile_pattern(pattern):
        if not field.letter:
            out.append(field.text)
        elif field.letter == "G":
            out.append("AD")
        elif field.letter in "Eu":
            out.append(_weekday_field(field, weekday))
        else:
            out.append(_format_field(field, moment))
    return "".join(out)


_CUTOVER = dt.date(1582, 10, 15)
_UNIX_JULIAN_DAY = 2440588


def _julian_labels(moment: dt.datetime) -> dt.datetime:
    """Before 15 October 1582 GregorianCalendar labels days in the Julian calendar: the same
    moment carries the Julian year, month and day (the weekday is the moment's own)."""
    if moment.date() >= _CUTOVER:
        return moment
    julian_day = moment.date().toordinal() + 1721425
    c = julian_day + 32082
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    day, month = e - (153 * m + 2) // 5 + 1, m + 3 - 12 * (m // 10)
    year = d - 4800 + m // 10
    try:
        return moment.replace(year=year, month=month, day=day)
    except ValueError:
        raise PebbleFailure(
            f"the Julian date {year}-{month:02d}-{day:02d} (a leap day the Gregorian calendar"
            " lacks) cannot be formatted by the sandbox"
        ) from None


def _weekday_field(field: Field, weekday: int) -> str:
    if field.letter == "u":
        return _pad(weekday + 1, field.count)
    name = DAYS[weekday]
    return name if field.count >= 4 else name[:3]
