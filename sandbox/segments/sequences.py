"""Compiled conditions over arrays and time: `exists`/`forall`, `.exists(..)`, `[..]` filters,
value methods and `occurs` windows (CHAIN is in `chain`).

A time window that depends on `now` reports, when the frame is tracking, the next moment its
answer changes for the timestamp it just judged. Evaluation short-circuits, and the windows it
did not evaluate cannot change the outcome before one it did evaluate changes: so the minimum
over evaluated windows is a safe horizon.

An element condition of the form `X.key = "text"` is pulled out of the conjunction and tested
inline by the loop (`fused.key_filter`), before any closure runs for that element.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sandbox.segments import fused
from sandbox.segments.anchored import anchored_occurs, has_attribute
from sandbox.segments.calendar_ms import timestamp_ms
from sandbox.segments.runtime import Frame, Reader, Test, as_items, descend, kind_of
from sandbox.segments.singles import refuse_many
from sandbox.segments.syntax import (
    And,
    AnyElement,
    Binding,
    Condition,
    Filtered,
    Occurs,
    Path,
    Quantified,
)
from sandbox.segments.timewindows import compile_window

if TYPE_CHECKING:
    from sandbox.segments.compiler import Compiler, Scope


def quantified(compiler: Compiler, node: Quantified, scope: Scope) -> Test:
    """`exists|forall X from a where c, Y from X.b where d` as nested quantifiers."""
    return _binding(compiler, node.kind, node.bindings, scope)


def _binding(compiler: Compiler, kind: str, bindings: tuple[Binding, ...], scope: Scope) -> Test:
    binding = bindings[0]
    source = compiler.value(binding.source, scope)
    slot = compiler.new_slot()
    inner = scope.bind(binding.variable, slot)
    conditions = conjuncts(binding.condition)
    if kind == "forall":
        parts = [compiler.condition(part, inner) for part in conditions]
        if len(bindings) > 1:
            parts.append(_binding(compiler, kind, bindings[1:], inner))
        return _forall(source, slot, conjunction(parts))
    keyed, rest = fused.key_filter(conditions, binding.variable)
    parts = [compiler.condition(part, inner) for part in rest]
    if len(bindings) > 1:
        parts.append(_binding(compiler, kind, bindings[1:], inner))
    return exists_test(source, slot, keyed, conjunction(parts))


def bound_exists(compiler: Compiler, bindings: tuple[Binding, ...], scope: Scope) -> Test:
    """`X from a where c, Y from X.b where d` as an `exists` test (for `select`)."""
    return _binding(compiler, "exists", bindings, scope)


def conjuncts(condition: Condition | None) -> list[Condition]:
    """The parts of a conjunction (`a and b and c`), flattened; [] for no condition."""
    if condition is None:
        return []
    if isinstance(condition, And):
        return [part for item in condition.items for part in conjuncts(item)]
    return [condition]


def conjunction(parts: list[Test]) -> Test | None:
    """`a and b and ...` as one test; None for no parts."""
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        first, second = parts
        return lambda frame: first(frame) and second(frame)
    return lambda frame: all(part(frame) for part in parts)


def exists_test(
    source: Reader, slot: int, keyed: fused.KeyFilter | None, body: Test | None
) -> Test:
    """Some element passes the key filter and the body (each optional)."""
    if keyed is None:
        return _exists(source, slot, body)
    keys, text = keyed
    key = keys[0]

    def exists_keyed(frame: Frame) -> bool:
        slots = frame.slots
        items = source(frame)
        for item in items if type(items) is list else as_items(items):
            if (item.get(key) if type(item) is dict else descend(item, keys)) != text:
                continue
            if body is None:
                return True
            slots[slot] = item
            if body(frame):
                return True
        return False

    return exists_keyed


def _exists(source: Reader, slot: int, body: Test | None) -> Test:
    if body is None:
        return lambda frame: bool(as_items(source(frame)))

    def exists(frame: Frame) -> bool:
        slots = frame.slots
        for item in fused.items_of(source(frame)):
            slots[slot] = item
            if body(frame):
                return True
        return False

    return exists


def _forall(source: Reader, slot: int, body: Test | None) -> Test:
    if body is None:
        return lambda frame: True

    def forall(frame: Frame) -> bool:
        slots = frame.slots
        for item in as_items(source(frame)):
            slots[slot] = item
            if not body(frame):
                return False
        return True

    return forall


def any_element(compiler: Compiler, node: AnyElement, scope: Scope) -> Test:
    """`array.exists(condition)`, the condition reading each element implicitly."""
    source = compiler.value(node.source, scope)
    slot = compiler.new_slot()
    inner = scope.within(slot)
    keyed, rest = fused.key_filter(conjuncts(node.condition), None)
    body = conjunction([compiler.condition(part, inner) for part in rest])
    return exists_test(source, slot, keyed, body)


def filtered(compiler: Compiler, node: Filtered, scope: Scope) -> Reader:
    """`array[condition]`: the elements for which the condition holds (a leading
    `key = "text"` conjunct tested inline, as in `exists`)."""
    source = compiler.value(node.source, scope)
    slot = compiler.new_slot()
    inner = scope.within(slot)
    keyed, rest = fused.key_filter(conjuncts(node.condition), None)
    body = conjunction([compiler.condition(part, inner) for part in rest])
    if keyed is None:
        assert body is not None
        return _kept(source, slot, body)
    keys, text = keyed
    key = keys[0]

    def keep_keyed(frame: Frame) -> list[Any]:
        slots, kept = frame.slots, []
        for item in fused.items_of(source(frame)):
            if (item.get(key) if type(item) is dict else descend(item, keys)) != text:
                continue
            if body is not None:
                slots[slot] = item
                if not body(frame):
                    continue
            kept.append(item)
        return kept

    return keep_keyed


def _kept(source: Reader, slot: int, condition: Test) -> Reader:
    def keep(frame: Frame) -> list[Any]:
        slots, kept = frame.slots, []
        for item in fused.items_of(source(frame)):
            slots[slot] = item
            if condition(frame):
                kept.append(item)
        return kept

    return keep


def call(read: Reader, name: str) -> Reader:
    """`.count()`, `.distinct()`, `.getYear()`, `.getMonth()`, `.getDayOfMonth()`."""
    if name == "count":
        return lambda frame: len(as_items(read(frame)))
    if name == "distinct":
        return lambda frame: _distinct(as_items(read(frame)))
    part = {"getYear": "year", "getMonth": "month", "getDayOfMonth": "day"}[name]

    def calendar_part(frame: Frame) -> int | None:
        ts = timestamp_ms(read(frame))
        if ts is None:
            return None
        return int(getattr(datetime.fromtimestamp(ts / 1000, UTC), part))

    return calendar_part


def _distinct(items: list[Any]) -> list[Any]:
    seen: set[tuple[str | None, Any]] = set()
    unique: list[Any] = []
    for item in items:
        key = (
            kind_of(item),
            item if kind_of(item) in ("string", "number", "boolean") else id(item),
        )
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def occurs(compiler: Compiler, node: Occurs, scope: Scope) -> Test:
    """`timestamp occurs <window>`; false when the subject is not a timestamp."""
    refuse_many(compiler, node.subject, "`occurs` on")
    if has_attribute(node.spec):
        return anchored_occurs(compiler, node, scope)
    window = compile_window(node.spec)
    compiler.time_dependent = compiler.time_dependent or window.moving
    subject = node.subject
    if isinstance(subject, Path) and len(subject.keys) == 1 and subject.variable is not None:
        return fused.element_occurs(scope.variables[subject.variable], subject.keys, window)
    return fused.occurs_test(compiler.value(subject, scope), window)
