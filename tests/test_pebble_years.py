"""Dates in any year, as SimpleDateFormat formats them on JDK 17 (issue #13: "years 1 and after
9999"). Every expected output was rendered by a real Pebble 3.2.4 engine configured as AEP runs
it (tools/jvm_oracle/PebbleOracle.java): BC years (`G`), years past 9999, the whole range of a
Java long, Julian days before 1582, and time-zone offsets before 1900 (Java's ZoneInfo keeps no
older transition, so a zone has its raw offset there; in 1900 a zone can still be on local
mean time, printed with its seconds truncated and its standard name)."""

from __future__ import annotations

import pytest

from sandbox.destinations.pebble import PebbleEngine, TemplateError

ENGINE = PebbleEngine()

CASES = [
    ("{{ 9223372036854775807 | date('yyyy-MM-dd HH:mm z', timeZone='PST') }}",
     '292278994-08-16 23:12 PST'),
    ("{{ 9223372036854775807 | date('yyyy-MM-dd HH:mm zzzz', timeZone='Europe/Paris') }}",
     '292278994-08-17 08:12 Central European Standard Time'),
    ("{{ 9223372036854775807 | date('yyyy-MM-dd HH:mm z', timeZone='Australia/Sydney') }}",
     '292278994-08-17 17:12 AEST'),
    ("{{ 9223372027354775807 | date('yyyy-MM-dd HH:mm z', timeZone='Australia/Sydney') }}",
     '292278994-04-29 18:19 AEST'),
    ("{{ 9223372026354775807 | date('yyyy-MM-dd HH:mm z', timeZone='Australia/Sydney') }}",
     '292278994-04-18 04:32 AEST'),
    ("{{ 9223372010354775807 | date('yyyy-MM-dd HH:mm z', timeZone='Europe/Paris') }}",
     '292278993-10-14 16:06 CEST'),
    ("{{ 9223372000354775807 | date('yyyy-MM-dd HH:mm z', timeZone='Europe/Paris') }}",
     '292278993-06-20 22:19 CEST'),
    ("{{ '-1' | date('yyyy G', existingFormat='yyyy') }}",
     '0002 BC'),
    ("{{ '0' | date('yyyy G EEE', existingFormat='yyyy') }}",
     '0001 BC Thu'),
    ("{{ '0001-01-01' | date('yyyy-MM-dd G EEE D w', existingFormat='yyyy-MM-dd') }}",
     '0001-01-01 AD Sat 1 1'),
    ('{{ \'0001-01-01\' | date("yyyy-MM-dd\'T\'HH:mm:ssZ", existingFormat=\'yyyy-MM-dd\') }}',
     '0001-01-01T00:00:00+0000'),
    ("{{ '9999-12-31' | date('yyyy-MM-dd EEE w Y D', existingFormat='yyyy-MM-dd') }}",
     '9999-12-31 Fri 1 10000 365'),
    ("{{ '10000-01-01' | date('yyyy-MM-dd EEE w Y', existingFormat='yyyy-MM-dd') }}",
     '10000-01-01 Sat 1 10000'),
    ("{{ 253402300800000 | date('yyyy-MM-dd EEE HH:mm') }}",
     '10000-01-01 Sat 00:00'),
    ("{{ 253402300800000 | date('yyyy-MM-dd HH:mm z', timeZone='America/New_York') }}",
     '9999-12-31 19:00 EST'),
    ("{{ 300000000000000 | date('yyyy-MM-dd HH:mm zzzz', timeZone='Europe/Paris') }}",
     '11476-08-15 07:20 Central European Summer Time'),
    ("{{ 9223372036854775807 | date('yyyy-MM-dd HH:mm:ss.SSS G') }}",
     '292278994-08-17 07:12:55.807 AD'),
    ("{{ -9223372036854775807 | date('yyyy-MM-dd HH:mm:ss.SSS G EEE') }}",
     '292269055-12-02 16:47:04.193 BC Sun'),
    ("{{ -62135769600000 | date('yyyy-MM-dd G EEE') }}",
     '0001-01-01 AD Sat'),
    ("{{ -62135769600001 | date('yyyy-MM-dd HH:mm:ss.SSS G EEE') }}",
     '0001-12-31 23:59:59.999 BC Fri'),
    ("{{ -100000000000000 | date('y-M-d G E u D w W F', timeZone='Asia/Tokyo') }}",
     '1200-2-26 BC Thu 4 57 9 4 4'),
    ("{{ -12219292800000 | date('yyyy-MM-dd HH:mm:ss z Z', timeZone='Asia/Kolkata') }}",
     '1582-10-15 05:30:00 IST +0530'),
    ("{{ -2208988800001 | date('yyyy-MM-dd HH:mm:ss z Z', timeZone='Europe/Paris') }}",
     '1900-01-01 00:59:59 CET +0100'),
    ("{{ -2208988800000 | date('yyyy-MM-dd HH:mm:ss z Z X', timeZone='Europe/Paris') }}",
     '1900-01-01 00:09:21 CET +0009 +00'),
    ("{{ -2208988800000 | date('HH:mm:ss Z XXX', timeZone='America/Sao_Paulo') }}",
     '20:53:32 -0306 -03:06'),
    ("{{ -3000000000000 | date('yyyy-MM-dd HH:mm zzzz', timeZone='America/New_York') }}",
     '1874-12-07 13:40 Eastern Standard Time'),
    ("{{ -4000000000000 | date('yyyy-MM-dd HH:mm z', timeZone='Europe/London') }}",
     '1843-03-31 16:53 GMT'),
    ("{{ '1500-02-29' | date('yyyy-MM-dd EEE', existingFormat='yyyy-MM-dd') }}",
     '1500-02-29 Sat'),
    ("{{ '1582-10-04' | date('yyyy-MM-dd EEE D w', existingFormat='yyyy-MM-dd') }}",
     '1582-10-04 Thu 277 40'),
    ("{{ '1582-10-15' | date('yyyy-MM-dd EEE D w', existingFormat='yyyy-MM-dd') }}",
     '1582-10-15 Fri 278 40'),
    ("{{ '-44-03-15' | date('yyyy-MM-dd G EEE', existingFormat='yyyy-MM-dd') }}",
     '0045-03-15 BC Tue'),
    ("{{ '12345-06-07' | date('yy yyyy yyyyyy', existingFormat='yyyy-MM-dd') }}",
     '45 12345 012345'),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_dates_in_any_year_format_as_on_jdk17(source: str, expected: str) -> None:
    assert ENGINE.render(source, {}) == expected


def test_a_double_epoch_saturates_at_the_long_range() -> None:
    """`((Number) input).longValue()`: a double past the long range is Long.MAX_VALUE."""
    maximum = ENGINE.render("{{ 9223372036854775807 | date('yyyy-MM-dd G') }}", {})
    assert ENGINE.render("{{ d | date('yyyy-MM-dd G') }}", {"d": 1e20}) == maximum
    assert maximum == "292278994-08-17 AD"


PARSED = [
    ("0E02022-02-08", "0001-02-08 BC 7 39"),
    ("0E02024-02-30", "0001-03-01 BC 10 61"),
    ("1E3-01-01", "1000-01-01 AD 1 1"),
    ("5E-1-01-01", "0001-01-01 BC 1 1"),
    ("12E1-01-01", "0120-01-01 AD 1 1"),
    ("2E1-2E0-0E0", "0020-01-31 AD 5 31"),
    ("-1E2-01-01", "0101-01-01 BC 1 1"),
    ("1E3-1E1-01", "1000-10-01 AD 40 275"),
    ("1,000-01-01", None),
    ("1E+3-01-01", None),
    ("1E-01-01", None),
    ("1Ex-01-01", None),
    ("1e3-01-01", None),
]  # fmt: skip
"""JDK 17 (`SimpleDateFormat("yyyy-MM-dd").parse`, formatted with `yyyy-MM-dd G w D`): its
numbers are read by DecimalFormat, which takes an `E` exponent; None: Java cannot parse it."""


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_date_fields_are_read_as_decimal_format_reads_them(text: str, expected: str | None) -> None:
    source = "{{ s | date('yyyy-MM-dd G w D', existingFormat='yyyy-MM-dd') }}"
    if expected is None:
        with pytest.raises(TemplateError):
            ENGINE.render(source, {"s": text})
    else:
        assert ENGINE.render(source, {"s": text}) == expected


def test_a_date_field_past_the_int_range_is_refused_not_wrapped() -> None:
    """Java wraps `1E10` (year 240957309) through its lenient calendar: refused, naming it."""
    with pytest.raises(TemplateError) as caught:
        ENGINE.render("{{ '1E10-01-01' | date('yyyy', existingFormat='yyyy-MM-dd') }}", {})
    assert "'1E10'" in caught.value.message
