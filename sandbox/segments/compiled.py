"""`compile_pql`: PQL text to a `CompiledPql` that judges profiles and says when to look again.

    rule = compile_pql('loyalty.tier = "gold" and CHAIN(xEvent, timestamp, '
                       '[C0: WHAT(eventType = "commerce.purchases") WHEN(<= 3 hours before now)])')
    ctx = EvalContext(now=clock.now())
    rule.matches(profile, ctx)   # True / False
    rule.horizon(profile, ctx)   # e.g. the purchase time + 3 h (+1 ms): when the answer flips

Profiles are XDM dicts (nested, `xEvent` the list of experience events). Time is epoch seconds
(float) at the edges and integer milliseconds inside.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sandbox.errors import InputError, Problem
from sandbox.segments.calendar_ms import INFINITY, seconds_to_ms
from sandbox.segments.compiler import Compiler, Scope
from sandbox.segments.parser import parse_pql
from sandbox.segments.runtime import Frame, Test
from sandbox.segments.syntax import Condition


@dataclass(frozen=True)
class EvalContext:
    """When a profile is judged, and how `inSegment("id")` is answered for it.

    `member(audience_id)` defaults to the profile's own `segmentMembership.ups.<id>.status`
    being `realized` or `existing`.
    """

    now: float
    member: Callable[[str], bool] | None = None
    now_ms: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "now_ms", seconds_to_ms(self.now))


@dataclass(frozen=True)
class Verdict:
    matched: bool
    horizon: float | None
    """The first simulation time after `now` at which time passing alone could change `matched`."""


@dataclass(frozen=True)
class CompiledPql:
    """One compiled PQL expression (see the module docstring)."""

    text: str
    source: str
    tree: Condition = field(repr=False)
    references: frozenset[str]
    """Audience ids named by `inSegment(...)`."""
    uses_events: bool
    """Whether the expression reads `xEvent`."""
    time_dependent: bool
    """Whether its answer can change as time passes (a window relative to now/today)."""
    _test: Test = field(repr=False, compare=False)
    _slots: int = field(repr=False, compare=False)
    _frames: list[Frame] = field(default_factory=list, repr=False, compare=False)

    def matches(self, profile: dict[str, Any], ctx: EvalContext) -> bool:
        frames = self._frames
        try:
            frame = frames.pop()
        except IndexError:
            frame = Frame(self._slots)
        frame.profile, frame.now, frame.member = profile, ctx.now_ms, ctx.member
        matched = self._test(frame)
        frames.append(frame)
        return matched

    def bound(self, ctx: EvalContext) -> tuple[Test, Frame]:
        """The compiled test and a frame of its own set to `ctx`, for judging many profiles in
        turn without the frame pool (set `frame.profile`, then call the test on the frame)."""
        frame = Frame(self._slots)
        frame.now, frame.member = ctx.now_ms, ctx.member
        return self._test, frame

    def horizon(self, profile: dict[str, Any], ctx: EvalContext) -> float | None:
        """The earliest time after `ctx.now` at which the answer could change by time alone."""
        return self.evaluate(profile, ctx).horizon

    def evaluate(self, profile: dict[str, Any], ctx: EvalContext) -> Verdict:
        """`matches` and `horizon` in one evaluation."""
        if not self.time_dependent:
            return Verdict(self.matches(profile, ctx), None)
        frame = self._frame(profile, ctx)
        frame.tracking, frame.horizon = True, INFINITY
        matched = self._test(frame)
        horizon = None if frame.horizon >= INFINITY else frame.horizon / 1000
        frame.tracking = False
        self._frames.append(frame)
        return Verdict(matched, horizon)

    def _frame(self, profile: dict[str, Any], ctx: EvalContext) -> Frame:
        """A frame from the pool (frames are reused: building one costs more than most rules)."""
        try:
            frame = self._frames.pop()
        except IndexError:
            frame = Frame(self._slots)
        frame.profile, frame.now, frame.member = profile, ctx.now_ms, ctx.member
        return frame


def compile_pql(text: str, *, source: str = "<pql>") -> CompiledPql:
    """Parse and compile `text`; InputError naming `source`, line and column (caret) if invalid."""
    try:
        tree = parse_pql(text, source)
        compiler = Compiler(text, source)
        test = compiler.condition(tree, Scope())
    except RecursionError:
        message = "the expression is nested too deeply; flatten its parentheses and negations"
        raise InputError(Problem(source, "", message)) from None
    return CompiledPql(
        text=text,
        source=source,
        tree=tree,
        references=frozenset(compiler.references),
        uses_events=compiler.uses_events,
        time_dependent=compiler.time_dependent,
        _test=test,
        _slots=compiler.slots,
    )
