"""More of `java.lang.String`'s public methods, with Java's semantics (UTF-16 indices, Java's
whitespace, `java.util.regex`): the ones whose result Pebble can print.

Methods that need the render's limits (time, output size) take the render state first; they are
wrapped in `NeedsState` so the method dispatcher passes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sandbox.destinations.pebble import regexes
from sandbox.destinations.pebble.javahash import string_hash
from sandbox.destinations.pebble.javatext import java_is_whitespace
from sandbox.destinations.pebble.javatypes import JChar, wrap_int
from sandbox.destinations.pebble.runstate import RenderState


@dataclass(frozen=True)
class NeedsState:
    """A method implementation called as `impl(rt, receiver, *args)`."""

    impl: Callable[..., Any]


def units(text: str) -> list[int]:
    """The UTF-16 code units of a string."""
    data = text.encode("utf-16-le", "surrogatepass")
    return [data[i] | data[i + 1] << 8 for i in range(0, len(data), 2)]


def char_at(text: str, index: int) -> JChar:
    codes = units(text)
    if not 0 <= index < len(codes):
        raise IndexError(f"StringIndexOutOfBoundsException: index {index}, length {len(codes)}")
    return JChar(chr(codes[index]))


def code_point_at(text: str, index: int) -> int:
    codes = units(text)
    if not 0 <= index < len(codes):
        raise IndexError(f"StringIndexOutOfBoundsException: index {index}, length {len(codes)}")
    high = codes[index]
    if 0xD800 <= high < 0xDC00 and index + 1 < len(codes) and 0xDC00 <= codes[index + 1] < 0xE000:
        return 0x10000 + ((high - 0xD800) << 10) + (codes[index + 1] - 0xDC00)
    return high


def code_point_count(text: str, begin: int, end: int) -> int:
    """`codePointCount(begin, end)`: a surrogate pair counts once, a lone half once."""
    codes = units(text)
    if begin < 0 or end > len(codes) or begin > end:
        raise IndexError(
            f"IndexOutOfBoundsException: begin {begin}, end {end}, length {len(codes)}"
        )
    count, i = 0, begin
    while i < end:
        pair = 0xD800 <= codes[i] < 0xDC00 and i + 1 < end and 0xDC00 <= codes[i + 1] < 0xE000
        i += 2 if pair else 1
        count += 1
    return count


def last_index_of(text: str, needle: str | int, start: int | None = None) -> int:
    """`lastIndexOf(str[, fromIndex])` / `lastIndexOf(ch[, fromIndex])` in UTF-16 units."""
    haystack = units(text)
    target = units(needle) if isinstance(needle, str) else units(chr(needle))
    last = len(haystack) - len(target)
    position = last if start is None else min(start, last)
    while position >= 0:
        if haystack[position : position + len(target)] == target:
            return position
        position -= 1
    return -1


def compare_to(text: str, other: str) -> int:
    left, right = units(text), units(other)
    for a, b in zip(left, right, strict=False):
        if a != b:
            return a - b
    return len(left) - len(right)


def _fold(code: int) -> int:
    return ord(chr(code).upper()[:1] or chr(code)) if code < 0xD800 or code > 0xDFFF else code


def _fold_lower(code: int) -> int:
    upper = _fold(code)
    lowered = chr(upper).lower()
    return ord(lowered) if len(lowered) == 1 else upper


def compare_to_ignore_case(text: str, other: str) -> int:
    left = [_fold_lower(c) for c in units(text)]
    right = [_fold_lower(c) for c in units(other)]
    for a, b in zip(left, right, strict=False):
        if a != b:
            return a - b
    return len(left) - len(right)


def equals_ignore_case(text: str, other: Any) -> bool:
    return (
        type(other) is str
        and compare_to_ignore_case(text, other) == 0
        and (len(units(text)) == len(units(other)))
    )


def strip(text: str) -> str:
    return strip_trailing(strip_leading(text))


def strip_leading(text: str) -> str:
    index = 0
    while index < len(text) and java_is_whitespace(text[index]):
        index += 1
    return text[index:]


def strip_trailing(text: str) -> str:
    index = len(text)
    while index > 0 and java_is_whitespace(text[index - 1]):
        index -= 1
    return text[:index]


def is_blank(text: str) -> bool:
    return all(java_is_whitespace(char) for char in text)


def repeat(rt: RenderState, text: str, count: int) -> str:
    if count < 0:
        raise ValueError(f"IllegalArgumentException: count is negative: {count}")
    rt.check_room(len(text) * count, -1)
    return text * count


def matches(rt: RenderState, text: str, regex: str) -> bool:
    return regexes.run(rt, regex, lambda p, t: p.matches(text, timeout=t))


def replace_all(rt: RenderState, text: str, regex: str, replacement: str) -> str:
    return regexes.run(rt, regex, lambda p, t: p.replace_all(text, replacement, t, rt.max_output))


def replace_first(rt: RenderState, text: str, regex: str, replacement: str) -> str:
    return regexes.run(rt, regex, lambda p, t: p.replace_first(text, replacement, t, rt.max_output))


def split(rt: RenderState, text: str, regex: str, limit: int = 0) -> Any:
    from sandbox.destinations.pebble.javatypes import JStringArray

    return JStringArray(regexes.split(rt, text, regex, limit, -1))


def concat(rt: RenderState, text: str, other: str) -> str:
    if other is None:
        raise TypeError("NullPointerException")
    rt.check_room(len(text) + len(other), -1)
    return text + other


MORE_STRING_METHODS: dict[str, list[tuple[tuple[str, ...], Any]]] = {
    "charat": [(("int",), char_at)],
    "codepointat": [(("int",), code_point_at)],
    "codepointcount": [(("int", "int"), code_point_count)],
    "concat": [(("str",), NeedsState(concat))],
    "lastindexof": [
        (("str",), last_index_of),
        (("int",), last_index_of),
        (("str", "int"), last_index_of),
        (("int", "int"), last_index_of),
    ],
    "matches": [(("str",), NeedsState(matches))],
    "replaceall": [(("str", "str"), NeedsState(replace_all))],
    "replacefirst": [(("str", "str"), NeedsState(replace_first))],
    "split": [(("str",), NeedsState(split)), (("str", "int"), NeedsState(split))],
    "strip": [((), strip)],
    "stripleading": [((), strip_leading)],
    "striptrailing": [((), strip_trailing)],
    "isblank": [((), is_blank)],
    "repeat": [(("int",), NeedsState(repeat))],
    "compareto": [(("str",), lambda s, other: wrap_int(compare_to(s, other)))],
    "comparetoignorecase": [(("str",), lambda s, o: wrap_int(compare_to_ignore_case(s, o)))],
    "equalsignorecase": [(("obj",), equals_ignore_case)],
    "contentequals": [(("str",), lambda s, other: s == other)],
    "hashcode": [((), string_hash)],
    "tostring": [((), lambda s: s)],
    "intern": [((), lambda s: s)],
}
