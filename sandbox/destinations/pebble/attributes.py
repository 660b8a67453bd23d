"""Attribute and subscript resolution (`DefaultAttributeResolver` of Pebble 3.x).

Order, exactly as Pebble: a Map without call arguments is only ever `map.get(key)` (so `m.size`
is the key "size"; `m.size()` is the method); an array or a List takes an int index (`l[0]`,
`l['1']`); everything else goes to the Java method whitelist, trying `getX`, `isX`, `hasX`, `x`
case-insensitively. A missing key, an index out of range and an unknown member are null.
"""

from __future__ import annotations

import re
from typing import Any

from sandbox.destinations.pebble.equality import map_lookup
from sandbox.destinations.pebble.errors import PebbleFailure
from sandbox.destinations.pebble.javamethods import (
    BLOCKED,
    TABLES,
    UNSUPPORTED,
    Signature,
    accepts,
    kind_of,
)
from sandbox.destinations.pebble.javatext import to_java_string
from sandbox.destinations.pebble.javatypes import (
    JEntry,
    JLong,
    JStringArray,
    LoopVariables,
    is_long,
    is_number,
    java_class_name,
)
from sandbox.destinations.pebble.runstate import RenderState
from sandbox.destinations.pebble.stringmethods import NeedsState

_INT = re.compile(r"[+-]?[0-9]+\Z")


_LOOP_FIELDS = frozenset({"index", "length", "revindex", "first", "last"})


def get_attribute(rt: RenderState, target: Any, name: str, loc: int) -> Any:
    """`target.name` (no parentheses)."""
    kind = type(target)
    if kind is dict:
        return target.get(name)
    if kind is JEntry:
        if name == "key":
            return target.key
        if name == "value":
            return target.value
    elif kind is LoopVariables and name in _LOOP_FIELDS:
        return getattr(target, name)
    if target is None:
        return None
    return _member(rt, target, name, None, loc)


def get_item(rt: RenderState, target: Any, key: Any, loc: int) -> Any:
    """`target[key]`: the value of `key` is the attribute."""
    if target is None:
        return None
    if type(target) is dict:
        return _map_item(target, key, loc)
    name = to_java_string(key)
    if isinstance(target, list | JStringArray):
        index = _parse_int(name)
        items = target.items if isinstance(target, JStringArray) else target
        if index is not None:
            return items[index] if 0 <= index < len(items) else None
        if isinstance(target, JStringArray):
            return None
    return _member(rt, target, name, None, loc)


def call_method(rt: RenderState, target: Any, name: str, loc: int, *args: Any) -> Any:
    """`target.name(args)`: always a method, even on a Map."""
    if target is None:
        return None
    return _member(rt, target, name, args, loc)


def _parse_int(text: str) -> int | None:
    if not _INT.match(text):
        return None
    value = int(text)
    return value if -(2**31) <= value < 2**31 else None


def _map_item(target: dict[Any, Any], key: Any, loc: int) -> Any:
    if not target:
        return None
    if is_number(key):
        key = _cast_key(key, next(iter(target)), loc)
    return map_lookup(target, key)[1]


def _cast_key(number: Any, first_key: Any, loc: int) -> Any:
    """`MapResolver.cast`: a numeric subscript takes the class of the map's first key."""
    if type(first_key) is float:
        return float(number)
    if isinstance(first_key, int) and type(first_key) is not bool:
        value = int(number)
        return JLong(value) if is_long(first_key) else value
    raise PebbleFailure(
        f"type class {java_class_name(first_key)} not supported for key"
        f" {to_java_string(number)} (a JSON map has String keys: write m['1'], not m[1])",
        loc,
    )


def _member(rt: RenderState, target: Any, name: str, args: tuple[Any, ...] | None, loc: int) -> Any:
    kind = kind_of(target)
    lowered = name.lower()
    candidates = (
        [lowered] if args is not None else ["get" + lowered, "is" + lowered, "has" + lowered]
    )
    if args is None:
        candidates.append(lowered)
    for candidate in candidates:
        if candidate in BLOCKED:
            raise PebbleFailure(
                f"ClassAccessException: calling [{BLOCKED[candidate]}] on"
                f" {java_class_name(target)} is not allowed",
                loc,
            )
        signatures = TABLES[kind].get(candidate)
        if signatures is not None:
            return _invoke(rt, target, name, signatures, args or (), loc)
        if candidate in UNSUPPORTED.get(kind, frozenset()):
            raise PebbleFailure(
                f"The sandbox does not support the Java method [{candidate}] of"
                f" {java_class_name(target)}; supported here: {_supported(kind)}",
                loc,
            )
    return None


def _supported(kind: str) -> str:
    names = sorted(TABLES[kind]) or ["none"]
    return ", ".join(names)


def _invoke(
    rt: RenderState,
    target: Any,
    name: str,
    signatures: list[Signature],
    args: tuple[Any, ...],
    loc: int,
) -> Any:
    for kinds, impl in signatures:
        if len(kinds) == len(args) and all(map(accepts, kinds, args)):
            try:
                if isinstance(impl, NeedsState):
                    return impl.impl(rt, target, *args)
                return impl(target, *args)
            except (IndexError, TypeError, ValueError) as error:
                raise PebbleFailure(f"Could not call {name} ({error})", loc) from error
            except PebbleFailure as failure:
                if failure.loc < 0:
                    failure.loc = loc
                raise
    return None
