"""`sort`, `rsort` and `reverse`: in place, natural (Comparable) order, like Pebble 3.x.

They mutate the list they are given (the context's own list included), so a later
`{{ l }}` shows the sorted list. Mixed element types or nulls fail as Java's compareTo would.
"""

from __future__ import annotations

import math
from typing import Any

from sandbox.destinations.pebble.errors import PebbleFailure
from sandbox.destinations.pebble.javatypes import JStringArray, java_class_name
from sandbox.destinations.pebble.runstate import RenderState


def _sort_key(items: list[Any], loc: int) -> Any:
    classes = {java_class_name(item) for item in items}
    if None in items:
        raise PebbleFailure("Could not sort: the list contains null (NullPointerException)", loc)
    if len(classes) > 1:
        raise PebbleFailure(
            f"Could not sort: the list mixes {', '.join(sorted(classes))} (ClassCastException)",
            loc,
        )
    kind = next(iter(classes), "")
    if kind in ("java.util.LinkedHashMap", "java.util.ArrayList", "java.util.HashMap$Node"):
        raise PebbleFailure(f"Could not sort: {kind} is not Comparable", loc)
    if kind == "java.lang.Double":
        return lambda d: (math.isnan(d), d, math.copysign(1.0, d))
    if kind == "java.lang.String":
        return lambda s: s.encode("utf-16-be", "surrogatepass")
    return lambda value: value


def sort_filter(rt: RenderState, value: Any, loc: int) -> Any:
    if value is None:
        return None
    if isinstance(value, JStringArray):
        _sort(value.items, loc, reverse=False)
        return value.items
    if not isinstance(value, list):
        raise PebbleFailure("Unsupported input type for sort filter", loc)
    _sort(value, loc, reverse=False)
    return value


def _sort(items: list[Any], loc: int, reverse: bool) -> None:
    """In place; a list of fewer than two elements is never compared (Java's sort returns at
    once), so `[{id=1}] | sort` is fine where two maps would fail."""
    if len(items) > 1:
        items.sort(key=_sort_key(items, loc), reverse=reverse)


def rsort_filter(rt: RenderState, value: Any, loc: int) -> Any:
    if value is None:
        return None
    if not isinstance(value, list):
        raise PebbleFailure(
            f"class {java_class_name(value)} cannot be cast to class java.util.List", loc
        )
    _sort(value, loc, reverse=True)
    return value


def reverse_filter(rt: RenderState, value: Any, loc: int) -> Any:
    if value is None:
        return None
    if not isinstance(value, list):
        raise PebbleFailure(
            f"class {java_class_name(value)} cannot be cast to class java.util.List", loc
        )
    value.reverse()
    return value
