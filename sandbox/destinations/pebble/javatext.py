"""Java's `toString()` for template values, and the Java character rules the lexer needs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from sandbox.destinations.pebble.errors import RenderLimitExceeded
from sandbox.destinations.pebble.floatingdecimal import double_to_string
from sandbox.destinations.pebble.javatypes import (
    JChar,
    JCollection,
    JEntry,
    JStringArray,
    LoopVariables,
    SafeString,
)

CONTAINER_TEXT_LIMIT = 10_000_000  # the engine's default output limit
_JAVA_WHITESPACE_CONTROLS = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f")
_NON_BREAKING = frozenset("\xa0\u2007\u202f")


def java_is_whitespace(char: str) -> bool:
    """`Character.isWhitespace`: Unicode space separators except the non-breaking ones."""
    if char in _JAVA_WHITESPACE_CONTROLS:
        return True
    if char in _NON_BREAKING or char.isascii():
        return char == " "
    return unicodedata.category(char) in ("Zs", "Zl", "Zp")


def java_ltrim(text: str) -> str:
    index = 0
    while index < len(text) and java_is_whitespace(text[index]):
        index += 1
    return text[index:]


def java_rtrim(text: str) -> str:
    index = len(text)
    while index > 0 and java_is_whitespace(text[index - 1]):
        index -= 1
    return text[:index]


def java_trim(text: str) -> str:
    """`String.trim()`: strips every char <= U+0020 at both ends (not Unicode whitespace)."""
    start, end = 0, len(text)
    while start < end and text[start] <= " ":
        start += 1
    while end > start and text[end - 1] <= " ":
        end -= 1
    return text[start:end]


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def as_encoded(text: str) -> str:
    """The text as the JVM writes it out in UTF-8: halves of a pair that were cut apart and put
    back together form the character again; a lone half becomes `?`."""
    if text.isascii() or _LONE_SURROGATE.search(text) is None:
        return text
    paired = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return _LONE_SURROGATE.sub("?", paired)


def to_units(text: str) -> str:
    """The string as Java holds it: a character outside the BMP becomes its two surrogate
    halves, so indexing and slicing count UTF-16 code units."""
    if text.isascii() or all(ord(char) <= 0xFFFF for char in text):
        return text
    data = text.encode("utf-16-le", "surrogatepass")
    return "".join(chr(data[i] | data[i + 1] << 8) for i in range(0, len(data), 2))


def from_units(text: str) -> str:
    """Surrogate halves that form a pair become the character again (a lone half stays)."""
    if text.isascii() or _LONE_SURROGATE.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def java_title_char(char: str) -> str:
    """`Character.toTitleCase(char)`: one char to one char; where Unicode's title case is
    several characters (`ß`, `ﬁ`) or the char is a surrogate half, it is kept."""
    titled = char.title()
    return titled if len(titled) == 1 and ord(char) <= 0xFFFF else char


def utf16_length(text: str) -> int:
    """`String.length()`: UTF-16 code units, so a character outside the BMP counts twice."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def to_java_string(value: Any) -> str:
    """`String.valueOf(value)`: what Pebble prints (`null` for None; callers print "" for a
    top-level null themselves)."""
    kind = type(value)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is float:
        return double_to_string(value)
    if isinstance(value, int):
        return str(int(value))
    if kind is dict:
        pairs = (f"{to_java_string(k)}={to_java_string(v)}" for k, v in value.items())
        return "{" + _bounded_join(pairs) + "}"
    if kind is list or kind is tuple:
        return "[" + _bounded_join(to_java_string(item) for item in value) + "]"
    return _special_to_string(value)


def _bounded_join(parts: Iterator[str]) -> str:
    """`, `-joined, refused once the text passes CONTAINER_TEXT_LIMIT (checked as it grows: a
    doubled list of long strings never becomes a string of gigabytes)."""
    gathered: list[str] = []
    size = 0
    for part in parts:
        size += len(part) + 2
        if size > CONTAINER_TEXT_LIMIT:
            raise RenderLimitExceeded(
                f"a list or map printed past {CONTAINER_TEXT_LIMIT} characters"
            )
        gathered.append(part)
    return ", ".join(gathered)


def _special_to_string(value: Any) -> str:
    if isinstance(value, SafeString | JChar):
        return str(value)
    if isinstance(value, JEntry):
        return f"{to_java_string(value.key)}={to_java_string(value.value)}"
    if isinstance(value, JStringArray):
        return f"[Ljava.lang.String;@{value.identity:x}"
    if isinstance(value, JCollection):
        return "[" + _bounded_join(to_java_string(item) for item in value.items) + "]"
    if isinstance(value, LoopVariables):
        return (
            f"{{last={to_java_string(value.last)}, length={value.length}, index={value.index},"
            f" revindex={value.revindex}, first={to_java_string(value.first)}}}"
        )
    if isinstance(value, dict):
        return to_java_string(dict(value))
    if isinstance(value, list | tuple):
        return to_java_string(list(value))
    return str(value)
