"""`date(..., timeZone=...)` takes every id Java's TimeZone knows, legacy three-letter ids
included, and prints `z`/`zzzz` as Java does (issue #13). Expectations printed by OpenJDK 17
(`SimpleDateFormat(pattern, Locale.US)` with `TimeZone.getTimeZone(id)`) and frozen here."""

from __future__ import annotations

import pytest

from sandbox.destinations.pebble import PebbleEngine, TemplateError

ENGINE = PebbleEngine()

JDK17 = [
    (1709646300000, "HH:mm z", "PST", "05:45 PST"),
    (1709646300000, "zzzz", "America/New_York", "Eastern Standard Time"),
    (1720000000000, "zzzz", "America/New_York", "Eastern Daylight Time"),
    (1709646300000, "z", "America/Sao_Paulo", "BRT"),
    (1709646300000, "z Z", "GMT-03:00", "GMT-03:00 -0300"),
    (1709646300000, "z", "GMT+5", "GMT+05:00"),
    (1709646300000, "z", "GMT+0", "GMT+00:00"),
    (1709646300000, "HH:mm z", "IST", "19:15 IST"),
    (1709646300000, "HH:mm z", "AET", "00:45 AEDT"),
    (1720000000000, "HH:mm z", "BST", "15:46 BDT"),
    (1709646300000, "HH:mm z", "EST", "08:45 EST"),
    (1720000000000, "HH:mm z", "EST", "04:46 EST"),
    (1720000000000, "HH:mm zzzz", "Europe/Dublin", "10:46 Irish Standard Time"),
    (1709646300000, "HH:mm zzzz", "Europe/Dublin", "13:45 Greenwich Mean Time"),
    (1709646300000, "HH:mm z", "CST", "07:45 CST"),
    (1709646300000, "HH:mm z X", "Asia/Kathmandu", "19:30 NPT +05"),
    (1709646300000, "HH:mm z", "UTC", "13:45 UTC"),
    (1709646300000, "HH:mm zzzz", "UTC", "13:45 Coordinated Universal Time"),
    (1709646300000, "HH:mm z", "GMT", "13:45 GMT"),
]


@pytest.mark.parametrize(("millis", "pattern", "zone", "java"), JDK17)
def test_zones_and_names_match_jdk17(millis: int, pattern: str, zone: str, java: str) -> None:
    source = "{{ t | date(p, timeZone=z) }}"
    assert ENGINE.compile(source).render({"t": millis, "p": pattern, "z": zone}).text == java


@pytest.mark.parametrize("zone", ["Mars/Olympus", "PSTX", "GMT+25", ""])
def test_an_unknown_zone_is_an_error_naming_it(zone: str) -> None:
    with pytest.raises(TemplateError) as caught:
        ENGINE.compile("{{ 0 | date('z', timeZone=z) }}").render({"z": zone})
    assert f"[{zone}]" in caught.value.message and caught.value.line == 1


# `SimpleDateFormat("yyyy-MM-dd")` parse then format (UTC), printed by OpenJDK 17:
# GregorianCalendar labels days before 15 October 1582 in the Julian calendar.
JULIAN = [
    ("1500-01-01", "EEE yyyy-MM-dd D", "Wed 1500-01-01 1"),  # pebble.md §14
    ("1582-10-04", "EEE yyyy-MM-dd", "Thu 1582-10-04"),
    ("1582-10-15", "EEE yyyy-MM-dd", "Fri 1582-10-15"),
    ("1000-03-01", "EEEE u yyyy-MM-dd", "Friday 5 1000-03-01"),
    ("1600-02-29", "EEE yyyy-MM-dd", "Tue 1600-02-29"),
]


@pytest.mark.parametrize(("text", "pattern", "java"), JULIAN)
def test_dates_before_the_cutover_are_julian(text: str, pattern: str, java: str) -> None:
    source = "{{ v | date(p, existingFormat='yyyy-MM-dd') }}"
    assert ENGINE.compile(source).render({"v": text, "p": pattern}).text == java


@pytest.mark.parametrize(
    ("millis", "java"),
    [(-12219292800001, "Thu 1582-10-04"), (-15000000000000, "Sat 1494-08-23")],
)
def test_epoch_millis_before_the_cutover_print_julian_dates(millis: int, java: str) -> None:
    assert ENGINE.compile("{{ v | date('EEE yyyy-MM-dd') }}").render({"v": millis}).text == java


DAYLIGHT_NAMES = [  # JDK 17: SimpleDateFormat("Z z zzzz", Locale.US) at midnight UTC of the day
    ('Europe/Dublin', '1970-01-15', '+0100 IST Irish Standard Time'),
    ('Europe/Dublin', '1970-07-15', '+0100 IST Irish Standard Time'),
    ('Europe/Dublin', '2024-01-15', '+0000 GMT Greenwich Mean Time'),
    ('Europe/Dublin', '2024-07-15', '+0100 IST Irish Standard Time'),
    ('Europe/Moscow', '2012-01-15', '+0400 MSK Moscow Standard Time'),
    ('Europe/Moscow', '2012-07-15', '+0400 MSK Moscow Standard Time'),
    ('Europe/Moscow', '2010-07-15', '+0400 MSD Moscow Summer Time'),
    ('Europe/London', '1970-01-15', '+0100 GMT Greenwich Mean Time'),
    ('America/Caracas', '2010-01-15', '-0430 VET Venezuela Time'),
    ('Europe/Volgograd', '2019-01-15', '+0400 MSK Volgograd Standard Time'),
    ('Asia/Kolkata', '1943-01-15', '+0630 IDT India Daylight Time'),
    ('Europe/Paris', '1900-06-01', '+0009 CET Central European Standard Time'),
    ('America/Sao_Paulo', '2024-01-15', '-0300 BRT Brasilia Standard Time'),
    ('Europe/Kaliningrad', '2012-01-15', '+0300 EET Eastern European Standard Time'),
    ('Asia/Pyongyang', '2016-01-15', '+0830 KST Korean Standard Time'),
    ('Europe/Lisbon', '1995-01-15', '+0100 WET Western European Standard Time'),
    ('Africa/Casablanca', '2024-01-15', '+0100 WEST Western European Summer Time'),
    ('Africa/Casablanca', '2024-04-01', '+0000 WET Western European Time'),
    ('Africa/Casablanca', '2010-07-15', '+0100 WEST Western European Summer Time'),
    ('Africa/Windhoek', '2000-07-15', '+0100 CAT Central Africa Time'),
    ('Europe/Dublin', '1940-07-15', '+0100 IST Irish Standard Time'),
    ('Europe/Dublin', '1990-07-15', '+0100 IST Irish Standard Time'),
    ('Europe/Prague', '1946-12-15', '+0000 CET Central European Standard Time'),
]  # fmt: skip


@pytest.mark.parametrize(("zone", "day", "expected"), DAYLIGHT_NAMES)
def test_daylight_names_follow_javas_tz_data(zone: str, day: str, expected: str) -> None:
    """Java's tz data writes Ireland's (and Morocco's) negative DST the other way round:
    Dublin's +01:00 is daylight time, 1968-71 included; Moscow's 2011-14 +04:00 is standard."""
    source = "{{ d | date('Z z zzzz', existingFormat='yyyy-MM-dd', timeZone=z) }}"
    assert PebbleEngine().render(source, {"d": day, "z": zone}) == expected
