"""JDK 17's `Double.toString` and `DecimalFormat` digits (FloatingDecimal), not the shortest
round-trip form: integers from 2^53 print their exact digits, scientific output has two digits
(`4.9E-324`), the digit loop stops late on some values (`8.609200000000001E21`, `1.0E23` is
`9.999999999999999E22`), and `DecimalFormat` rounds an integral double's trailing 5 up
(`2925.0` → `2.93E3`, while the long `2925` → `2.92E3`). Expected values printed by `java` 17
(tools/jvm_oracle: DS/NF2-style drivers); a 300,000-double and a 30,000-format random run agreed
on all."""

from __future__ import annotations

import pytest

from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.pebble.decimalformat import format_number
from sandbox.destinations.pebble.floatingdecimal import double_to_string

DOUBLES = [  # (value, JDK 17 Double.toString)
    (7.645942350512785e+17, '7.6459423505127846E17'),
    (5e-324, '4.9E-324'),
    (8e-323, '7.9E-323'),
    (8.6092e+21, '8.609200000000001E21'),
    (-5.925573328780731e+18, '-5.9255733287807314E18'),
    (2.4951732095802422e+17, '2.49517320958024224E17'),
    (1e+23, '9.999999999999999E22'),
    (1e+23, '9.999999999999999E22'),
    (2e+23, '1.9999999999999998E23'),
    (0.001, '0.001'),
    (10000000.0, '1.0E7'),
    (9999999.999999998, '9999999.999999998'),
    (0.0001, '1.0E-4'),
    (1.7976931348623157e+308, '1.7976931348623157E308'),
    (2.2250738585072014e-308, '2.2250738585072014E-308'),
    (0.30000000000000004, '0.30000000000000004'),
    (100.0, '100.0'),
    (1e+16, '1.0E16'),
    (12345678.9, '1.23456789E7'),
    (-0.0015, '-0.0015'),
    (9.223372036854776e+18, '9.223372036854776E18'),
    (4.611686018427389e+18, '4.6116860184273889E18'),
    (4.35, '4.35'),
]  # fmt: skip
FORMATS = [  # (value, pattern, JDK 17 DecimalFormat en-US)
    (2925.0, '0.##E0', '2.93E3'),
    (2665.0, '0.##E0', '2.67E3'),
    (0.125, '0.00', '0.12'),
    (2.5, '0', '2'),
    (3.5, '0', '4'),
    (1.005, '0.00', '1.00'),
    (7.645942350512785e+17, '#,##0', '764,594,235,051,278,460'),
    (5e-324, '0.###E0', '4.9E-324'),
    (8.6092e+21, '#', '8609200000000001000000'),
    (4.35, '0.0', '4.3'),
    (0.045, '0.00', '0.04'),
    (1234.5, '#,##0', '1,234'),
]  # fmt: skip


@pytest.mark.parametrize(("value", "expected"), DOUBLES)
def test_double_to_string_is_jdk17s(value: float, expected: str) -> None:
    assert double_to_string(value) == expected


@pytest.mark.parametrize(("value", "pattern", "expected"), FORMATS)
def test_decimal_format_starts_from_jdk17s_digits(
    value: float, pattern: str, expected: str
) -> None:
    assert format_number(value, pattern) == expected


def test_a_long_rounds_half_even_where_an_integral_double_rounds_up() -> None:
    assert format_number(2925, "0.##E0") == "2.92E3"
    assert format_number(2935, "0.##E0") == "2.94E3"


def test_templates_print_doubles_as_jdk17_does() -> None:
    engine = PebbleEngine()
    assert (
        engine.render("{{ d }}|{{ [d] }}", {"d": 1e23})
        == "9.999999999999999E22|[9.999999999999999E22]"
    )
