"""`java.text.DecimalFormat` (en-US symbols) for the `numberformat` filter.

A double's digits are JDK 17's `FloatingDecimal` digits (`floatingdecimal.py`, what
`Double.toString` prints), rounded as `DigitList` does: HALF_EVEN, a 5 in the last digit a tie
only when those digits are exact (`0.125` → `0.12`, `1.005` → `1.00`, `2925.0` → `2.93E3`).
So `1.7976931348623157E308` prints as 17976931348623157 and zeros. Exponent
patterns follow `DecimalFormat`: with more maximum than minimum integer digits the exponent is a
multiple of the maximum (`##0.#####E0` is engineering notation), and the significant digits
are the maximum integer plus maximum fraction digits.
"""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, Context, Decimal, localcontext

from sandbox.destinations.pebble.floatingdecimal import JavaDigits, java_digits
from sandbox.destinations.pebble.numberpattern import NumberPattern, compile_number_pattern

DEFAULT_PATTERN = "#,##0.###"
"""`NumberFormat.getInstance(Locale.US)`."""
_WIDE = Context(prec=2000)


def format_number(value: int | float, pattern: str) -> str:
    spec = compile_number_pattern(pattern)
    if isinstance(value, float):
        value = value * spec.multiplier
        if math.isnan(value):
            return "NaN"
    else:
        value = int(value) * spec.multiplier
    negative = value < 0 or (isinstance(value, float) and math.copysign(1.0, value) < 0)
    if isinstance(value, float) and math.isinf(value):
        body = "∞"
    elif spec.min_exp is not None:
        body = _scientific(value, spec)
    else:
        body = _plain(value, spec)
    if negative:
        return spec.negative_prefix + body + spec.negative_suffix
    return spec.prefix + body + spec.suffix


def _digits(value: int | float) -> tuple[Decimal, JavaDigits]:
    """(the digits Java starts from, non-negative; how FloatingDecimal developed them)."""
    if isinstance(value, float):
        if not value:
            return Decimal(0), JavaDigits("0", 0, exact=True)
        developed = java_digits(value)
        return Decimal(f"0.{developed.digits}E{developed.exponent}"), developed
    return Decimal(abs(value)), JavaDigits(str(abs(value)), 0, exact=True)


def _round(shown: Decimal, developed: JavaDigits, quantum: Decimal) -> Decimal:
    """`DigitList.shouldRoundUp` for HALF_EVEN at `quantum`. A 5 that is the last digit is a
    tie only when the digits are exact; otherwise it rounds up unless FloatingDecimal already
    rounded that digit up (so an integral double such as 2925.0 gives 2.93E3: its digits are
    never flagged exact)."""
    with localcontext(_WIDE):
        down = shown.quantize(quantum, rounding=ROUND_DOWN)
        rest = shown - down
        half = quantum / 2
        if rest != half:
            return down + quantum if rest > half else down
        if not developed.exact:
            return down if developed.rounded_up else down + quantum
        last_digit = int((down / quantum) % 2)
        return down + quantum if last_digit else down


def _plain(value: int | float, spec: NumberPattern) -> str:
    shown, developed = _digits(value)
    rounded = _round(shown, developed, Decimal(1).scaleb(-spec.max_frac))
    integer_part, _, fraction = f"{rounded:f}".partition(".")
    fraction = fraction.rstrip("0").ljust(spec.min_frac, "0")
    integer_part = integer_part.lstrip("0").rjust(spec.min_int, "0")
    if spec.grouping:
        integer_part = _group(integer_part, spec.grouping)
    if not integer_part and not fraction:
        integer_part = "0"
    return integer_part + ("." + fraction if fraction else "")


def _group(digits: str, size: int) -> str:
    groups: list[str] = []
    while len(digits) > size:
        groups.insert(0, digits[-size:])
        digits = digits[:-size]
    if digits:
        groups.insert(0, digits)
    return ",".join(groups)


def _significant(value: int | float, count: int) -> tuple[str, int]:
    """The significant digits (trailing zeros dropped, at most `count` of them) and Java's
    `decimalAt` (value = 0.d1d2... × 10^decimalAt); ("", 0) for zero."""
    shown, developed = _digits(value)
    if shown == 0:
        return "", 0
    position = shown.adjusted() + 1
    quantum = Decimal(1).scaleb(position - max(count, 1))
    rounded = _round(shown, developed, quantum)
    digits = "".join(map(str, rounded.as_tuple().digits)).rstrip("0") or "0"
    return digits, rounded.adjusted() + 1


def _scientific(value: int | float, spec: NumberPattern) -> str:
    digits, decimal_at = _significant(value, spec.max_int + spec.max_frac)
    max_int, min_int = spec.max_int, spec.min_int
    if not digits:
        exponent = 0
    elif max_int > 1 and max_int > min_int:
        exponent = decimal_at
        if exponent >= 1:
            exponent = ((exponent - 1) // max_int) * max_int
        else:
            exponent = -((-(exponent - max_int)) // max_int) * max_int
    else:
        exponent = decimal_at - (min_int if min_int > 0 or spec.min_frac > 0 else 1)
    integer_digits = min_int if not digits else decimal_at - exponent
    total = max(len(digits), min_int + spec.min_frac, integer_digits)
    padded = digits.ljust(total, "0")
    mantissa = padded[:integer_digits] if integer_digits > 0 else ""
    fraction = padded[max(integer_digits, 0) :] if integer_digits >= 0 else padded
    if integer_digits < 0:
        mantissa, fraction = "", "0" * (-integer_digits) + padded
    text = mantissa + ("." + fraction if fraction else "")
    sign = "-" if exponent < 0 else ""
    return f"{text}E{sign}{str(abs(exponent)).rjust(spec.min_exp or 1, '0')}"
