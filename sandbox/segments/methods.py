"""Which PQL methods, functions and constructs the subset supports; how others are refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sandbox.errors import InputError
from sandbox.segments.lexer import Token

if TYPE_CHECKING:
    from sandbox.segments.cursor import TokenCursor

ArgumentKind = Literal["string", "boolean", "array", "literal", "pattern"]


@dataclass(frozen=True)
class Signature:
    """The literal arguments a predicate method takes; those past `required` are optional."""

    kinds: tuple[ArgumentKind, ...]
    required: int
    repeats: bool = False
    """The string argument may be repeated (`.equals("a", "b")`: any of them)."""

    def describe(self) -> str:
        if not self.kinds:
            return "no arguments"
        names = {
            "string": "a string",
            "boolean": "an optional true/false (case sensitive)",
            "array": "an array literal",
            "literal": "a literal",
            "pattern": "a regular expression in double quotes",
        }
        return ", ".join(names[kind] for kind in self.kinds)


_TEXT = Signature(("string", "boolean"), 1)
_TEXTS = Signature(("string", "boolean"), 1, repeats=True)

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
    "equals": _TEXTS,
    "notEqualTo": _TEXTS,
    "matches": Signature(("pattern",), 1),
    "isNull": Signature((), 0),
    "isNotNull": Signature((), 0),
    "intersects": Signature(("array",), 1),
    "subsetOf": Signature(("array",), 1),
    "supersetOf": Signature(("array",), 1),
    "includes": Signature(("literal",), 1),
}

VALUE_METHODS = (
    "count",
    "distinct",
    "getYear",
    "getMonth",
    "getDayOfMonth",
    "head",
    "keys",
    "values",
)
"""Methods without arguments that turn a value into another value."""

ELEMENT_METHODS: dict[str, tuple[int, int]] = {
    "sum": (0, 1),
    "average": (0, 1),
    "min": (0, 1),
    "max": (0, 1),
    "topN": (2, 2),
    "bottomN": (2, 2),
    "filter": (1, 1),
    "map": (1, 1),
    "groupBy": (1, 1),
    "intersection": (1, 1),
    "get": (1, 1),
    "regexGroup": (2, 2),
}
"""Value methods with arguments: (fewest, most) arguments."""

AGGREGATE_WORDS = ("sum", "average", "min", "max", "count")
"""`sum X.price over X from ...` and its siblings."""

CURRENT_FUNCTIONS = ("currentMonth", "currentYear", "currentDayOfMonth")

SUPPORTED_METHODS = (*PREDICATES, *VALUE_METHODS, *ELEMENT_METHODS, "exists")

_PQL_METHODS_NOT_SUPPORTED = ("forall", "upper", "lower", "trim")

_FUNCTIONS_NOT_SUPPORTED = ("lower", "upper", "abs", "round")

_SUBSET = "the sandbox's PQL subset"


def refuse_method(cursor: TokenCursor, name: Token) -> InputError:
    """The error for `.name(...)` that the subset does not evaluate."""
    supported = ", ".join(f".{method}()" for method in SUPPORTED_METHODS)
    if name.text in _PQL_METHODS_NOT_SUPPORTED:
        lead = f"`.{name.text}(...)` is a PQL method outside {_SUBSET}"
    else:
        lead = f"`.{name.text}(...)` is not a method {_SUBSET} knows"
    return cursor.error(f"{lead}; supported methods: {supported}", name)


def refuse_function(cursor: TokenCursor, token: Token) -> InputError:
    """The error for `name(...)` when `name` is not date, inSegment or CHAIN."""
    kind = (
        "a PQL function outside" if token.text in _FUNCTIONS_NOT_SUPPORTED else "not a function in"
    )
    return cursor.error(
        f"`{token.text}(...)` is {kind} {_SUBSET}; supported functions: date(y, m, d), "
        'inSegment("id"), CHAIN(xEvent, timestamp, [...]), not(...), if(test, a, b), '
        "currentYear(), currentMonth(), currentDayOfMonth()",
        token,
    )
