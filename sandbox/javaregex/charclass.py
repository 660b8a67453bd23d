"""Java character classes (`[...]`, with ranges, nested classes and `&&` intersections) and the
escapes that stand for one character, in `regex` VERSION1 set syntax."""

from __future__ import annotations

import re

from sandbox.javaregex import classes
from sandbox.javaregex.errors import JavaRegexError

_CONTROL = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "a": "\x07", "e": "\x1b"}
_OCTAL = re.compile(r"[0-3][0-7]{0,2}|[0-7]{1,2}")
_WHITESPACE = " \t\n\x0b\f\r"


def single_char_escape(pattern: str, i: int) -> tuple[str, int] | None:
    """The character a `\\`-escape at `i` stands for and where it ends, or None when the escape
    is not a single character (a class, an assertion, a back reference)."""
    letter, j = pattern[i + 1], i + 2
    if letter in _CONTROL:
        return _CONTROL[letter], j
    if letter == "x" and pattern.startswith("{", j):
        end = pattern.find("}", j)
        if end < 0:
            raise JavaRegexError(f"a `}}` is missing after index {j}")
        return _code_point(pattern[j + 1 : end]), end + 1
    if letter in "xu":
        size = 2 if letter == "x" else 4
        return _code_point(pattern[j : j + size], size), j + size
    if letter == "c" and j < len(pattern):
        return chr(ord(pattern[j]) ^ 64), j + 1
    if letter == "0":
        digits = _OCTAL.match(pattern, j)
        if digits is None:
            raise JavaRegexError("`\\0` must be followed by octal digits, e.g. \\011")
        return chr(int(digits.group(0), 8)), digits.end()
    if letter.isascii() and letter.isalnum():
        return None
    return letter, j


def _code_point(digits: str, exact: int = 0) -> str:
    try:
        if exact and len(digits) != exact:
            raise ValueError
        return chr(int(digits, 16))
    except (ValueError, OverflowError):
        raise JavaRegexError(f"`{digits}` is not a hexadecimal code point") from None


def literal(char: str) -> str:
    """One character, escaped so that no `regex` syntax (sets included) can read it otherwise."""
    return char if char.isalnum() else f"\\U{ord(char):08x}"


class PropertyInFoldedClass(Exception):
    """A class escape (`\\p{Lower}`, `\\w`) met while spelling out ASCII case folding: Java
    folds those its own way, so the class is left to the regex engine's folding instead."""


def char_class(
    pattern: str, start: int, unicode: bool, comments: bool, ascii_fold: bool = False
) -> tuple[str, int]:
    """The set for the Java class opening at `start`, and the index after its `]`.

    `ascii_fold` (CASE_INSENSITIVE without UNICODE_CASE): ASCII letters match both cases,
    spelled out in the set, and nothing else folds (`(?i)[é]` does not match `É`; a range
    also matches an ASCII letter whose other case is in it, as `Pattern.range` does)."""
    i = start + 1
    out = ["["]
    if pattern.startswith("^", i):
        out.append("^")
        i += 1
    first = True
    while True:
        if i >= len(pattern):
            raise JavaRegexError(f"the character class opened at index {start} is never closed")
        char = pattern[i]
        if comments and char in _WHITESPACE:
            i += 1
        elif char == "]" and not first:
            return "".join(out) + "]", i + 1
        elif char == "[":
            text, i = char_class(pattern, i, unicode, comments, ascii_fold)
            out.append(text)
        elif pattern.startswith("&&", i):
            out.append("" if pattern.startswith("]", i + 2) else "&&")
            i += 2
        else:
            text, i = _member(pattern, i, unicode, ascii_fold)
            out.append(text)
        first = False


def _member(pattern: str, i: int, unicode: bool, ascii_fold: bool) -> tuple[str, int]:
    """One member: a class escape, a quoted run, a character, or a range `a-z`."""
    if pattern.startswith("\\Q", i):
        end = pattern.find("\\E", i + 2)
        end = len(pattern) if end < 0 else end
        return "".join(literal(c) for c in pattern[i + 2 : end]), min(end + 2, len(pattern))
    if pattern[i] == "\\":
        if i + 1 >= len(pattern):
            raise JavaRegexError("the pattern ends with a lone backslash")
        escaped = single_char_escape(pattern, i)
        if escaped is None:
            if ascii_fold:
                raise PropertyInFoldedClass
            return _class_escape(pattern, i, unicode)
        low, i = escaped
    else:
        low, i = pattern[i], i + 1
    if pattern.startswith("-", i) and i + 1 < len(pattern) and pattern[i + 1] not in "][":
        high, end = _range_end(pattern, i + 1)
        if high < low:
            raise JavaRegexError(f"the range {low!r}-{high!r} goes backwards")
        return f"{literal(low)}-{literal(high)}" + _other_cases(low, high, ascii_fold), end
    return literal(low) + _other_cases(low, low, ascii_fold), i


def _other_cases(low: str, high: str, ascii_fold: bool) -> str:
    """The ASCII letters whose other case lies in `low`-`high` (none unless folding)."""
    if not ascii_fold:
        return ""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return "".join(c for c in letters if low <= c.swapcase() <= high and not low <= c <= high)


def _range_end(pattern: str, i: int) -> tuple[str, int]:
    if pattern[i] != "\\":
        return pattern[i], i + 1
    if i + 1 >= len(pattern):
        raise JavaRegexError("the pattern ends with a lone backslash")
    escaped = single_char_escape(pattern, i)
    if escaped is None:
        raise JavaRegexError(f"a range at index {i} ends in a class, not a character")
    return escaped


def _class_escape(pattern: str, i: int, unicode: bool) -> tuple[str, int]:
    letter = pattern[i + 1]
    if letter in "wWdDsShHvV":
        return classes.shorthand(letter, unicode), i + 2
    if letter in "pP":
        if pattern.startswith("{", i + 2):
            end = pattern.find("}", i + 2)
            if end < 0:
                raise JavaRegexError(f"a `}}` is missing after index {i}")
            return classes.property_class(pattern[i + 3 : end], letter == "P", unicode), end + 1
        return classes.property_class(pattern[i + 2 : i + 3], letter == "P", unicode), i + 3
    raise JavaRegexError(f"`\\{letter}` is not allowed in a character class")
