"""Java regular expressions as `String.split` uses them, on Python's `re`.

The two dialects agree on everything templates commonly use (`,`, `\\s+`, `[;|]`, `\\.`).
The Java-only forms translated here are `\\Q...\\E` quoting and the POSIX `\\p{...}` classes.
"""

from __future__ import annotations

import functools
import re

from sandbox.destinations.pebble.errors import PebbleFailure

_POSIX_CLASSES = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": "\\x00-\\x7f",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    "Space": " \\t\\n\\x0b\\f\\r",
    "XDigit": "0-9a-fA-F",
    "Blank": " \\t",
    "Cntrl": "\\x00-\\x1f\\x7f",
}
_QUOTED = re.compile(r"\\Q(.*?)(?:\\E|$)", re.DOTALL)
_CLASS = re.compile(r"\\([pP])\{(?:Is)?(\w+)\}")


def _translate(pattern: str) -> str:
    pattern = _QUOTED.sub(lambda m: re.escape(m.group(1)), pattern)

    def posix(match: re.Match[str]) -> str:
        body = _POSIX_CLASSES.get(match.group(2))
        if body is None:
            return match.group(0)
        return f"[{'^' if match.group(1) == 'P' else ''}{body}]"

    return _CLASS.sub(posix, pattern)


@functools.lru_cache(maxsize=256)
def compile_java_regex(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(_translate(pattern))
    except re.error as error:
        raise PebbleFailure(f"Invalid regular expression [{pattern}]: {error}") from error


def java_split(text: str, pattern: str, limit: int = 0) -> list[str]:
    """`String.split(regex, limit)`, trailing empty strings dropped when `limit` is 0."""
    parts: list[str] = []
    index = 0
    for match in compile_java_regex(pattern).finditer(text):
        if limit > 0 and len(parts) >= limit - 1:
            break
        if index == 0 and match.start() == 0 and match.end() == 0:
            continue
        parts.append(text[index : match.start()])
        index = match.end()
    if index == 0:
        return [text]
    parts.append(text[index:])
    if limit == 0:
        while parts and parts[-1] == "":
            parts.pop()
    return parts
