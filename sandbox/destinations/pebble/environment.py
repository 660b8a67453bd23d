"""`PebbleEnvironment`: a Jinja2 `SandboxedEnvironment` whose front end is Pebble.

Jinja2 keeps what it is good at: the node tree, the code generator that compiles it to Python,
the compiled-template machinery and the sandbox. Pebble's lexer and parser replace Jinja's
(`_parse`), and the Pebble runtime is registered as the environment's filters — the only
callables a compiled template can reach. Jinja's own filters, tests and globals are removed so
nothing of Jinja (or Python) is reachable from a template.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from sandbox.destinations.pebble.attributes import call_method, get_attribute, get_item
from sandbox.destinations.pebble.errors import PebbleFailure
from sandbox.destinations.pebble.escaping import ESCAPE_FILTERS
from sandbox.destinations.pebble.filters import FILTERS
from sandbox.destinations.pebble.functions import FUNCTIONS, stock_range
from sandbox.destinations.pebble.javahash import java_hash_map, map_literal_capacity
from sandbox.destinations.pebble.javatypes import JLong, SafeString
from sandbox.destinations.pebble.operators import OPERATOR_FILTERS
from sandbox.destinations.pebble.runstate import SCOPE_FILTERS, RenderState, assign, iterate
from sandbox.destinations.pebble.statements import parse_template
from sandbox.destinations.pebble.testers import is_empty_test, run_test


def _long(rt: RenderState, value: int) -> JLong:
    return JLong(value)


def _hash_map(rt: RenderState, flat: list[Any]) -> dict[Any, Any]:
    pairs = list(zip(flat[::2], flat[1::2], strict=True))
    return java_hash_map(pairs, map_literal_capacity(len(pairs)))


def _fail(rt: RenderState, message: str, loc: int) -> Any:
    raise PebbleFailure(message, loc)


def _body(text: str) -> str:
    return text


def _plain_input(function: Callable[..., Any]) -> Callable[..., Any]:
    """`FilterExpression`: a SafeString reaching any filter but `escape` becomes a String."""

    def apply(rt: RenderState, value: Any, loc: int, **arguments: Any) -> Any:
        if type(value) is SafeString:
            value = value.text
        return function(rt, value, loc, **arguments)

    return apply


RUNTIME: dict[str, Callable[..., Any]] = {
    **OPERATOR_FILTERS,
    **ESCAPE_FILTERS,
    **SCOPE_FILTERS,
    "pb_set": assign,
    "pb_iterate": iterate,
    "pb_attr": get_attribute,
    "pb_item": get_item,
    "pb_method": call_method,
    "pb_long": _long,
    "pb_hashmap": _hash_map,
    "pb_fail": _fail,
    "pb_body": _body,
    "pb_test": run_test,
    "pb_is_empty": is_empty_test,
    "pbfn_stock_range": stock_range,
}
RUNTIME |= {"pbfn_" + name: function for name, function in FUNCTIONS.items()}
RUNTIME |= {
    "pbf_" + name: function if name == "escape" else _plain_input(function)
    for name, function in FILTERS.items()
}


class PebbleEnvironment(SandboxedEnvironment):
    """Compiles Pebble source with Jinja2's code generator, under Jinja2's sandbox."""

    def __init__(self, autoescape: bool = True, allow_range: bool = False) -> None:
        super().__init__(autoescape=False, optimized=False, cache_size=0)
        self.pebble_autoescape = autoescape
        self.allow_range = allow_range
        self.filters.clear()
        self.tests.clear()
        self.globals.clear()
        self.filters.update(RUNTIME)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        parsed = parse_template(
            source, name or "<template>", self.pebble_autoescape, self.allow_range
        )
        return parsed.tree
