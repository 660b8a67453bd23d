"""The state of one render: Pebble's scope chain, the `for` loop, the limits, the warnings.

Scoping follows `ScopeChain` exactly: the user's context is the bottom scope, the template gets
a scope of its own above it, and every `for` that has items pushes ONE scope for the whole loop
(`if` pushes none). `set` updates the nearest scope that already holds the name, else creates it
in the innermost scope. Jinja2's own frames cannot express this (a `set` inside a Jinja `for` is
local to one iteration), so every variable read and write of a compiled template goes through
`lookup` / `assign` below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sandbox.destinations.pebble.errors import PebbleFailure, RenderLimitExceeded
from sandbox.destinations.pebble.javatext import to_java_string
from sandbox.destinations.pebble.javatypes import (
    JCollection,
    JEntry,
    JStringArray,
    LoopNumber,
    LoopVariables,
    simple_class_name,
)

MAX_WARNINGS = 200
"""Escape warnings kept per render (the count of all of them is kept too)."""


@dataclass(frozen=True)
class EscapeRecord:
    """One value that autoescaping changed: where (a location id) and the text before/after."""

    loc: int
    before: str
    after: str


class RenderState:
    """Everything a compiled template reads and writes while it renders."""

    __slots__ = (
        "scopes",
        "timer",
        "deadline",
        "max_output",
        "escapes",
        "escape_count",
        "else_allowed",
        "held",
    )

    def __init__(
        self,
        context: Mapping[str, Any],
        timer: Callable[[], float],
        time_limit: float,
        max_output: int,
    ) -> None:
        self.scopes: list[dict[str, Any]] = [{}, dict(context)]
        self.timer = timer
        self.deadline = timer() + time_limit
        self.max_output = max_output
        self.escapes: list[EscapeRecord] = []
        self.escape_count = 0
        self.else_allowed = False
        self.held: Any = None

    def check_size(self, text: str, loc: int) -> str:
        if len(text) > self.max_output:
            raise RenderLimitExceeded(
                f"a value grew past the output limit of {self.max_output} characters", loc
            )
        return text

    def check_room(self, size: int, loc: int) -> None:
        """Before building a string of `size` characters: refuse it past the output limit, so
        nothing larger is ever allocated."""
        if size > self.max_output:
            raise RenderLimitExceeded(
                f"a value would grow past the output limit of {self.max_output} characters"
                f" ({size} characters)",
                loc,
            )

    def check_time(self, loc: int) -> None:
        if self.timer() > self.deadline:
            raise RenderLimitExceeded("the template ran past its time limit", loc)

    def check_length(self, size: int, loc: int) -> None:
        """A list may not outgrow the output limit either (`{% set l = l + l %}` doubles)."""
        if size > self.max_output:
            raise RenderLimitExceeded(
                f"a list grew past the output limit of {self.max_output} items", loc
            )

    def record_escape(self, loc: int, before: str, after: str) -> None:
        self.escape_count += 1
        if len(self.escapes) < MAX_WARNINGS:
            self.escapes.append(EscapeRecord(loc, before, after))


def lookup(rt: RenderState, name: str) -> Any:
    """A variable read: the innermost scope that holds the name wins (a held null included)."""
    for scope in rt.scopes:
        if name in scope:
            return scope[name]
    return None


def assign(rt: RenderState, name: str, value: Any) -> None:
    """`{% set %}`: update the nearest binding of `name`, else create it in the innermost scope."""
    for scope in rt.scopes:
        if name in scope:
            scope[name] = value
            return
    rt.scopes[0][name] = value


def iterate(rt: RenderState, value: Any, name: str, loc: int) -> Iterator[None]:
    """The items of a `for`, bound to `name` and `loop` in the loop's own scope."""
    if value is None:
        rt.else_allowed = False
        return iter(())
    items = _items(value, loc)
    rt.else_allowed = not items
    if not items:
        return iter(())
    return _loop(rt, items, name, loc)


def else_allowed(rt: RenderState, _unused: object = None) -> bool:
    """Whether a `for`'s `else` may render: only for an empty, non-null iterable."""
    return rt.else_allowed


def _items(value: Any, loc: int) -> list[Any]:
    kind = type(value)
    if kind is list:
        return value  # type: ignore[no-any-return]
    if kind is dict:
        return [JEntry(key, item) for key, item in value.items()]
    if isinstance(value, JStringArray | JCollection):
        return value.items
    if isinstance(value, list | tuple):
        return list(value)
    raise PebbleFailure(
        f"Not an iterable object. Value = [{to_java_string(value)}] ({simple_class_name(value)})",
        loc,
    )


def _loop(rt: RenderState, items: list[Any], name: str, loc: int) -> Iterator[None]:
    scope: dict[str, Any] = {}
    rt.scopes.insert(0, scope)
    size = len(items)
    loop = LoopVariables(LoopNumber(size))
    timer, deadline = rt.timer, rt.deadline
    for index, item in enumerate(items):
        if timer() > deadline:
            raise RenderLimitExceeded("the template ran past its time limit", loc)
        if len(items) != size:
            raise PebbleFailure(
                "ConcurrentModificationException: the list changed while a for loop ran over it",
                loc,
            )
        loop.index = index
        loop.first = index == 0
        loop.last = index == size - 1
        scope["loop"] = loop
        scope[name] = item
        yield None
    rt.scopes.pop(0)


def hold_is_null(rt: RenderState, value: Any) -> bool:
    """Keep a value for `held` (read once), saying whether it is null: `a contains b` looks at
    `a` before it evaluates `b`, and a null `a` never evaluates `b`."""
    rt.held = value
    return value is None


def held(rt: RenderState) -> Any:
    return rt.held


SCOPE_FILTERS: dict[str, Callable[..., Any]] = {
    "pb_hold_is_null": hold_is_null,
    "pb_held": held,
    "pb_var": lookup,
    "pb_else": else_allowed,
}
