"""The hottest closures, fused: `path = "text"` with the path lookup inlined, `X.key = "text"`
pulled into element loops, and time windows whose edges slide with `now` tested inline.

A closure call costs about as much as a dict lookup, and `eventType = "commerce.purchases"`
runs once per event per audience, so these save the reader call the general forms make.
Only string literals are fused for `=`: a string equals nothing but a string, so plain `==`
is already PQL's typed equality.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.segments.calendar_ms import TIMESTAMP_MEMO, timestamp_ms
from sandbox.segments.runtime import Frame, Reader, Test, as_items, descend
from sandbox.segments.syntax import Compare, Condition, Literal, Path
from sandbox.segments.timewindows import FixedEdge, SlidingEdge, Window


def text_equals(slot: int | None, keys: tuple[str, ...], text: str) -> Test | None:
    """`path = "text"` for the common path shapes; None for the others."""
    if slot is None and len(keys) == 1:
        (key,) = keys
        return lambda frame: frame.profile.get(key) == text
    if slot is None and len(keys) == 2:
        first, second = keys

        def profile_two(frame: Frame) -> bool:
            value = frame.profile.get(first)
            return (value.get(second) if type(value) is dict else descend(value, keys, 1)) == text

        return profile_two
    if slot is not None and len(keys) == 1:
        (key,) = keys

        def element_one(frame: Frame) -> bool:
            value = frame.slots[slot]
            return (value.get(key) if type(value) is dict else descend(value, keys)) == text

        return element_one
    return None


def occurs_test(subject: Reader, window: Window) -> Test:
    """`subject occurs <window>`; false when the subject is not a timestamp."""
    check = window_check(window)

    def test(frame: Frame) -> bool:
        value = subject(frame)
        ts = TIMESTAMP_MEMO.get(value) if type(value) is str else None
        if ts is None:
            ts = timestamp_ms(value)
            if ts is None:
                return False
        return check(ts, frame)

    return test


def element_occurs(slot: int, keys: tuple[str, ...], window: Window) -> Test:
    """`E.timestamp occurs <window>` with the read, the parse and a linear window inlined."""
    linear = _linear(window)
    if linear is None:
        return occurs_test(lambda frame: descend(frame.slots[slot], keys), window)
    lo_moves, lo_offset, hi_moves, hi_offset = linear
    negated, moving, key = window.negated, window.moving, keys[0]

    def test(frame: Frame) -> bool:
        value = frame.slots[slot]
        value = value.get(key) if type(value) is dict else descend(value, keys)
        ts = TIMESTAMP_MEMO.get(value) if type(value) is str else None
        if ts is None:
            ts = timestamp_ms(value)
            if ts is None:
                return False
        now = frame.now
        if frame.tracking and moving:
            frame.note(window.next_change(ts, now))
        return (now * lo_moves + lo_offset <= ts < now * hi_moves + hi_offset) != negated

    return test


def _linear(window: Window) -> tuple[int, int, int, int] | None:
    """Edges as `now * moves + offset` (moves 1 for `now + offset`, 0 for a fixed edge), or None."""
    edges = []
    for edge in (window.lo, window.hi):
        if isinstance(edge, SlidingEdge):
            edges += [1, edge.offset]
        elif isinstance(edge, FixedEdge):
            edges += [0, edge.value]
        else:
            return None
    lo_moves, lo_offset, hi_moves, hi_offset = edges
    return lo_moves, lo_offset, hi_moves, hi_offset


KeyFilter = tuple[tuple[str, ...], str]
"""`((key,), "text")`: an element must have `key` equal to `text`."""


def key_filter(
    conditions: list[Condition], variable: str | None
) -> tuple[KeyFilter | None, list[Condition]]:
    """Pull the first `X.key = "text"` on the loop element out of a conjunction.

    `variable` names the element (`E`), or is None for the implicit element of WHAT(...),
    `.exists(...)` and `[...]`. Conjuncts are pure, so testing this one first changes nothing
    but speed (and can only tighten the horizon).
    """
    for index, condition in enumerate(conditions):
        found = _element_equals(condition, variable)
        if found is not None:
            return found, conditions[:index] + conditions[index + 1 :]
    return None, conditions


def _element_equals(condition: Condition, variable: str | None) -> KeyFilter | None:
    if not isinstance(condition, Compare) or condition.op != "=":
        return None
    for path, literal in ((condition.left, condition.right), (condition.right, condition.left)):
        if (
            isinstance(path, Path)
            and isinstance(literal, Literal)
            and isinstance(literal.value, str)
            and len(path.keys) == 1
            and path.variable == variable
            and (variable is not None or path.keys[0] != "xEvent")
        ):
            return path.keys, literal.value
    return None


def items_of(value: Any) -> list[Any]:
    return value if type(value) is list else as_items(value)


def window_check(window: Window) -> Callable[[int, Frame], bool]:
    """`(ts, frame) -> bool` for one window, without method calls when its edges are linear."""
    linear = _linear(window)
    if linear is None:
        return _stepped_check(window)
    lo_moves, lo_offset, hi_moves, hi_offset = linear
    negated, moving = window.negated, window.moving

    def check(ts: int, frame: Frame) -> bool:
        now = frame.now
        if frame.tracking and moving:
            frame.note(window.next_change(ts, now))
        return (now * lo_moves + lo_offset <= ts < now * hi_moves + hi_offset) != negated

    return check


def _stepped_check(window: Window) -> Callable[[int, Frame], bool]:
    """The check for windows with calendar edges (`today`, `this month`): whether `ts` is in the
    window now; notes when that changes if the frame is tracking."""
    bounds, negated, moving = window.bounds, window.negated, window.moving

    def check(ts: int, frame: Frame) -> bool:
        lo, hi = bounds(frame.now)
        if frame.tracking and moving:
            frame.note(window.next_change(ts, frame.now))
        return (lo <= ts < hi) != negated

    return check
