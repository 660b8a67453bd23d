"""`DecimalFormat.applyPattern` (en-US symbols): a pattern's affixes and digit counts, counted as
the JDK counts them (so `#.##` keeps one integer digit and `.##` one fraction digit)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sandbox.destinations.pebble.errors import PebbleFailure

CURRENCY = "¤"
_SYMBOLS = {"¤¤": "USD", "¤": "$"}  # en-US currency, as Locale.US has it


@dataclass(frozen=True)
class NumberPattern:
    prefix: str
    suffix: str
    negative_prefix: str
    negative_suffix: str
    min_int: int
    max_int: int
    min_frac: int
    max_frac: int
    grouping: int
    multiplier: int
    min_exp: int | None  # digits of the exponent, None without `E`


@dataclass
class _Counts:
    left: int = 0  # `#` before any `0`
    zero: int = 0
    right: int = 0  # `#` after the zeros
    decimal: int = -1
    grouping: int = -1
    min_exp: int | None = None


def _split_affixes(part: str, whole: str) -> tuple[str, str, str]:
    """(prefix, number part, suffix), quotes resolved and `¤` replaced in the affixes."""
    index, prefix = _affix(part, 0, whole)
    start = index
    while index < len(part) and part[index] in "#0,.E":
        if part[index] == "E":
            index += 1
            while index < len(part) and part[index] == "0":
                index += 1
            break
        index += 1
    end, suffix = _affix(part, index, whole)
    if end != len(part) or start == index:
        raise PebbleFailure(f'Malformed pattern "{whole}"')
    return prefix, part[start:index], suffix


def _affix(part: str, index: int, whole: str) -> tuple[int, str]:
    out: list[str] = []
    while index < len(part) and part[index] not in "#0,.":
        if part[index] == "'":
            close = part.find("'", index + 1)
            if close < 0:
                raise PebbleFailure(f'Malformed pattern "{whole}" (unterminated quote)')
            out.append(part[index + 1 : close] or "'")
            index = close + 1
        elif part.startswith("¤¤", index):
            out.append(_SYMBOLS["¤¤"])
            index += 2
        else:
            out.append(_SYMBOLS.get(part[index], part[index]))
            index += 1
    return index, "".join(out)


def _count(number: str, whole: str) -> _Counts:
    counts = _Counts()
    for index, char in enumerate(number):
        if char == "#":
            if counts.zero:
                counts.right += 1
            else:
                counts.left += 1
            if counts.grouping >= 0 and counts.decimal < 0:
                counts.grouping += 1
        elif char == "0":
            if counts.right:
                raise PebbleFailure(f"Unexpected '0' in pattern \"{whole}\"")
            counts.zero += 1
            if counts.grouping >= 0 and counts.decimal < 0:
                counts.grouping += 1
        elif char == ",":
            counts.grouping = 0
        elif char == ".":
            if counts.decimal >= 0:
                raise PebbleFailure(f'Multiple decimal separators in pattern "{whole}"')
            counts.decimal = counts.left + counts.zero + counts.right
        elif char == "E":
            counts.min_exp = len(number) - index - 1
            break
    return counts


def _fix_up(counts: _Counts) -> None:
    """Java's handling of "###.###", "###." and ".###": one digit becomes a zero digit."""
    if counts.zero == 0 and counts.left > 0 and counts.decimal >= 0:
        n = counts.decimal or 1
        counts.right = counts.left - n
        counts.left = n - 1
        counts.zero = 1


@functools.lru_cache(maxsize=128)
def compile_number_pattern(pattern: str) -> NumberPattern:
    positive, _, negative = pattern.partition(";")
    prefix, number, suffix = _split_affixes(positive, pattern)
    counts = _count(number, pattern)
    _fix_up(counts)
    digits = counts.left + counts.zero + counts.right
    decimal = counts.decimal if counts.decimal >= 0 else digits
    min_int = decimal - counts.left
    exponential = counts.min_exp is not None
    affixes = prefix + suffix
    negative_prefix, negative_suffix = "-" + prefix, suffix
    if negative:
        negative_prefix, _, negative_suffix = _split_affixes(negative, pattern)
    return NumberPattern(
        prefix,
        suffix,
        negative_prefix,
        negative_suffix,
        min_int=min_int,
        max_int=counts.left + min_int if exponential else 2**31 - 1,
        min_frac=max(0, counts.left + counts.zero - decimal) if counts.decimal >= 0 else 0,
        max_frac=digits - decimal if counts.decimal >= 0 else 0,
        grouping=max(counts.grouping, 0),
        multiplier=100 if "%" in affixes else 1000 if "‰" in affixes else 1,
        min_exp=counts.min_exp,
    )
