"""Which PQL methods, functions and constructs the subset supports; how others are refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sandbox.errors import InputError
from sandbox.segments.lexer import IDENT, Token

if TYPE_CHECKING:
    from sandbox.segments.cursor import TokenCursor

ArgumentKind = Literal["string", "boolean", "array", "literal"]


@dataclass(frozen=True)
class Signature:
    """The literal arguments a predicate method takes; those past `required` are optional."""

    kinds: tuple[ArgumentKind, ...]
    required: int

    def describe(self) -> str:
        if not self.kinds:
            return "no arguments"
        names = {
            "string": "a string",
            "boolean": "an optional true/false (case sensitive)",
            "array": "an array literal",
            "literal": "a literal",
        }
        return ", ".join(names[kind] for kind in self.kinds)


_TEXT = Signature(("string", "boolean"), 1)

STRING_TESTS = (
    "startsWith",
    "endsWith",
    "contains",
    "doesNotStartWith",
    "doesNotEndWith",
    "doesNotContain",
    "equals",
    "notEqualTo",
)
"""String predicates taking `(text[, caseSensitive])`."""

PREDICATES: dict[str, Signature] = {
    **{name: _TEXT for name in STRING_TESTS},
    "matches": Signature(("string",), 1),
    "isNull": Signature((), 0),
    "isNotNull": Signature((), 0),
    "intersects": Signature(("array",), 1),
    "subsetOf": Signature(("array",), 1),
    "supersetOf": Signature(("array",), 1),
    "includes": Signature(("literal",), 1),
}

VALUE_METHODS = ("count", "distinct", "getYear", "getMonth", "getDayOfMonth")
"""Methods that turn a value into another value."""

SUPPORTED_METHODS = (*PREDICATES, *VALUE_METHODS, "exists")

_PQL_METHODS_NOT_SUPPORTED = (
    "groupBy",
    "filter",
    "map",
    "topN",
    "bottomN",
    "head",
    "sum",
    "average",
    "min",
    "max",
    "regexGroup",
    "intersection",
    "get",
    "keys",
    "values",
    "forall",
    "upper",
    "lower",
    "trim",
)

_CONSTRUCTS = {
    "let": "`let X = (...) in (...)` variables",
    "select": "`select X from ...` projections",
    "sum": "`sum ... over` aggregations",
    "average": "`average ... over` aggregations",
    "avg": "`avg ... over` aggregations",
    "min": "`min ... over` aggregations",
    "max": "`max ... over` aggregations",
    "count": "`count ... over` aggregations",
    "if": "`if(test, a, b)` expressions",
    "case": "`case` expressions",
}

_FUNCTIONS_NOT_SUPPORTED = (
    "currentMonth",
    "currentYear",
    "currentDayOfMonth",
    "if",
    "lower",
    "upper",
    "abs",
    "round",
)

_SUBSET = "the sandbox's PQL subset"


def refuse_method(cursor: TokenCursor, name: Token) -> InputError:
    """The error for `.name(...)` that the subset does not evaluate."""
    supported = ", ".join(f".{method}()" for method in SUPPORTED_METHODS)
    if name.text in _PQL_METHODS_NOT_SUPPORTED:
        lead = f"`.{name.text}(...)` is a PQL method outside {_SUBSET}"
    else:
        lead = f"`.{name.text}(...)` is not a method {_SUBSET} knows"
    return cursor.error(f"{lead}; supported methods: {supported}", name)


def refuse_construct(cursor: TokenCursor, token: Token, follower: Token) -> None:
    """Raise for `let`, `select`, `sum ... over` and the like, which read like a path otherwise."""
    if token.text in _CONSTRUCTS and (follower.kind == IDENT or follower.text == "("):
        raise cursor.error(f"{_CONSTRUCTS[token.text]} are outside {_SUBSET}", token)


def refuse_function(cursor: TokenCursor, token: Token) -> InputError:
    """The error for `name(...)` when `name` is not date, inSegment or CHAIN."""
    kind = (
        "a PQL function outside" if token.text in _FUNCTIONS_NOT_SUPPORTED else "not a function in"
    )
    return cursor.error(
        f"`{token.text}(...)` is {kind} {_SUBSET}; supported functions: date(y, m, d), "
        'inSegment("id"), CHAIN(xEvent, timestamp, [...]), not(...)',
        token,
    )
