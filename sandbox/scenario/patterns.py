"""The regular expressions of a scenario's expectations (header regexes, `matches` assertions), in
Python `re` syntax, run with a time limit so that no pattern can hang a run's checks.

They run on the `regex` module in its `re`-compatible mode (VERSION0), which takes a `timeout=`
on every match; a pattern that runs past it fails its expectation with a reason naming it.
"""

from __future__ import annotations

import functools
from typing import Any

import regex

TIME_LIMIT = 1.0
"""Seconds one match may take (CPU time, as the `regex` module counts it)."""


class PatternTimeout(Exception):
    """A pattern ran past its time limit: its expectation fails, naming it."""

    def __init__(self, pattern: str, seconds: float) -> None:
        super().__init__(
            f"the regular expression /{pattern}/ ran past its {seconds:g} s time limit "
            "(catastrophic backtracking?); rewrite it without nested repetition"
        )
        self.pattern = pattern


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> Any:
    return regex.compile(pattern, regex.VERSION0)


def compile_error(pattern: str) -> str | None:
    """Why `pattern` does not compile, or None."""
    try:
        _compiled(pattern)
    except (regex.error, RecursionError, OverflowError, ValueError) as error:
        return str(error)
    return None


def search(pattern: str, text: str, seconds: float = TIME_LIMIT) -> bool:
    """Whether `pattern` matches somewhere in `text`; PatternTimeout past `seconds`."""
    try:
        return _compiled(pattern).search(text, timeout=seconds) is not None
    except TimeoutError:
        raise PatternTimeout(pattern, seconds) from None
