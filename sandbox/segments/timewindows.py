"""Time windows: what `occurs ...` and `WHEN(...)` accept, and when that changes as time passes.

A window is the set of timestamps `lo(now) <= ts < hi(now)` (or its complement, for `!=`), in
integer milliseconds. Both edges only move forward as `now` grows, so for one timestamp the
answer changes at most twice (it enters, then it leaves); `next_change` finds the first moment
after `now` at which it does. That is the horizon the simulator sleeps until.

Semantics (UTC, millisecond resolution; "d" is the distance from the anchor):
  `occurs <= N units before A`  d = A - ts <= N: at most N units before A (later times included)
  `occurs <  N / >= N / > N`     likewise; `after`/`from` measure d = ts - A
  `occurs = N units before A`   ts lies in the calendar unit that holds A - N units; `!=` negates
  `occurs (on) T`, `before T`, `after T`, `from T`, `between T1 and T2`: against the period T
Anchors: `now` is the instant; `today`, `yesterday`, `tomorrow`, `this|last|next <unit>` and
`date(..)` are periods (a relative form measures from their start).
"""

from __future__ import annotations

from collections.abc import Callable

from sandbox.segments.calendar_ms import (
    DAY,
    FIXED_UNITS,
    INFINITY,
    date_ms,
    floor_to,
    period,
    shift,
)
from sandbox.segments.datemath import date_expr_ms
from sandbox.segments.syntax import Anchor, DateExpr, DateLiteral, TimeSpec

Moment = int
"""Epoch milliseconds."""

_SEARCH_LIMIT = 2**47  # about 4,400 years of milliseconds


class Edge:
    """One edge of a window as a non-decreasing function of now."""

    def at(self, now: Moment) -> Moment:
        raise NotImplementedError

    def first_above(self, target: Moment, now: Moment) -> Moment | None:
        """The first moment after `now` at which this edge is above `target`."""
        raise NotImplementedError


class FixedEdge(Edge):
    def __init__(self, value: Moment) -> None:
        self.value = value

    def at(self, now: Moment) -> Moment:
        return self.value

    def first_above(self, target: Moment, now: Moment) -> Moment | None:
        return None


class SlidingEdge(Edge):
    """`now + offset`: the edge of a window measured from `now` in fixed-length units."""

    def __init__(self, offset: int) -> None:
        self.offset = offset

    def at(self, now: Moment) -> Moment:
        return now + self.offset

    def first_above(self, target: Moment, now: Moment) -> Moment | None:
        return max(now + 1, target - self.offset + 1)


class SteppedEdge(Edge):
    """Any other monotone edge (calendar anchors and units); found by doubling, then bisection."""

    def __init__(self, function: Callable[[Moment], Moment]) -> None:
        self.function = function

    def at(self, now: Moment) -> Moment:
        return self.function(now)

    def first_above(self, target: Moment, now: Moment) -> Moment | None:
        below, step = now, 1
        while self.function(now + step) <= target:
            below = now + step
            step *= 2
            if step > _SEARCH_LIMIT:
                return None
        above = now + step
        while above - below > 1:
            middle = (below + above) // 2
            if self.function(middle) > target:
                above = middle
            else:
                below = middle
        return above


class DailyEdge(Edge):
    """An edge computed from the calendar at now (`date(currentYear() - 1, 10, 1)`): it can only
    change at midnight UTC, so the next change looked for is the next midnight."""

    def __init__(self, function: Callable[[Moment], Moment]) -> None:
        self.function = function

    def at(self, now: Moment) -> Moment:
        return self.function(now)

    def first_above(self, target: Moment, now: Moment) -> Moment | None:
        return now // DAY * DAY + DAY


class Window:
    """The compiled form of one TimeSpec."""

    def __init__(self, lo: Edge, hi: Edge, negated: bool = False) -> None:
        self.lo = lo
        self.hi = hi
        self.negated = negated
        self.moving = not (isinstance(lo, FixedEdge) and isinstance(hi, FixedEdge))
        self._cached: tuple[Moment, Moment, Moment] = (-INFINITY - 1, 0, 0)

    def bounds(self, now: Moment) -> tuple[Moment, Moment]:
        """[lo, hi) at `now`; the last answer is kept (one tuple, replaced whole)."""
        cached = self._cached
        if cached[0] != now:
            cached = (now, self.lo.at(now), self.hi.at(now))
            self._cached = cached
        return cached[1], cached[2]

    def next_change(self, ts: Moment, now: Moment) -> Moment | None:
        """The first moment after `now` at which `contains(ts, ·)` changes, or None."""
        lo, hi = self.bounds(now)
        if lo <= ts < hi:
            return self.lo.first_above(ts, now)
        if ts >= hi:
            moment = self.hi.first_above(ts, now)
            if moment is not None and self.lo.at(moment) > ts:
                return None  # the lower edge has passed it by then: it never enters
            return moment
        return None


def compile_window(spec: TimeSpec) -> Window:
    """The window a TimeSpec describes."""
    if spec.form == "relative":
        return _relative(spec)
    start, end = _period_edges(spec.anchor)
    if spec.form == "on":
        return Window(start, end)
    if spec.form == "before":
        return Window(FixedEdge(-INFINITY), start)
    if spec.form == "after":
        return Window(end, FixedEdge(INFINITY))
    if spec.form == "from":
        return Window(start, FixedEdge(INFINITY))
    assert spec.end is not None
    return Window(start, _period_edges(spec.end)[1])


def _relative(spec: TimeSpec) -> Window:
    sign = -1 if spec.direction == "before" else 1
    if spec.comparison in ("=", "!="):
        return _same_unit(spec, sign)
    edge = _edge(spec, sign)
    low, high = FixedEdge(-INFINITY), FixedEdge(INFINITY)
    at_most = {"<=": 0, "<": 1}.get(spec.comparison)  # how far inside the bound the window starts
    if sign < 0:
        if at_most is not None:
            return Window(_offset(edge, at_most), _near_edge(spec.anchor, high, before=True))
        return Window(low, _offset(edge, 1 if spec.comparison == ">=" else 0))
    if at_most is not None:
        return Window(_near_edge(spec.anchor, low, before=False), _offset(edge, 1 - at_most))
    return Window(_offset(edge, 0 if spec.comparison == ">=" else 1), high)


def _near_edge(anchor: Anchor, unbounded: Edge, before: bool) -> Edge:
    """The edge at the anchor of `<= N units before|after A` when A is a period (`today`,
    `yesterday`, `date(..)`, `last month`): the window runs up to the start of `today` (Adobe:
    on 28 August, `<= 1 month before today` is 28 July - 27 August) or from the end of it.
    Measured from `now`, the window stays open towards now (the existing reading)."""
    if anchor.kind == "now":
        return unbounded
    start, end = _period_edges(anchor)
    return start if before else end


def _same_unit(spec: TimeSpec, sign: int) -> Window:
    """`= N units before A`: the calendar unit holding A - N units (`!=`: anything else)."""
    target = _point(spec.anchor, sign * spec.amount, spec.unit)
    negated = spec.comparison == "!="
    if _dynamic(spec.anchor):
        return Window(
            DailyEdge(lambda now: floor_to(target(now), spec.unit)),
            DailyEdge(lambda now: period(target(now), spec.unit)[1]),
            negated,
        )
    if spec.anchor.kind == "date":
        start, end = period(target(0), spec.unit)
        return Window(FixedEdge(start), FixedEdge(end), negated)
    lo = SteppedEdge(lambda now: floor_to(target(now), spec.unit))
    hi = SteppedEdge(lambda now: period(target(now), spec.unit)[1])
    return Window(lo, hi, negated)


def _edge(spec: TimeSpec, sign: int) -> Edge:
    """The moment `amount units before|after anchor`, as an edge."""
    if spec.anchor.kind == "now" and spec.unit in FIXED_UNITS:
        return SlidingEdge(sign * spec.amount * FIXED_UNITS[spec.unit])
    target = _point(spec.anchor, sign * spec.amount, spec.unit)
    if _dynamic(spec.anchor):
        return DailyEdge(target)
    if spec.anchor.kind == "date":
        return FixedEdge(target(0))
    return SteppedEdge(target)


def _dynamic(anchor: Anchor) -> bool:
    return isinstance(anchor.date, DateExpr)


def _offset(edge: Edge, by: int) -> Edge:
    if by == 0:
        return edge
    if isinstance(edge, SlidingEdge):
        return SlidingEdge(edge.offset + by)
    if isinstance(edge, FixedEdge):
        return FixedEdge(edge.value + by)
    function = edge.at
    return SteppedEdge(lambda now: function(now) + by)


def _point(anchor: Anchor, amount: int, unit: str) -> Callable[[Moment], Moment]:
    start = _anchor_start(anchor)
    return lambda now: shift(start(now), amount, unit)


def _anchor_start(anchor: Anchor) -> Callable[[Moment], Moment]:
    return _anchor_period(anchor)[0]


def _period_edges(anchor: Anchor) -> tuple[Edge, Edge]:
    start, end = _anchor_period(anchor)
    if _dynamic(anchor):
        return DailyEdge(start), DailyEdge(end)
    if anchor.kind == "date":
        return FixedEdge(start(0)), FixedEdge(end(0))
    if anchor.kind == "now":
        return SlidingEdge(0), SlidingEdge(1)
    return SteppedEdge(start), SteppedEdge(end)


def _anchor_period(anchor: Anchor) -> tuple[Callable[[Moment], Moment], Callable[[Moment], Moment]]:
    """The anchor as [start, end) functions of now."""
    if anchor.kind == "now":
        return (lambda now: now), (lambda now: now + 1)
    if isinstance(anchor.date, DateExpr):
        expr = anchor.date

        def dynamic_start(now: Moment) -> Moment:
            day = date_expr_ms(expr, now)
            return INFINITY if day is None else day

        return dynamic_start, lambda now: dynamic_start(now) + DAY
    if anchor.kind == "date":
        assert isinstance(anchor.date, DateLiteral)
        day = date_ms(anchor.date.year, anchor.date.month, anchor.date.day)
        return (lambda now: day), (lambda now: day + DAY)
    if anchor.kind in _DAY_OFFSETS:
        offset = _DAY_OFFSETS[anchor.kind]
        return (lambda now: floor_to(now, "day") + offset), (
            lambda now: floor_to(now, "day") + offset + DAY
        )
    step = {"this": 0, "last": -1, "next": 1}[anchor.kind]
    unit = anchor.unit
    return (lambda now: shift(floor_to(now, unit), step, unit)), (
        lambda now: shift(floor_to(now, unit), step + 1, unit)
    )


_DAY_OFFSETS = {"today": 0, "yesterday": -DAY, "tomorrow": DAY}


def lookback_ms(spec: TimeSpec) -> int | None:
    """How far back from now the window reaches, when it is a recent-past window; else None.

    Used for AEP's streaming eligibility ("a single event within a 24-hour window").
    """
    if spec.form == "on" and spec.anchor.kind in ("today", "now"):
        return DAY if spec.anchor.kind == "today" else 0
    if (
        spec.form != "relative"
        or spec.direction != "before"
        or spec.anchor.kind not in ("now", "today")
    ):
        return None
    if spec.comparison not in ("<", "<=", "="):
        return None
    unit = FIXED_UNITS.get(spec.unit) or _LONGEST_MONTHS[spec.unit] * DAY
    amount = spec.amount + (1 if spec.comparison == "=" else 0)
    return amount * unit + (DAY if spec.anchor.kind == "today" else 0)


_LONGEST_MONTHS = {"month": 31, "year": 366, "decade": 3653, "century": 36525, "millennium": 365250}
