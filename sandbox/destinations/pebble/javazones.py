"""`TimeZone.getTimeZone(id)` as JDK 17 has it, for the `date` filter's `timeZone`.

java_time_zones.json holds, for every id `TimeZone.getAvailableIDs()` lists (legacy three-letter
ids such as `PST`, `IST`, `AET`, `BST` included), what OpenJDK 17 printed: the zone it stands for
(blank: itself), its raw offset in minutes, and its short and long names (standard, daylight) in
Locale.US. Custom ids `GMT+h`, `GMT-hh:mm`, `GMT+hhmm` are fixed offsets named `GMT-03:00`. Where
Java would silently use GMT for an unknown id, the sandbox refuses it, naming it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import zoneinfo
from importlib import resources
from typing import Any

from sandbox.destinations.pebble.errors import PebbleFailure

_CUSTOM = re.compile(r"GMT([+-])(\d{1,2})(?::?(\d{2}))?\Z")


class JavaZone(dt.tzinfo):
    """A zone with Java's id and names; offsets from the tz database (or fixed)."""

    def __init__(self, zone_id: str, base: dt.tzinfo, raw_minutes: int, names: list[str]):
        self.zone_id = zone_id
        self.base = base
        self.raw = dt.timedelta(minutes=raw_minutes)
        self.names = names  # short standard, short daylight, long standard, long daylight

    def _base(self, moment: dt.datetime | None) -> dt.datetime | None:
        return None if moment is None else moment.replace(tzinfo=self.base)

    def utcoffset(self, moment: dt.datetime | None) -> dt.timedelta | None:
        return self.base.utcoffset(self._base(moment))

    def dst(self, moment: dt.datetime | None) -> dt.timedelta | None:
        return self.base.dst(self._base(moment))

    def fromutc(self, moment: dt.datetime) -> dt.datetime:
        local = self.base.fromutc(moment.replace(tzinfo=self.base))
        return local.replace(tzinfo=self)

    def tzname(self, moment: dt.datetime | None) -> str:
        return self.display_name(moment, long=False)

    def display_name(self, moment: dt.datetime | None, long: bool) -> str:
        """`getDisplayName(inDaylightTime, SHORT|LONG, Locale.US)`."""
        offset = self.utcoffset(moment)
        daylight = offset is not None and offset != self.raw
        return self.names[(2 if long else 0) + (1 if daylight else 0)]

    def name_in(self, daylight: bool, long: bool) -> str:
        """`getDisplayName(daylight, SHORT|LONG, Locale.US)`."""
        return self.names[(2 if long else 0) + (1 if daylight else 0)]

    @property
    def raw_millis(self) -> int:
        return int(self.raw / dt.timedelta(milliseconds=1))


@functools.cache
def _table() -> dict[str, list[Any]]:
    text = resources.files(__package__).joinpath("java_time_zones.json").read_text("utf-8")
    table: dict[str, list[Any]] = json.loads(text)
    return table


@functools.lru_cache(maxsize=256)
def java_zone(name: str) -> JavaZone:
    """The zone Java gives for `name`; PebbleFailure naming it when Java has no such id."""
    custom = _CUSTOM.match(name)
    if custom:
        return _custom_zone(name, custom)
    entry = _table().get(name)
    if entry is None:
        raise PebbleFailure(
            f"Unknown time zone [{name}]: Java knows no such id (it would silently use GMT);"
            " use a tz database id such as America/New_York, or GMT-03:00"
        )
    target, raw, *names = entry
    return JavaZone(name, _base_zone(name, target or name, raw), raw, names)


def _base_zone(name: str, target: str, raw: int) -> dt.tzinfo:
    if target[0] in "+-":
        return dt.timezone(dt.timedelta(minutes=raw))
    try:
        return zoneinfo.ZoneInfo(target)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise PebbleFailure(
            f"The time zone [{name}] exists in Java but not in this machine's tz database;"
            " use its region id instead (e.g. America/Los_Angeles for SystemV/PST8PDT)"
        ) from None


def _custom_zone(name: str, match: re.Match[str]) -> JavaZone:
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if hours > 23 or minutes > 59:
        raise PebbleFailure(f"Unknown time zone [{name}]: the offset is out of range")
    total = (hours * 60 + minutes) * (-1 if sign == "-" else 1)
    label = f"GMT{sign}{hours:02d}:{minutes:02d}"
    fixed = dt.timezone(dt.timedelta(minutes=total))
    return JavaZone(label, fixed, total, [label, label, label, label])
