"""`java.text.DecimalFormat` (en-US symbols) for the `numberformat` filter.

Handles the patterns templates use: grouping (`#,##0`), minimum/maximum integer and fraction
digits (`0.00`, `#.##`), quoted literal prefixes/suffixes, `%` and `‰`, a `;` negative
subpattern, and `E0` exponents. Rounding is HALF_EVEN on the exact binary value of a double,
as Java 8+ does (`0.125` → `0.12`, `1.005` → `1.00`).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from sandbox.destinations.pebble.errors import PebbleFailure

DEFAULT_PATTERN = "#,##0.###"
"""`NumberFormat.getInstance(Locale.US)`."""


@dataclass(frozen=True)
class NumberPattern:
    prefix: str
    suffix: str
    negative_prefix: str
    negative_suffix: str
    min_int: int
    min_frac: int
    max_frac: int
    grouping: int
    multiplier: int
    min_exp: int | None


def _split_affixes(part: str) -> tuple[str, str, str]:
    """(prefix, number part, suffix), quotes resolved in the affixes."""
    index, prefix = _affix(part, 0)
    start = index
    while index < len(part) and part[index] in "#0,.E":
        if part[index] == "E":
            index += 1
            while index < len(part) and part[index] == "0":
                index += 1
            break
        index += 1
    end, suffix = _affix(part, index)
    if end != len(part):
        raise PebbleFailure(f"Malformed number pattern [{part}]")
    return prefix, part[start:index], suffix


def _affix(part: str, index: int) -> tuple[int, str]:
    out: list[str] = []
    while index < len(part) and part[index] not in "#0,.":
        if part[index] == "'":
            close = part.find("'", index + 1)
            if close < 0:
                raise PebbleFailure(f"Unterminated quote in number pattern [{part}]")
            out.append(part[index + 1 : close] or "'")
            index = close + 1
        else:
            out.append(part[index])
            index += 1
    return index, "".join(out)


@functools.lru_cache(maxsize=128)
def compile_number_pattern(pattern: str) -> NumberPattern:
    positive, _, negative = pattern.partition(";")
    prefix, number, suffix = _split_affixes(positive)
    mantissa, _, exponent = number.partition("E")
    integer, _, fraction = mantissa.partition(".")
    grouping = len(integer) - integer.rfind(",") - 1 if "," in integer else 0
    multiplier = 100 if "%" in prefix + suffix else 1000 if "‰" in prefix + suffix else 1
    negative_prefix, negative_suffix = "-" + prefix, suffix
    if negative:
        negative_prefix, _, negative_suffix = _split_affixes(negative)
    return NumberPattern(
        prefix,
        suffix,
        negative_prefix,
        negative_suffix,
        min_int=integer.count("0"),
        min_frac=fraction.count("0"),
        max_frac=fraction.count("0") + fraction.count("#"),
        grouping=grouping,
        multiplier=multiplier,
        min_exp=len(exponent) if "E" in number else None,
    )


def format_number(value: int | float, pattern: str) -> str:
    spec = compile_number_pattern(pattern)
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    negative = value < 0 or (isinstance(value, float) and math.copysign(1.0, value) < 0)
    if isinstance(value, float) and math.isinf(value):
        body = "∞"
    else:
        exact = abs(Decimal(value)) * spec.multiplier
        body = _scientific(exact, spec) if spec.min_exp is not None else _plain(exact, spec)
    if negative:
        return spec.negative_prefix + body + spec.negative_suffix
    return spec.prefix + body + spec.suffix


def _plain(exact: Decimal, spec: NumberPattern) -> str:
    rounded = exact.quantize(Decimal(1).scaleb(-spec.max_frac), rounding=ROUND_HALF_EVEN)
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


def _scientific(exact: Decimal, spec: NumberPattern) -> str:
    int_digits = max(spec.min_int, 1)
    exponent = 0 if exact == 0 else exact.adjusted() - (int_digits - 1)
    mantissa = exact.scaleb(-exponent)
    digits = _plain(
        mantissa,
        NumberPattern("", "", "-", "", int_digits, spec.min_frac, spec.max_frac, 0, 1, None),
    )
    if digits.startswith("10") and len(digits.split(".")[0]) > int_digits:
        exponent += 1
        digits = _plain(
            exact.scaleb(-exponent),
            NumberPattern("", "", "-", "", int_digits, spec.min_frac, spec.max_frac, 0, 1, None),
        )
    sign = "-" if exponent < 0 else ""
    return f"{digits}E{sign}{str(abs(exponent)).rjust(spec.min_exp or 1, '0')}"
