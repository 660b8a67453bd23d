"""`SimpleDateFormat.parse(String)` as the `date` filter's `existingFormat` uses it: lenient
(`2024-02-30` is March 1st, `SSSSSS` micros count as millis), trailing text ignored, numeric
fields read greedily unless the next field is numeric too ("abutting" fields read exactly their
width), spaces before a field skipped, UTC unless the text carries a zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sandbox.destinations.pebble.errors import PebbleFailure
from sandbox.destinations.pebble.javacalendar import calendar_days
from sandbox.destinations.pebble.simpledateformat import (
    DAYS,
    MONTHS,
    Field,
    compile_pattern,
)

TWO_DIGIT_YEAR_PIVOT = 1946
"""`SimpleDateFormat` reads `yy` within 80 years before and 20 after "now"; the sandbox fixes
"now" in 2026 so that renders never depend on the wall clock."""

_DIGITS = re.compile(r"(-?[0-9]+)(?:E(-?[0-9]+))?")
"""SimpleDateFormat reads numbers with DecimalFormat, which takes an exponent: `1E3` is 1000."""
INT_RANGE = range(-(2**31), 2**31)


@dataclass
class _Fields:
    values: dict[str, int] = field(default_factory=dict)
    offset_minutes: int | None = None


class _Unparseable(Exception):
    pass


def parse_to_epoch_millis(text: str, pattern: str) -> int:
    fields = compile_pattern(pattern)
    parsed = _Fields()
    position = 0
    try:
        for index, element in enumerate(fields):
            following = fields[index + 1] if index + 1 < len(fields) else None
            position = _parse_element(text, position, element, following, parsed)
        return _to_millis(parsed)
    except _Unparseable:
        raise PebbleFailure(
            f"Could not parse the string '{text}' into a date (pattern [{pattern}])"
        ) from None


def _parse_element(
    text: str, position: int, element: Field, following: Field | None, parsed: _Fields
) -> int:
    if not element.letter:
        if not text.startswith(element.text, position):
            raise _Unparseable
        return position + len(element.text)
    while position < len(text) and text[position] in " \t":
        position += 1
    if position >= len(text):
        raise _Unparseable
    if element.numeric:
        obey = following is not None and bool(following.letter) and following.numeric
        return _parse_number(text, position, element, obey, parsed)
    return _parse_text(text, position, element, parsed)


def _parse_number(text: str, position: int, element: Field, obey: bool, parsed: _Fields) -> int:
    window = text[position : position + element.count] if obey else text[position:]
    match = _DIGITS.match(window)
    if not match:
        raise _Unparseable
    value, end = _number(match), position + match.end()
    letter = element.letter
    if letter in "yY" and element.count <= 2 and match.end() == 2 and value >= 0:
        value += 1900 + ((TWO_DIGIT_YEAR_PIVOT - 1900 - value + 99) // 100) * 100
    if letter in "hk" and value == (12 if letter == "h" else 24):
        value = 0
    parsed.values[letter] = value
    return end


def _number(match: re.Match[str]) -> int:
    """The number's `intValue()`; past the int range Java's lenient calendar wraps around
    nonsensically, so the sandbox refuses it."""
    mantissa, exponent = int(match.group(1)), int(match.group(2) or 0)
    if mantissa == 0:
        value = 0
    elif exponent > 12:
        value = INT_RANGE.stop
    elif exponent >= 0:
        value = mantissa * 10**exponent
    else:
        value = (abs(mantissa) // 10**-exponent) * (-1 if mantissa < 0 else 1)
    if value not in INT_RANGE:
        raise PebbleFailure(
            f"the date field '{match.group()}' is past the int range; Java's lenient calendar"
            " would wrap it around, so the sandbox refuses it"
        )
    return value


def _match_name(text: str, position: int, names: list[str]) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for index, name in enumerate(names):
        if text[position : position + len(name)].lower() == name.lower() and (
            best is None or len(name) > best[1]
        ):
            best = (index, len(name))
    return best


def _parse_text(text: str, position: int, element: Field, parsed: _Fields) -> int:
    letter = element.letter
    if letter in "ML":
        found = _match_name(text, position, MONTHS + [m[:3] for m in MONTHS])
        if found is None:
            raise _Unparseable
        parsed.values["M"] = found[0] % 12 + 1
        return position + found[1]
    if letter == "E":
        found = _match_name(text, position, DAYS + [d[:3] for d in DAYS])
        if found is None:
            raise _Unparseable
        return position + found[1]
    if letter == "a":
        found = _match_name(text, position, ["AM", "PM"])
        if found is None:
            raise _Unparseable
        parsed.values["a"] = found[0]
        return position + found[1]
    if letter == "G":
        found = _match_name(text, position, ["BC", "AD"])
        if found is None:
            raise _Unparseable
        return position + found[1]
    return _parse_zone(text, position, element, parsed)


def _parse_zone(text: str, position: int, element: Field, parsed: _Fields) -> int:
    if text.startswith("Z", position) and element.letter == "X":
        parsed.offset_minutes = 0
        return position + 1
    for name in ("UTC", "GMT"):
        if element.letter != "X" and text.startswith(name, position):
            parsed.offset_minutes = 0
            position += len(name)
            if position >= len(text) or text[position] not in "+-":
                return position
            return _numeric_zone(text, position, colon=None, hours_only=False, parsed=parsed)
    if position >= len(text) or text[position] not in "+-":
        raise _Unparseable
    if element.letter == "X":
        colon = element.count == 3
        return _numeric_zone(text, position, colon, element.count == 1, parsed)
    return _numeric_zone(text, position, colon=None, hours_only=False, parsed=parsed)


def _numeric_zone(
    text: str, position: int, colon: bool | None, hours_only: bool, parsed: _Fields
) -> int:
    """`+hh`, `+hhmm` or `+hh:mm`; `colon=None` accepts both forms."""
    sign = -1 if text[position] == "-" else 1
    digits = text[position + 1 : position + 3]
    if len(digits) != 2 or not digits.isdigit() or int(digits) > 23:
        raise _Unparseable
    hours, position = int(digits), position + 3
    minutes = 0
    if not hours_only:
        if text.startswith(":", position) and colon is not False:
            position += 1
        elif colon:
            raise _Unparseable
        digits = text[position : position + 2]
        if len(digits) != 2 or not digits.isdigit() or int(digits) > 59:
            raise _Unparseable
        minutes, position = int(digits), position + 2
    parsed.offset_minutes = sign * (hours * 60 + minutes)
    return position


def _to_millis(parsed: _Fields) -> int:
    values = parsed.values
    year = values.get("y", values.get("Y", 1970))
    month = values.get("M", 1) - 1
    year, month = year + month // 12, month % 12
    if "D" in values and "M" not in values and "d" not in values:
        day = calendar_days(year, 1, 1) + values["D"] - 1
    else:
        day = calendar_days(year, month + 1, values.get("d", 1))
    hours = values.get("H", values.get("k", 0))
    if "h" in values or "K" in values:
        hours = values.get("h", values.get("K", 0)) + 12 * values.get("a", 0)
    seconds = ((day * 24 + hours) * 60 + values.get("m", 0)) * 60 + values.get("s", 0)
    offset = parsed.offset_minutes or 0
    return (seconds - offset * 60) * 1000 + values.get("S", 0)
