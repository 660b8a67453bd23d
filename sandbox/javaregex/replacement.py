"""Java's replacement strings (`Matcher.appendReplacement`): `$1`, `${name}`, `\\$` for a literal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.javaregex.errors import JavaRegexError

Part = str | int  # literal text, or a group number to copy


def parse(replacement: str, groups: int, names: dict[str, int]) -> list[Part]:
    """The parts of `replacement`; JavaRegexError with Java's reason when it is malformed."""
    parts: list[Part] = []
    i = 0
    while i < len(replacement):
        char = replacement[i]
        if char == "\\":
            if i + 1 >= len(replacement):
                raise JavaRegexError(
                    "character to be escaped is missing (a replacement ends with \\)"
                )
            parts.append(replacement[i + 1])
            i += 2
        elif char == "$":
            group, i = _reference(replacement, i + 1, groups, names)
            parts.append(group)
        else:
            parts.append(char)
            i += 1
    return parts


def _reference(text: str, i: int, groups: int, names: dict[str, int]) -> tuple[int, int]:
    if i >= len(text):
        raise JavaRegexError("Illegal group reference: group index is missing (escape $ as \\$)")
    if text[i] == "{":
        end = text.find("}", i)
        name = text[i + 1 : end] if end > 0 else ""
        if end < 0 or not name.isalnum() or not name[0].isalpha() or not name.isascii():
            raise JavaRegexError("named capturing group is missing trailing '}' or has a bad name")
        if name not in names:
            raise JavaRegexError(f"No group with name {{{name}}}")
        return names[name], end + 1
    if not text[i].isdigit() or not text[i].isascii():
        raise JavaRegexError(f"Illegal group reference in the replacement at {text[i - 1 :]!r}")
    number = int(text[i])
    if number > groups:
        raise JavaRegexError(f"No group {number}")
    i += 1
    while i < len(text) and text[i].isascii() and text[i].isdigit():
        longer = number * 10 + int(text[i])
        if longer > groups:
            break
        number, i = longer, i + 1
    return number, i


def expander(parts: list[Part]) -> Callable[[Any], str]:
    """A function from a match to its replacement text (a group that did not take part adds nothing)."""

    def expand(match: Any) -> str:
        out = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            else:
                out.append(match.group(part) or "")
        return "".join(out)

    return expand
