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
        for match in self.finditer(text, timeout):
            if max_parts is not None and len(parts) >= max_parts:
                raise JavaRegexLimit(
                    f"splitting on {self.source!r} gave more than {max_parts} parts"
                )
            if limit <= 0 or len(parts) < limit - 1:
                if index == 0 and match.start() == 0 and match.end() == 0:
                    continue
                parts.append(text[index : match.start()])
                index = match.end()
            elif len(parts) == limit - 1:
                parts.append(text[index:])
                index = match.end()
                break
        if index == 0:
            return [text]
        if limit <= 0 or len(parts) < limit:
            parts.append(text[index:])
        if limit == 0:
            while parts and parts[-1] == "":
                parts.pop()
        return parts

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
        for match in self.finditer(text, timeout):
            if expand is None:
                groups, names = self.compiled.groups, dict(self.compiled.groupindex)
                expand = replacement.expander(replacement.parse(with_text, groups, names))
            out.append(text[index : match.start()])
            out.append(expand(match))
            size += len(out[-2]) + len(out[-1])
            if max_length is not None and size + len(text) - match.end() > max_length:
                raise JavaRegexLimit(f"replacing {self.source!r} grew past {max_length} characters")
            index = match.end()
            if first_only:
                break
        out.append(text[index:])
        return "".join(out)


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
