"""The token stream the parser reads, and the few `jinja2.nodes` shapes it emits.

Every runtime operation is emitted as a `jinja2.nodes.Filter` whose first argument is the render
state (`rt`): Jinja's code generator compiles a Filter node to a direct call of a function bound
at module level (`t_1(l_0_rt, ...)`), with no sandbox indirection, and since `rt` is not a
constant it never constant-folds a call at compile time (which would lose warnings and checks).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import nodes

from sandbox.destinations.pebble.errors import SourceMap, TemplateError
from sandbox.destinations.pebble.lexer import T, Token

RT = "rt"
"""The Jinja context variable the render state is passed in."""
RT_LOCAL = "pebble_rt"
"""The Python local the compiled template keeps it in (assigned once, by `bind_render_state`)."""


@dataclass(frozen=True)
class Ex:
    """A parsed expression: its Jinja node and what the escaper needs to know about it."""

    node: nodes.Expr
    kind: str = ""
    """`string` (a string literal), `literals` (`~` of two string literals), `ternary`, or
    `bool` (always a boolean: comparisons, tests, `not`, `and`/`or`)."""
    branches: tuple[nodes.Expr, Ex, Ex] | None = None
    """For a ternary: the test node and the two branches, so each can be escaped alone."""


def _render_state() -> nodes.InternalName:
    """The internal name holding the render state (made the way Jinja's parser makes its own
    internal names, `Parser.free_identifier`)."""
    name = object.__new__(nodes.InternalName)
    nodes.Node.__init__(name, RT_LOCAL)
    return name


def call(function: str, *args: nodes.Expr, **kwargs: nodes.Expr) -> nodes.Filter:
    """A call `function(rt, *args, **kwargs)` of a runtime function."""
    keywords = [nodes.Keyword(key, value) for key, value in kwargs.items()]
    return nodes.Filter(_render_state(), function, list(args), keywords, None, None)


def bind_render_state() -> nodes.Assign:
    """`pebble_rt = rt` at the top of the template: one context lookup instead of one (with an
    undefined-check) at every call."""
    return nodes.Assign(_render_state(), nodes.Name(RT, "load"))


def const(value: object) -> nodes.Const:
    return nodes.Const(value)


@dataclass
class Stream:
    """Pebble's `TokenStream`, plus the table of source spans that errors and warnings cite."""

    tokens: list[Token]
    source: str
    name: str
    index: int = 0
    spans: list[tuple[int, int]] = field(default_factory=list)
    source_map: SourceMap | None = None

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def peek(self, distance: int = 1) -> Token:
        return self.tokens[min(self.index + distance, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def expect(self, kind: T, value: str | None = None, hint: str = "") -> Token:
        token = self.current
        if not (token.type is kind and (value is None or token.value == value)):
            wanted = f'"{value}" ({kind.value})' if value else kind.value
            raise self.error(
                f'Unexpected token of value "{token.value}" and type {token.type.value},'
                f" expected token of type {wanted}{hint}",
                token,
            )
        return self.advance()

    def loc(self, offset: int, width: int = 1) -> nodes.Const:
        """A location id for a runtime error or warning at this spot of the source."""
        self.spans.append((offset, width))
        return const(len(self.spans) - 1)

    def token_loc(self, token: Token) -> nodes.Const:
        return self.loc(token.offset, len(token.value or "") or 1)

    def error(self, message: str, token: Token) -> TemplateError:
        if self.source_map is None:
            self.source_map = SourceMap(self.source)
        offset = min(token.offset, max(len(self.source) - 1, 0))
        width = len(token.value or "") or 1
        position = self.source_map.position(offset, width)
        return TemplateError(self.name, message, position, "TEMPLATE_SYNTAX_ERROR")
