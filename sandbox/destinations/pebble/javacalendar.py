"""`java.util.GregorianCalendar` fields of an instant, for any year (en-US week rules).

Integer arithmetic only, so years before 1 (BC) and after 9999 work as on the JVM: days before
15 October 1582 are labelled in the Julian calendar, a year <= 0 is year `1 - year` BC, and
time-zone offsets follow `sun.util.calendar.ZoneInfo`: before 1900-01-01T00:00Z a zone has its
raw offset (Java drops older tz transitions); far-future offsets repeat the 400-year cycle.

    fields_at(0, 0).year, fields_at(0, 0).weekday  → (1970, 3)   # a Thursday (Monday = 0)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DAY_MS = 86_400_000
GREGORIAN_CUTOVER_DAYS = -141427
"""1582-10-15, the first Gregorian day of `java.util.GregorianCalendar`, in days from 1970."""
UTC_1900_MS = -2_208_988_800_000
"""Java's ZoneInfo keeps no transition before this instant: older instants get the raw offset."""
CYCLE_MS = 146_097 * DAY_MS
"""400 Gregorian years: weekdays (hence DST rules) repeat."""
_LAST_SAFE_MS = 253_370_764_800_000  # 9998-12-31T00:00Z, inside Python's datetime range
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 in the proleptic Gregorian calendar, for any year."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def days_from_julian(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a date in the Julian calendar."""
    a = (14 - month) // 12
    y, m = year + 4800 - a, month + 12 * a - 3
    julian_day = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    return julian_day - 2440588


def calendar_days(year: int, month: int, day: int) -> int:
    """Days since 1970 of a date as GregorianCalendar reads it: Julian before the cutover."""
    if year > 1582:
        return days_from_civil(year, month, day)
    gregorian = days_from_civil(year, month, day)
    if year == 1582 and gregorian >= GREGORIAN_CUTOVER_DAYS:
        return gregorian
    return days_from_julian(year, month, day)


def civil_from_days(days: int) -> tuple[int, int, int]:
    """(year, month, day) in the proleptic Gregorian calendar."""
    z = days + 719468
    era = z // 146097
    day_of_era = z - era * 146097
    year_of_era = (
        day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096
    ) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    mp = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return year_of_era + era * 400 + (month <= 2), month, day


def julian_from_days(days: int) -> tuple[int, int, int]:
    """(year, month, day) in the Julian calendar (year 0 = 1 BC)."""
    c = days + 2440588 + 32082
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    return d - 4800 + m // 10, m + 3 - 12 * (m // 10), e - (153 * m + 2) // 5 + 1


def date_from_days(days: int) -> tuple[int, int, int]:
    """GregorianCalendar's label of a day: Julian before the cutover, Gregorian after."""
    return civil_from_days(days) if days >= GREGORIAN_CUTOVER_DAYS else julian_from_days(days)


@dataclass(frozen=True)
class CalendarFields:
    """The calendar fields SimpleDateFormat prints, at one local time."""

    year: int
    """Proleptic year: 0 is 1 BC, -1 is 2 BC (print `year_of_era`)."""
    month: int
    day: int
    weekday: int
    """Monday = 0 … Sunday = 6."""
    day_of_year: int
    hour: int
    minute: int
    second: int
    millisecond: int
    week_year: int
    week: int
    week_of_month: int

    @property
    def year_of_era(self) -> int:
        return self.year if self.year > 0 else 1 - self.year

    @property
    def era(self) -> str:
        return "AD" if self.year > 0 else "BC"


def _sunday_based(days: int) -> int:
    return (days + 4) % 7  # 1970-01-01 was a Thursday: Sunday = 0


def _week_one_start(year: int) -> int:
    jan1 = calendar_days(year, 1, 1)
    return jan1 - _sunday_based(jan1)


def fields_at(utc_millis: int, offset_millis: int) -> CalendarFields:
    """The fields of `utc_millis` seen at a zone offset of `offset_millis`."""
    local = utc_millis + offset_millis
    days, in_day = divmod(local, DAY_MS)
    year, month, day = date_from_days(days)
    next_week_one = _week_one_start(year + 1)
    if days >= next_week_one:
        week_year, week = year + 1, 1
    else:
        week_year, week = year, (days - _week_one_start(year)) // 7 + 1
    first_of_month = days - day + 1
    seconds, millisecond = divmod(in_day, 1000)
    minutes, second = divmod(seconds, 60)
    return CalendarFields(
        year=year,
        month=month,
        day=day,
        weekday=(days + 3) % 7,
        day_of_year=days - calendar_days(year, 1, 1) + 1,
        hour=minutes // 60,
        minute=minutes % 60,
        second=second,
        millisecond=millisecond,
        week_year=week_year,
        week=week,
        week_of_month=(day + _sunday_based(first_of_month) - 1) // 7 + 1,
    )


def zone_offset_millis(
    zone: dt.tzinfo, utc_millis: int, raw_millis: int | None
) -> tuple[int, bool]:
    """The zone's offset at an instant, as `TimeZone.getOffset` gives it (see the module doc), and
    whether daylight time is in effect. `raw_millis` is the zone's raw offset (None: fixed)."""
    if raw_millis is not None and utc_millis < UTC_1900_MS:
        return raw_millis, False
    proxy = utc_millis
    if proxy > _LAST_SAFE_MS:
        proxy -= ((proxy - _LAST_SAFE_MS) // CYCLE_MS + 1) * CYCLE_MS
    if proxy < UTC_1900_MS:
        proxy = UTC_1900_MS  # a fixed zone: any instant will do
    moment = (_EPOCH + dt.timedelta(milliseconds=proxy)).astimezone(zone)
    if utc_millis >= _LAST_JAVA_YEAR_MS and not _daylight_since_new_year(moment):
        standard = (moment.utcoffset() or dt.timedelta(0)) - (moment.dst() or dt.timedelta(0))
        return int(standard / dt.timedelta(milliseconds=1)), False
    offset = moment.utcoffset() or dt.timedelta(0)
    millis = int(offset / dt.timedelta(milliseconds=1))
    return millis, _in_daylight(moment, millis, raw_millis)


_LAST_JAVA_YEAR_MS = days_from_civil(292278994, 1, 1) * DAY_MS
"""GregorianCalendar's last year (Long.MAX_VALUE falls in it): Java's SimpleTimeZone starts no
daylight time there; only a daylight period carried over from the year before still holds."""


def _daylight_since_new_year(moment: dt.datetime) -> bool:
    if not moment.dst():
        return True  # standard time: nothing to correct
    new_year = moment.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    if not new_year.dst():
        return False
    step = dt.timedelta(days=7)
    day = new_year
    while day + step < moment:
        day += step
        if not day.dst():
            return False
    return True


def _in_daylight(moment: dt.datetime, offset_millis: int, raw_millis: int | None) -> bool:
    """Daylight time as Java's tz data has it. The tz database writes Ireland's summer as
    standard time and its winter as a negative DST; Java's (rearguard) data has the summer as
    daylight time ("Irish Standard Time" is Java's daylight name)."""
    dst = moment.dst() or dt.timedelta(0)
    if dst or raw_millis is None or offset_millis <= raw_millis:
        return dst > dt.timedelta(0)
    return _has_negative_dst(moment.tzinfo)


_NEGATIVE_DST_PROBES = (dt.datetime(2024, 1, 15), dt.datetime(2024, 4, 1), dt.datetime(1970, 1, 15))


def _has_negative_dst(zone: dt.tzinfo | None) -> bool:
    """Zones the tz database gives a negative DST (Ireland's winters, Morocco's Ramadan): Java's
    data calls their time above the raw offset daylight time (Dublin's 1968-71 "IST" too)."""
    if zone is None:
        return False
    for probe in _NEGATIVE_DST_PROBES:
        dst = probe.replace(tzinfo=zone).dst()
        if dst is not None and dst < dt.timedelta(0):
            return True
    return False
