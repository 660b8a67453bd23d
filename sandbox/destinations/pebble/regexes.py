"""Pebble's regex-taking filters and methods on the product's one Java-regex translator.

A bad pattern is a template error naming it; a match that runs past the time left for the render
is a render-limit error, never a hang.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sandbox.destinations.pebble.errors import PebbleFailure, RenderLimitExceeded
from sandbox.destinations.pebble.javatext import to_units
from sandbox.destinations.pebble.runstate import RenderState
from sandbox.javaregex import (
    JavaPattern,
    JavaRegexError,
    JavaRegexLimit,
    JavaRegexTimeout,
    compile_java,
)

_SHORTEST = 0.001


def pattern(text: str, loc: int) -> JavaPattern:
    try:
        return compile_java(text)
    except JavaRegexError as error:
        raise PebbleFailure(f"Invalid regular expression [{text}]: {error}", loc) from None


def time_left(rt: RenderState) -> float:
    return max(_SHORTEST, rt.deadline - rt.timer())


T = TypeVar("T")


def split(rt: RenderState, text: str, regex: str, limit: int, loc: int) -> list[str]:
    if regex == "" and limit == 0:
        return _units_split(rt, text, loc)
    compiled = pattern(regex, loc)
    return _bounded(lambda: compiled.split(text, limit, time_left(rt), rt.max_output), loc)


def run(rt: RenderState, regex: str, operation: Callable[[JavaPattern, float], T]) -> T:
    """A Java method's regex operation: the pattern compiled, the time left passed along."""
    compiled = pattern(regex, -1)
    return _bounded(lambda: operation(compiled, time_left(rt)), -1)


def _bounded(operation: Callable[[], T], loc: int) -> T:
    try:
        return operation()
    except JavaRegexTimeout as error:
        raise RenderLimitExceeded(f"the template ran past its time limit: {error}", loc) from None
    except JavaRegexLimit as error:
        raise RenderLimitExceeded(f"{error} (the output limit)", loc) from None
    except JavaRegexError as error:
        raise PebbleFailure(str(error), loc) from None


def _units_split(rt: RenderState, text: str, loc: int) -> list[str]:
    """`split("")`: one part per UTF-16 code unit, so a surrogate pair is cut in two, as Java
    cuts it (each half prints as `?`)."""
    units = to_units(text)
    rt.check_length(len(units), loc)
    return list(units) if units else [""]
