"""Pebble's regex-taking filters and methods on the product's one Java-regex translator.

A bad pattern is a template error naming it; a match that runs past the time left for the render
is a render-limit error, never a hang.
"""

from __future__ import annotations

from typing import Any

from sandbox.destinations.pebble.errors import PebbleFailure, RenderLimitExceeded
from sandbox.destinations.pebble.runstate import RenderState
from sandbox.javaregex import JavaPattern, JavaRegexError, JavaRegexTimeout, compile_java

_SHORTEST = 0.001


def pattern(text: str, loc: int) -> JavaPattern:
    try:
        return compile_java(text)
    except JavaRegexError as error:
        raise PebbleFailure(f"Invalid regular expression [{text}]: {error}", loc) from None


def time_left(rt: RenderState) -> float:
    return max(_SHORTEST, rt.deadline - rt.timer())


def split(rt: RenderState, text: str, regex: str, limit: int, loc: int) -> list[str]:
    compiled = pattern(regex, loc)
    try:
        return compiled.split(text, limit, timeout=time_left(rt))
    except JavaRegexTimeout as error:
        raise RenderLimitExceeded(f"the template ran past its time limit: {error}", loc) from None


def call(operation: Any, *args: Any) -> Any:
    """Run a regex operation of a Java method (no render state at hand: the default limit)."""
    try:
        return operation(*args)
    except JavaRegexTimeout as error:
        raise RenderLimitExceeded(f"the template ran past its time limit: {error}") from None
