"""AEP's streaming and edge eligibility rules (May 2025), applied to a PQL syntax tree.

Eligible: profile attributes only (with or without `inSegment`); one event, or several events in
one CHAIN (strict time order), each within a window of at most 24 hours (`WHEN(today)`,
`WHEN(<= 24 hours before now)`, `E.timestamp occurs <= 3 hours before now`). Not eligible, so
evaluated in batch: an event with no window or a window over 24 hours, separate event conditions
not in one CHAIN, counts/filters/aggregates/forall over events (`xEvent[..].sum(..)`, `sum X.x
over X from xEvent`), and a query that is only a negated event. `select X from xEvent where ..`
in boolean position reads as `exists`.
AEP's pages disagree on "a single event combined with inSegment"; the May 2025 ruleset shows it
as the way to mix batch and streaming data, so streaming accepts it. Edge accepts it only when
the referenced audience reads no events (checked where all audiences are known).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import Literal

from sandbox.segments.calendar_ms import DAY
from sandbox.segments.syntax import (
    PROFILE,
    And,
    Binding,
    Chain,
    Condition,
    Not,
    Occurs,
    Path,
    Quantified,
    Select,
    TimeSpec,
    Truth,
)
from sandbox.segments.timewindows import lookback_ms


@dataclass(frozen=True)
class EventUse:
    """One way the expression reads events: a CHAIN, an `exists` over xEvent, or anything else."""

    kind: Literal["chain", "exists", "aggregate"]
    lookbacks: tuple[int | None, ...] = ()


def event_uses(tree: object) -> list[EventUse]:
    """Every read of `xEvent` in the tree."""
    found: list[EventUse] = []
    _collect(tree, found)
    return found


def _collect(node: object, found: list[EventUse]) -> None:
    if isinstance(node, Chain) and _is_events(node.source):
        found.append(EventUse("chain", tuple(_step_lookback(s.when) for s in node.steps)))
        for step in node.steps:
            _collect(step.what, found)
        return
    if isinstance(node, Quantified) and _is_events(node.bindings[0].source):
        kind: Literal["exists", "aggregate"] = "exists" if node.kind == "exists" else "aggregate"
        found.append(EventUse(kind, (_binding_lookback(node.bindings[0]),)))
        for binding in node.bindings:
            _collect(binding.condition, found)
        return
    if isinstance(node, Truth) and isinstance(node.value, Select):
        bindings = node.value.bindings
        if _is_events(bindings[0].source):
            found.append(EventUse("exists", (_binding_lookback(bindings[0]),)))
            for binding in bindings:
                _collect(binding.condition, found)
            return
    if _is_events(node):
        found.append(EventUse("aggregate"))
        return
    for child in _children(node):
        _collect(child, found)


def _children(node: object) -> Iterator[object]:
    if not is_dataclass(node) or isinstance(node, type):
        return
    for item in fields(node):
        value = getattr(node, item.name)
        if isinstance(value, tuple):
            yield from value
        elif is_dataclass(value):
            yield value


def _is_events(node: object) -> bool:
    return (
        isinstance(node, Path) and node.variable in (None, PROFILE) and node.keys[:1] == ("xEvent",)
    )


def _step_lookback(spec: TimeSpec | None) -> int | None:
    return lookback_ms(spec) if spec is not None else None


def _binding_lookback(binding: Binding) -> int | None:
    """The tightest recent-past window on `<variable>.timestamp` in the binding's condition."""
    reaches = [
        reach
        for occurs in _conjuncts(binding.condition)
        if isinstance(occurs, Occurs)
        and isinstance(occurs.subject, Path)
        and occurs.subject.variable == binding.variable
        and (reach := lookback_ms(occurs.spec)) is not None
    ]
    return min(reaches) if reaches else None


def _conjuncts(condition: Condition | None) -> list[Condition]:
    if condition is None:
        return []
    if isinstance(condition, And):
        return [part for item in condition.items for part in _conjuncts(item)]
    return [condition]


def streaming_obstacles(tree: Condition) -> list[str]:
    """Why the expression cannot be evaluated in streaming or edge mode (empty: it can)."""
    uses = event_uses(tree)
    if not uses:
        return []
    reasons: list[str] = []
    if any(use.kind == "aggregate" for use in uses):
        reasons.append("it counts, filters or uses forall over events, which only batch evaluates")
    lookbacks = [reach for use in uses for reach in use.lookbacks]
    if any(reach is None for reach in lookbacks):
        reasons.append("an event has no time window of 24 hours or less (e.g. WHEN(today))")
    elif any(reach is not None and reach > DAY for reach in lookbacks):
        reasons.append("an event's time window is longer than 24 hours")
    if len(uses) > 1:
        reasons.append("several events must be one CHAIN(...) so they are strictly time-ordered")
    if isinstance(tree, Not):
        reasons.append("the whole query is a negated event")
    return reasons
