"""Java `equals`, `Collection.contains` and `Map.containsKey` for template values.

Python's `==` is wrong for Pebble: `1 == 1.0 == True` in Python, while in Java an Integer never
equals a Long, a Double or a Boolean. `==` in a template compares two Numbers as doubles (see
the operators module); everything else, and every element inside a List or Map, goes through
`java_equals`.
"""

from __future__ import annotations

import math
from typing import Any

from sandbox.destinations.pebble.javatypes import (
    JChar,
    JEntry,
    LoopNumber,
    SafeString,
    is_long,
)


def _number_class(value: Any) -> str | None:
    kind = type(value)
    if kind is float:
        return "Double"
    if kind is LoopNumber:
        return "LazyLength"
    if kind is bool or not isinstance(value, int):
        return None
    return "Long" if is_long(value) else "Integer"


def java_equals(left: Any, right: Any) -> bool:
    """`left.equals(right)` with Java's rules for boxed numbers, strings, lists and maps."""
    if left is right:
        return True
    if left is None or right is None:
        return False
    kind = type(left)
    if kind is str or kind is bool:
        return type(right) is kind and left == right
    left_number = _number_class(left)
    if left_number is not None:
        return _numbers_equal(left_number, left, right)
    if isinstance(left, list):
        return isinstance(right, list) and _lists_equal(left, right)
    if isinstance(left, dict):
        return isinstance(right, dict) and _maps_equal(left, right)
    if isinstance(left, JEntry):
        return (
            isinstance(right, JEntry)
            and java_equals(left.key, right.key)
            and java_equals(left.value, right.value)
        )
    if isinstance(left, SafeString | JChar):
        return type(right) is type(left) and left == right
    return False


def _numbers_equal(left_class: str, left: Any, right: Any) -> bool:
    if _number_class(right) != left_class:
        return False
    if left_class == "Double":
        if math.isnan(left) and math.isnan(right):
            return True
        return bool(left == right and math.copysign(1, left) == math.copysign(1, right))
    return int(left) == int(right)


def _lists_equal(left: list[Any], right: list[Any]) -> bool:
    return len(left) == len(right) and all(
        java_equals(a, b) for a, b in zip(left, right, strict=True)
    )


def _maps_equal(left: dict[Any, Any], right: dict[Any, Any]) -> bool:
    if len(left) != len(right):
        return False
    for key, value in left.items():
        found, other = map_lookup(right, key)
        if not found or not java_equals(value, other):
            return False
    return True


def map_lookup(mapping: dict[Any, Any], key: Any) -> tuple[bool, Any]:
    """`containsKey` + `get` with Java key equality (a String key is found by a String only)."""
    if type(key) is str:
        if key in mapping:
            return True, mapping[key]
        return False, None
    for candidate, value in mapping.items():
        if java_equals(candidate, key):
            return True, value
    return False, None


def collection_contains(items: Any, needle: Any) -> bool:
    """`Collection.contains` (Java `equals`, so a JSON Integer list does not contain Long 1)."""
    return any(java_equals(needle, item) for item in items)
