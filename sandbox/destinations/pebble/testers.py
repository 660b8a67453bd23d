"""Pebble's tests (`x is empty`, `x is not null`, ...): empty, null, defined, even, odd,
iterable, map. Called as `t(rt, value, name, negate, loc)`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.destinations.pebble.errors import PebbleFailure
from sandbox.destinations.pebble.filters import is_empty
from sandbox.destinations.pebble.javatypes import (
    JCollection,
    JStringArray,
    is_long,
    java_class_name,
)
from sandbox.destinations.pebble.runstate import RenderState


def _even(value: Any, loc: int) -> bool:
    if value is None:
        raise PebbleFailure('Can not pass null value to "even" test.', loc)
    if type(value) is int or is_long(value):
        return int(value) % 2 == 0
    raise PebbleFailure(
        f"class {java_class_name(value)} cannot be cast to class java.lang.Long"
        " (even/odd take an Integer or a Long)",
        loc,
    )


def _odd(value: Any, loc: int) -> bool:
    if value is None:
        raise PebbleFailure('Can not pass null value to "odd" test.', loc)
    return not _even(value, loc)


TESTS: dict[str, Callable[[Any, int], bool]] = {
    "empty": lambda value, loc: is_empty(value),
    "null": lambda value, loc: value is None,
    "defined": lambda value, loc: value is not None,
    "even": _even,
    "odd": _odd,
    "iterable": lambda value, loc: isinstance(value, list | JStringArray | JCollection),
    "map": lambda value, loc: isinstance(value, dict),
}


def run_test(rt: RenderState, value: Any, name: str, negate: bool, loc: int) -> bool:
    test = TESTS.get(name)
    if test is None:
        raise PebbleFailure(f"Test [{name}] does not exist. Tests: {', '.join(sorted(TESTS))}", loc)
    return test(value, loc) != negate


def is_empty_test(rt: RenderState, value: Any, negate: bool) -> bool:
    """The common `is empty` / `is not empty`, without the name lookup."""
    return is_empty(value) != negate
