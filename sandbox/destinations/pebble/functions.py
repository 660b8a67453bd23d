"""Template functions: Pebble's `min` / `max`, the refused `range` (and the `..` operator that
calls it), and Adobe's `addedSegments`, `removedSegments`, `hasSegments`, `formUrlEncode`.

Every function is called as `f(rt, loc, *positional_arguments)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.destinations.pebble.errors import PebbleFailure
from sandbox.destinations.pebble.javatypes import JChar, JLong, is_number
from sandbox.destinations.pebble.operators import greater, less
from sandbox.destinations.pebble.runstate import RenderState
from sandbox.destinations.pebble.segments import added_segments, has_segments, removed_segments
from sandbox.destinations.pebble.urlencoding import form_url_encode

MAX_RANGE = 1_000_000
RANGE_REFUSED = (
    "Function [range] is not supported: Adobe's Destination SDK refuses the range function"
    " (and with it the `..` operator, which calls it); loop over a list from the profile instead"
)


def minimum(rt: RenderState, loc: int, *candidates: Any) -> Any:
    return _extreme(rt, loc, candidates, less)


def maximum(rt: RenderState, loc: int, *candidates: Any) -> Any:
    return _extreme(rt, loc, candidates, greater)


def _extreme(
    rt: RenderState, loc: int, candidates: tuple[Any, ...], better: Callable[..., bool]
) -> Any:
    best = None
    for candidate in candidates:
        if best is None or better(rt, candidate, best, loc):
            best = candidate
    return best


def refused_range(rt: RenderState, loc: int, *arguments: Any) -> Any:
    raise PebbleFailure(RANGE_REFUSED, loc)


def stock_range(
    rt: RenderState, loc: int, start: Any = None, end: Any = None, step: Any = None
) -> list[Any]:
    """Stock Pebble's inclusive `range(start, end, step=1)` (only when the engine allows it)."""
    increment = 1 if step is None else step
    if not is_number(increment):
        raise PebbleFailure(f"The increment of the range function must be a number {step}", loc)
    increment = int(increment)
    if increment == 0:
        raise PebbleFailure("The increment of the range function must be different than 0", loc)
    if is_number(start) and is_number(end):
        numbers = _bounded(
            range(int(start), int(end) + (1 if increment > 0 else -1), increment), loc
        )
        return [JLong(i) for i in numbers]
    if type(start) is str and type(end) is str:
        if len(start) != 1 or len(end) != 1:
            raise PebbleFailure(
                "Arguments of range function must be of type Number or String with a length of 1",
                loc,
            )
        codes = _bounded(range(ord(start), ord(end) + (1 if increment > 0 else -1), increment), loc)
        return [JChar(chr(c)) for c in codes]
    return []


def _bounded(items: range, loc: int) -> range:
    if len(items) > MAX_RANGE:
        raise PebbleFailure(f"range would produce more than {MAX_RANGE} items", loc)
    return items


def i18n(rt: RenderState, loc: int, *arguments: Any) -> Any:
    raise PebbleFailure(
        "Function [i18n] needs a Java ResourceBundle, and destinations have none", loc
    )


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "min": minimum,
    "max": maximum,
    "range": refused_range,
    "i18n": i18n,
    "addedSegments": added_segments,
    "removedSegments": removed_segments,
    "hasSegments": has_segments,
    "formUrlEncode": form_url_encode,
}
