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
from sandbox.destinations.pebble.javacalendar import CalendarFields, fields_at, zone_offset_millis
from sandbox.destinations.pebble.javazones import JavaZone

PATTERN_LETTERS = frozenset("GyYMLwWDdFEuaHkKhmsSzZX")
NUMERIC_LETTERS = frozenset("yYwWDdFuHkKhmsS")
MONTHS = [
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
]
MIN_MILLIS, MAX_MILLIS = -(2**63), 2**63 - 1
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


def _zone_name(zone: dt.tzinfo, offset_millis: int, daylight: bool, long: bool) -> str:
    if isinstance(zone, JavaZone):
        return zone.name_in(daylight, long)
    if not offset_millis:
        return "Coordinated Universal Time" if long else "UTC"
    return "GMT" + _offset_text(offset_millis, ":", True)


def _offset_text(offset_millis: int, separator: str, minutes: bool) -> str:
    total = int(offset_millis / 60_000)  # Java truncates the seconds of an LMT offset
    sign = "-" if total < 0 else "+"
    hours, mins = divmod(abs(total), 60)
    return f"{sign}{hours:02d}" + (f"{separator}{mins:02d}" if minutes else "")


def _format_field(field: Field, moment: CalendarFields) -> str:
    letter, count = field.letter, field.count
    if letter in "ML":
        if count >= 4:
            return MONTHS[moment.month - 1]
        return MONTHS[moment.month - 1][:3] if count == 3 else _pad(moment.month, count)
    if letter in "E":
        name = DAYS[moment.weekday]
        return name if count >= 4 else name[:3]
    if letter == "G":
        return moment.era
    if letter in "yY":
        year = moment.year_of_era if letter == "y" else moment.week_year
        return _pad(year % 100, 2) if count == 2 else _pad(year, count)
    if letter == "a":
        return "AM" if moment.hour < 12 else "PM"
    return _pad(_numeric_value(letter, moment), count)


def _numeric_value(letter: str, moment: CalendarFields) -> int:
    values: dict[str, Callable[[], int]] = {
        "w": lambda: moment.week,
        "W": lambda: moment.week_of_month,
        "D": lambda: moment.day_of_year,
        "d": lambda: moment.day,
        "F": lambda: (moment.day - 1) // 7 + 1,
        "u": lambda: moment.weekday + 1,
        "H": lambda: moment.hour,
        "k": lambda: moment.hour or 24,
        "K": lambda: moment.hour % 12,
        "h": lambda: moment.hour % 12 or 12,
        "m": lambda: moment.minute,
        "s": lambda: moment.second,
        "S": lambda: moment.millisecond,
    }
    return values[letter]()


def _format_zone(field: Field, zone: dt.tzinfo, offset_millis: int, daylight: bool) -> str:
    if field.letter == "z":
        return _zone_name(zone, offset_millis, daylight, field.count >= 4)
    if field.letter == "Z":
        return _offset_text(offset_millis, "", True)
    if not offset_millis:
        return "Z"
    return _offset_text(offset_millis, ":" if field.count >= 3 else "", field.count >= 2)


def format_epoch_millis(millis: int, pattern: str, zone: dt.tzinfo) -> str:
    """Format a `java.util.Date` (epoch milliseconds) with a SimpleDateFormat pattern, any year
    (GregorianCalendar's Julian days before 1582, BC years, years past 9999)."""
    if not MIN_MILLIS <= millis <= MAX_MILLIS:
        raise PebbleFailure(f"the date {millis} ms from 1970 is outside the range of a Java long")
    raw = zone.raw_millis if isinstance(zone, JavaZone) else None
    offset, daylight = zone_offset_millis(zone, millis, raw)
    moment = fields_at(millis, offset)
    out = []
    for field in compile_pattern(pattern):
        if not field.letter:
            out.append(field.text)
        elif field.letter in "zZX":
            out.append(_format_zone(field, zone, offset, daylight))
        else:
            out.append(_format_field(field, moment))
    return "".join(out)
