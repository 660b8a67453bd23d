"""`java.text.DecimalFormat` (en-US symbols) for the `numberformat` filter.

A double's digits are its shortest round-trip digits (`Double.toString`'s), rounded HALF_EVEN;
a tie in those digits is broken by the exact binary value, as JDK 8+ does (`0.125` → `0.12`,
`1.005` → `1.00`). So `1.7976931348623157E308` prints as 17976931348623157 and zeros. Exponent
patterns follow `DecimalFormat`: with more maximum than minimum integer digits the exponent is a
multiple of the maximum (`##0.#####E0` is engineering notation), and the significant digits
are the maximum integer plus maximum fraction digits.
"""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, Context, Decimal, localcontext

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


def _digits(value: int | float) -> tuple[Decimal, Decimal]:
    """(the digits Java starts from, the exact value), both non-negative."""
    if isinstance(value, float):
        return Decimal(repr(abs(value))), Decimal(abs(value))
    return Decimal(abs(value)), Decimal(abs(value))


def _round(shown: Decimal, exact: Decimal, quantum: Decimal) -> Decimal:
    """HALF_EVEN at `quantum`; a tie in the shown digits goes the way the exact value lies."""
    with localcontext(_WIDE):
        down = shown.quantize(quantum, rounding=ROUND_DOWN)
        rest = shown - down
        half = quantum / 2
        if rest > half or (rest == half and exact > shown):
            return down + quantum
        if rest < half or exact < shown:
            return down
        last_digit = int((down / quantum) % 2)
        return down + quantum if last_digit else down


def _plain(value: int | float, spec: NumberPattern) -> str:
    shown, exact = _digits(value)
    rounded = _round(shown, exact, Decimal(1).scaleb(-spec.max_frac))
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
    shown, exact = _digits(value)
    if shown == 0:
        return "", 0
    position = shown.adjusted() + 1
    quantum = Decimal(1).scaleb(position - max(count, 1))
    rounded = _round(shown, exact, quantum)
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
