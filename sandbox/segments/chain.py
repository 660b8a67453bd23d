"""Compiled `CHAIN(xEvent, timestamp, [C0: WHAT(..) WHEN(..), ...])`: events in strict time order.

Events are taken in time order; each step takes the earliest event, strictly later than the
previous step's, that satisfies its WHAT and WHEN (with `COUNT(n)`: the n-th such event, so the
step happened at least n times; the next step starts after it). Each step's condition depends on its own
event only, so taking the earliest never loses a sequence that exists.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sandbox.segments import fused
from sandbox.segments.calendar_ms import INFINITY, TIMESTAMP_MEMO, timestamp_ms
from sandbox.segments.runtime import Frame, Reader, Test, descend
from sandbox.segments.sequences import conjunction, conjuncts
from sandbox.segments.syntax import Chain, Step
from sandbox.segments.timewindows import compile_window

if TYPE_CHECKING:
    from sandbox.segments.compiler import Compiler, Scope

WhenCheck = Callable[[int, Frame], bool]
CompiledStep = tuple[str | None, tuple[str, ...], str, Test | None, WhenCheck | None, int]
"""(filter key or None, filter keys, filter text, rest of WHAT, WHEN check, COUNT)."""

Keys = tuple[str, ...]

_first = itemgetter(0)


def chain(compiler: Compiler, node: Chain, scope: Scope) -> Test:
    source = compiler.value(node.source, scope)
    compiler.uses_events = True
    slot = compiler.new_slot()
    steps = tuple(_step(compiler, step, scope.within(slot)) for step in node.steps)
    keys = node.timestamp
    ordered = _in_order(source, slot, steps, keys)
    if len(steps) > 1:
        return ordered
    scan = _any_event(source, slot, steps[0], keys)
    return lambda frame: ordered(frame) if frame.tracking else scan(frame)


def _in_order(source: Reader, slot: int, steps: tuple[CompiledStep, ...], keys: Keys) -> Test:
    """Each step takes the earliest event after the previous step's that passes it."""

    def test(frame: Frame) -> bool:
        stamps, events = in_time_order(fused.items_of(source(frame)), keys)
        slots, previous, index, count = frame.slots, -INFINITY, 0, len(stamps)
        for key, filter_keys, text, what, when, times in steps:
            found = 0
            while index < count:
                ts = stamps[index]
                index += 1
                if ts <= previous:
                    continue
                event = events[index - 1]
                if key is not None and text != (
                    event.get(key) if type(event) is dict else descend(event, filter_keys)
                ):
                    continue
                if what is not None:
                    slots[slot] = event
                    if not what(frame):
                        continue
                if when is None or when(ts, frame):
                    found += 1
                    if found == times:
                        previous = ts
                        break
            else:
                return False
        return True

    return test


def _any_event(source: Reader, slot: int, step: CompiledStep, keys: Keys) -> Test:
    """A one-step CHAIN when no horizon is asked for: some event with a timestamp passes the
    step. Order does not matter then, so events are not sorted, and an event's timestamp is only
    read once its type (the key filter) has matched."""
    key, filter_keys, text, what, when, times = step
    plain = keys[0] if len(keys) == 1 else None

    def test(frame: Frame) -> bool:
        slots, found = frame.slots, 0
        for event in fused.items_of(source(frame)):
            if key is not None and text != (
                event.get(key) if type(event) is dict else descend(event, filter_keys)
            ):
                continue
            plain_dict = plain is not None and type(event) is dict
            ts = timestamp_ms(event.get(plain) if plain_dict else descend(event, keys))
            if ts is None:
                continue
            if what is not None:
                slots[slot] = event
                if not what(frame):
                    continue
            if when is None or when(ts, frame):
                found += 1
                if found == times:
                    return True
        return False

    return test


def _step(compiler: Compiler, step: Step, scope: Scope) -> CompiledStep:
    keyed, rest = fused.key_filter(conjuncts(step.what), None)
    parts = [compiler.condition(part, scope) for part in rest]
    what = conjunction(parts)
    when = None
    if step.when is not None:
        window = compile_window(step.when)
        compiler.time_dependent = compiler.time_dependent or window.moving
        when = fused.window_check(window)
    if keyed is None:
        return None, (), "", what, when, step.count
    return keyed[0][0], keyed[0], keyed[1], what, when, step.count


def in_time_order(events: list[Any], keys: tuple[str, ...]) -> tuple[list[int], list[Any]]:
    """Timestamps and events, both in time order; events without a readable timestamp left out.

    The common case (every timestamp already parsed, events already in order) costs one
    comprehension and one sort of integers.
    """
    try:
        if len(keys) != 1:
            raise TypeError
        key, memo = keys[0], TIMESTAMP_MEMO
        stamps: list[Any] = [memo.get(event.get(key)) for event in events]
    except (TypeError, AttributeError):
        return _sorted_pairs([timestamp_ms(descend(event, keys)) for event in events], events)
    if None in stamps:
        stamps = [
            ts if ts is not None else timestamp_ms(descend(event, keys))
            for ts, event in zip(stamps, events, strict=True)
        ]
        return _sorted_pairs(stamps, events)
    if stamps != sorted(stamps):
        return _sorted_pairs(stamps, events)
    return stamps, events


def _sorted_pairs(stamps: list[int | None], events: list[Any]) -> tuple[list[int], list[Any]]:
    pairs = [(ts, event) for ts, event in zip(stamps, events, strict=True) if ts is not None]
    pairs.sort(key=_first)
    return [ts for ts, _ in pairs], [event for _, event in pairs]
