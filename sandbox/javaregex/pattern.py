"""A compiled Java pattern with bounded execution: every operation has a time limit, and running
past it raises JavaRegexTimeout naming the pattern instead of hanging.

Matching walks the input as `java.util.regex.Matcher.find` does: after an empty match the next
search starts one character further on.
"""

from __future__ import annotations

import functools
import re
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

import regex

from sandbox.javaregex import replacement
from sandbox.javaregex.errors import JavaRegexError, JavaRegexLimit, JavaRegexTimeout
from sandbox.javaregex.translate import Translation, translate

DEFAULT_TIMEOUT = 1.0
TAME_INPUT = 2000


@dataclass(frozen=True)
class JavaPattern:
    source: str
    compiled: Any  # regex.Pattern[str]
    timeout: float = DEFAULT_TIMEOUT
    fast: Any = None  # the same pattern on `re`, for a tame pattern (see `_engine`)

    @property
    def groups(self) -> int:
        """The number of capturing groups."""
        return int(self.compiled.groups)

    def _engine(self, text: str, timeout: float | None) -> tuple[Any, float | None]:
        """The compiled pattern to run and its time limit. A tame pattern (no quantified group,
        at most one unbounded repetition, no back reference) on a short input is at worst
        quadratic in a few thousand characters: it runs on `re`, without the per-call cost of a
        limit; everything else runs on `regex` with one."""
        if self.fast is not None and len(text) <= TAME_INPUT:
            return self.fast, None
        return self.compiled, self.timeout if timeout is None else timeout

    def _search(self, engine: Any, text: str, position: int, limit: float | None) -> Any:
        if limit is None:
            return engine.search(text, position)
        return engine.search(text, position, timeout=limit)

    def search(self, text: str, timeout: float | None = None) -> Any:
        """The first match anywhere (Java's `Matcher.find`), or None."""
        fast = self.fast
        if fast is not None and len(text) <= TAME_INPUT:
            return fast.search(text)
        engine, limit = self._engine(text, timeout)
        try:
            return self._search(engine, text, 0, limit)
        except TimeoutError:
            raise JavaRegexTimeout(self.source, limit or 0.0) from None

    def fullmatch(self, text: str, timeout: float | None = None) -> Any:
        """A match of the whole input (Java's `String.matches`), or None."""
        engine, limit = self._engine(text, timeout)
        try:
            if limit is None:
                return engine.fullmatch(text)
            return engine.fullmatch(text, timeout=limit)
        except TimeoutError:
            raise JavaRegexTimeout(self.source, limit or 0.0) from None

    def matches(self, text: str, timeout: float | None = None) -> bool:
        return self.fullmatch(text, timeout) is not None

    def finditer(self, text: str, timeout: float | None = None) -> Iterator[Any]:
        engine, limit = self._engine(text, timeout)
        deadline = None if limit is None else time.monotonic() + limit
        position = 0
        while position <= len(text):
            remaining = None if deadline is None else deadline - time.monotonic()
            try:
                if remaining is not None and remaining <= 0:
                    raise TimeoutError
                match = self._search(engine, text, position, remaining)
            except TimeoutError:
                raise JavaRegexTimeout(self.source, limit or 0.0) from None
            if match is None:
                return
            yield match
            position = match.end() + 1 if match.end() == match.start() else match.end()

    def _unit_matches(
        self, text: str, units: str, timeout: float | None
    ) -> Iterator[tuple[int, int, Any]]:
        """Matches as (start, end, match) in UTF-16 units of `text` (`units` spells each
        character beyond U+FFFF as its two surrogates). After an empty match before such a
        character Java's matcher steps one unit, into the middle of the pair, and may match
        there again: that empty match is found on `units`."""
        if units is text:
            for match in self.finditer(text, timeout):
                yield match.start(), match.end(), match
            return
        index = list(accumulate((2 if ord(c) > 0xFFFF else 1 for c in text), initial=0))
        for match in self.finditer(text, timeout):
            start, end = index[match.start()], index[match.end()]
            yield start, end, match
            if start == end and start + 1 < len(units) and index[match.start() + 1] == start + 2:
                inner = self._search_units(units, start + 1, timeout)
                if inner is not None and inner.start() == start + 1:
                    if inner.end() != inner.start():
                        raise JavaRegexError(
                            f"{self.source!r} matches half of a surrogate pair here;"
                            " the sandbox cannot reproduce what Java does with it"
                        )
                    yield start + 1, start + 1, inner

    def _search_units(self, units: str, position: int, timeout: float | None) -> Any:
        engine, limit = self._engine(units, timeout)
        try:
            return self._search(engine, units, position, limit)
        except TimeoutError:
            raise JavaRegexTimeout(self.source, limit or 0.0) from None

    def split(
        self,
        text: str,
        limit: int = 0,
        timeout: float | None = None,
        max_parts: int | None = None,
    ) -> list[str]:
        """Java's `String.split(regex, limit)`: no leading empty part from a zero-width match at
        the start; with limit 0 trailing empty parts are removed; a positive limit caps the parts.
        More than `max_parts` parts is a JavaRegexLimit, raised as they grow."""
        parts: list[str] = []
        index = 0
        units = _units(text)
        for start, end, _ in self._unit_matches(text, units, timeout):
            if max_parts is not None and len(parts) >= max_parts:
                raise JavaRegexLimit(
                    f"splitting on {self.source!r} gave more than {max_parts} parts"
                )
            if limit <= 0 or len(parts) < limit - 1:
                if index == 0 and start == 0 and end == 0:
                    continue
                parts.append(units[index:start])
                index = end
            elif len(parts) == limit - 1:
                parts.append(units[index:])
                index = end
                break
        if index == 0:
            return [text]
        if limit <= 0 or len(parts) < limit:
            parts.append(units[index:])
        if limit == 0:
            while parts and parts[-1] == "":
                parts.pop()
        return [_from_units(part) for part in parts] if units is not text else parts

    def replace_all(
        self,
        text: str,
        with_text: str,
        timeout: float | None = None,
        max_length: int | None = None,
    ) -> str:
        """Java's `replaceAll`: `$n`/`${name}` copy groups, `\\` quotes the next character.
        A result longer than `max_length` is a JavaRegexLimit, raised as it grows."""
        return self._replace(text, with_text, timeout, max_length, first_only=False)

    def replace_first(
        self,
        text: str,
        with_text: str,
        timeout: float | None = None,
        max_length: int | None = None,
    ) -> str:
        return self._replace(text, with_text, timeout, max_length, first_only=True)

    def _replace(
        self,
        text: str,
        with_text: str,
        timeout: float | None,
        max_length: int | None,
        first_only: bool,
    ) -> str:
        out: list[str] = []
        index = size = 0
        expand = None
        units = _units(text)
        for start, end, match in self._unit_matches(text, units, timeout):
            if expand is None:
                groups, names = self.compiled.groups, dict(self.compiled.groupindex)
                expand = replacement.expander(replacement.parse(with_text, groups, names))
            out.append(units[index:start])
            out.append(expand(match))
            size += len(out[-2]) + len(out[-1])
            if max_length is not None and size + len(units) - end > max_length:
                raise JavaRegexLimit(f"replacing {self.source!r} grew past {max_length} characters")
            index = end
            if first_only:
                break
        out.append(units[index:])
        return "".join(out) if units is text else _from_units("".join(out))


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _units(text: str) -> str:
    """`text` with every character beyond U+FFFF spelled as its two surrogates (`text` itself
    when it has none)."""
    if not _ASTRAL.search(text):
        return text
    return "".join(
        chr(0xD800 + ((ord(c) - 0x10000) >> 10)) + chr(0xDC00 + ((ord(c) - 0x10000) & 0x3FF))
        if ord(c) > 0xFFFF
        else c
        for c in text
    )


def _from_units(units: str) -> str:
    """Adjacent surrogate halves joined back into their character (lone halves stay)."""
    return units.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


@functools.lru_cache(maxsize=1024)
def compile_java(pattern: str, timeout: float = DEFAULT_TIMEOUT) -> JavaPattern:
    """A Java pattern compiled for matching; JavaRegexError naming the problem when Java would
    refuse it or it has no faithful translation."""
    if not isinstance(pattern, str):
        raise JavaRegexError(f"a pattern must be a string, not {type(pattern).__name__}")
    translation = translate(pattern)
    flags = regex.VERSION1 | (regex.IGNORECASE if translation.ignore_case else 0)
    try:
        compiled = regex.compile("(?-f)" + translation.pattern, flags)
    except (regex.error, ValueError, OverflowError, RecursionError) as error:
        raise JavaRegexError(f"{pattern!r} is not a valid regular expression: {error}") from None
    fast = None if translation.risky or translation.regex_only else _on_re(translation)
    return JavaPattern(pattern, compiled, timeout, fast)


def _on_re(translation: Translation) -> re.Pattern[str] | None:
    """The translation compiled by `re` when `re` reads it the same way (anything `re` does
    not know, or would read as a future set operation, stays on `regex`)."""
    flags = re.IGNORECASE if translation.ignore_case else 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return re.compile(translation.pattern, flags)
        except (re.error, FutureWarning, DeprecationWarning, ValueError, OverflowError):
            return None
