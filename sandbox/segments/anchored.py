"""`occurs` against a timestamp attribute: `X.timestamp occurs < 2 weeks after Y.timestamp`.

The anchor is an instant read from the profile (ISO 8601 or epoch milliseconds), so the window
does not move with time (no horizon). Decisions where Adobe's pages are silent:
`<= N units before Y` is N units before Y up to Y (both included), `after` mirrors it; `>= N`
and `> N` are at least / more than N units away; `= N units before Y` is the calendar unit
holding Y - N units (`!=` the rest); `before Y` / `after Y` exclude Y, `from Y` includes it;
`on Y` is Y's calendar day (UTC); `between Y and Z` includes both. A missing or unreadable
timestamp on either side: false.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sandbox.segments.calendar_ms import DAY, floor_to, period, shift, timestamp_ms
from sandbox.segments.runtime import Frame, Reader, Test
from sandbox.segments.syntax import Anchor, Occurs, TimeSpec

if TYPE_CHECKING:
    from sandbox.segments.compiler import Compiler, Scope

Check = Callable[[int, int], bool]
"""(ts, anchor) -> whether ts is in the window."""


def has_attribute(spec: TimeSpec) -> bool:
    return spec.anchor.kind == "value" or (spec.end is not None and spec.end.kind == "value")


def anchored_occurs(compiler: Compiler, node: Occurs, scope: Scope) -> Test:
    spec = node.spec
    subject = compiler.value(node.subject, scope)
    if spec.form == "between":
        assert spec.end is not None
        start, end = _anchor(compiler, spec.anchor, scope), _anchor(compiler, spec.end, scope)

        def between(frame: Frame) -> bool:
            ts, low, high = _ms(subject, frame), start(frame), end(frame)
            return None not in (ts, low, high) and low <= ts <= high  # type: ignore[operator]

        return between
    if spec.anchor.kind != "value":
        raise compiler.error(
            node.pos, "`occurs` with an attribute anchor takes one on both sides of `between`"
        )
    anchor, check = _anchor(compiler, spec.anchor, scope), _check(spec)

    def test(frame: Frame) -> bool:
        ts, at = _ms(subject, frame), anchor(frame)
        return ts is not None and at is not None and check(ts, at)

    return test


def _anchor(compiler: Compiler, anchor: Anchor, scope: Scope) -> Callable[[Frame], int | None]:
    if anchor.kind != "value" or anchor.value is None:
        raise ValueError("between a fixed time and an attribute is refused by the caller")
    read = compiler.value(anchor.value, scope)
    return lambda frame: _ms(read, frame)


def _ms(read: Reader, frame: Frame) -> int | None:
    return timestamp_ms(read(frame))


def _check(spec: TimeSpec) -> Check:
    if spec.form == "before":
        return lambda ts, at: ts < at
    if spec.form == "after":
        return lambda ts, at: ts > at
    if spec.form == "from":
        return lambda ts, at: ts >= at
    if spec.form == "on":
        return lambda ts, at: floor_to(at, "day") <= ts < floor_to(at, "day") + DAY
    return _relative(spec)


def _relative(spec: TimeSpec) -> Check:
    sign = -1 if spec.direction == "before" else 1
    amount, unit, op = spec.amount * sign, spec.unit, spec.comparison
    if op in ("=", "!="):

        def same_unit(ts: int, at: int) -> bool:
            start, end = period(shift(at, amount, unit), unit)
            return (start <= ts < end) != (op == "!=")

        return same_unit
    near = {"<=": True, "<": True}.get(op, False)
    closed = op in ("<=", ">=")

    def relative(ts: int, at: int) -> bool:
        point = shift(at, amount, unit)
        if sign < 0:
            if near:
                return (point <= ts if closed else point < ts) and ts <= at
            return ts <= point if closed else ts < point
        if near:
            return at <= ts and (ts <= point if closed else ts < point)
        return ts >= point if closed else ts > point

    return relative
