"""Refusing a one-value test on a path that holds one value per event (`xEvent.eventType`).

`xEvent.eventType = "commerce.purchases"` reads every event's type at once; Adobe's pages give
no meaning to comparing that list with one value (any event? all of them?), so rather than
guess, the sandbox refuses it and shows the forms that say which: `xEvent.exists(...)`,
`exists E from xEvent where ...`, or a filter. Tests made for arrays (`.intersects`, `.count()`,
`.includes`, `.isNull()`) stay allowed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from sandbox.segments.syntax import PROFILE, Call, Filtered, Member, Path, Select, Value

if TYPE_CHECKING:
    from sandbox.segments.compiler import Compiler

_LISTS = ("filter", "topN", "bottomN", "map", "distinct", "keys", "values", "intersection")
SINGLE_VALUE_METHODS = (
    "startsWith",
    "endsWith",
    "contains",
    "doesNotStartWith",
    "doesNotEndWith",
    "doesNotContain",
    "equals",
    "notEqualTo",
    "matches",
    "like",
)


def refuse_many(compiler: Compiler, node: Value, test: str) -> None:
    """Raise an InputError when `node` is a per-event path used where one value is needed."""
    if isinstance(node, Path) and _per_event(node):
        rest = ".".join(node.keys[1:])
        raise compiler.error(
            replace(node.pos, width=len(node.dotted())),
            f"`{node.dotted()}` holds one value per event, so {test} it has no single meaning "
            f"in PQL; say which events: `xEvent.exists({rest} ...)` (some event), "
            f"`forall E from xEvent where E.{rest} ...` (every event) or "
            f"`xEvent[{rest} ...].count() > 0`",
        )
    if isinstance(node, Member) and _is_list(node.source):
        raise compiler.error(
            node.pos,
            f"this expression holds one `{'.'.join(node.keys)}` per element, so {test} it has "
            "no single meaning in PQL; test the elements with `.exists(...)` or a filter `[...]`",
        )


def _per_event(node: Path) -> bool:
    return node.variable in (None, PROFILE) and node.keys[:1] == ("xEvent",) and len(node.keys) > 1


def _is_list(node: Value) -> bool:
    if isinstance(node, Filtered | Select):
        return True
    return isinstance(node, Call) and node.name in _LISTS
