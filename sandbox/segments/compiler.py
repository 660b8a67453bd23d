"""The PQL compiler: a syntax tree turned, once, into nested Python closures.

Every node becomes a closure over its already-compiled children, with paths resolved to key
tuples and literals folded in, so evaluating a profile walks no tree and looks nothing up by
name. Quantifiers, sequences and time windows live in `sequences`; predicate methods in
`predicates`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sandbox.errors import InputError
from sandbox.javaregex import JavaRegexError, compile_java
from sandbox.segments import chain, fused, predicates, sequences, values
from sandbox.segments.calendar_ms import DAY, date_ms, timestamp_ms
from sandbox.segments.lexer import pql_error
from sandbox.segments.methods import STRING_TESTS
from sandbox.segments.runtime import Frame, Reader, Test, compare, path_reader, truthy
from sandbox.segments.singles import SINGLE_VALUE_METHODS, refuse_many
from sandbox.segments.syntax import (
    PROFILE,
    And,
    AnyElement,
    ArrayLiteral,
    Call,
    Chain,
    Compare,
    CompareOp,
    Condition,
    DateExpr,
    DateLiteral,
    Filtered,
    InSegment,
    Literal,
    Membership,
    Method,
    Not,
    Occurs,
    Or,
    Path,
    Pos,
    Predicate,
    Quantified,
    Truth,
    Value,
)

_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_MIRRORED: dict[CompareOp, CompareOp] = {
    "=": "=",
    "!=": "!=",
    "<": ">",
    "<=": ">=",
    ">": "<",
    ">=": "<=",
}
_NUMBERS = (int, float)
_NESTED_LIMIT = 6  # longer `and`/`or` chains loop instead of nesting closures


@dataclass(frozen=True)
class Scope:
    """Variables in reach (name → slot), the slot bare paths read (None: the profile), and the
    slots of the enclosing elements `^.x` reads (innermost last)."""

    variables: dict[str, int] = field(default_factory=dict)
    implicit: int | None = None
    parents: tuple[int | None, ...] = ()

    def bind(self, name: str, slot: int) -> Scope:
        return Scope({**self.variables, name: slot}, self.implicit, self.parents)

    def within(self, slot: int) -> Scope:
        return Scope(self.variables, slot, (*self.parents, self.implicit))


class Compiler:
    """Compiles one expression; then `slots`, `references`, `uses_events`, `time_dependent`."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.slots = 0
        self.references: set[str] = set()
        self.uses_events = False
        self.time_dependent = False

    def new_slot(self) -> int:
        self.slots += 1
        return self.slots - 1

    def error(self, pos: Pos, message: str) -> InputError:
        return pql_error(self.source, self.text, pos.line, pos.column, message, pos.width)

    # -- conditions --------------------------------------------------------------------------

    def condition(self, node: Condition, scope: Scope) -> Test:
        handler = _CONDITIONS[type(node)]
        return handler(self, node, scope)

    def _and(self, node: And, scope: Scope) -> Test:
        return _all_of([self.condition(item, scope) for item in node.items])

    def _or(self, node: Or, scope: Scope) -> Test:
        return _any_of([self.condition(item, scope) for item in node.items])

    def _not(self, node: Not, scope: Scope) -> Test:
        inner = self.condition(node.item, scope)
        return lambda frame: not inner(frame)

    def _truth(self, node: Truth, scope: Scope) -> Test:
        if isinstance(node.value, Predicate):
            return self.condition(node.value.condition, scope)
        read = self.value(node.value, scope)
        return lambda frame: truthy(read(frame))

    def _in_segment(self, node: InSegment, scope: Scope) -> Test:
        audience_id = node.audience_id
        self.references.add(audience_id)
        return lambda frame: frame.in_segment(audience_id)

    def _membership(self, node: Membership, scope: Scope) -> Test:
        refuse_many(self, node.value, f"`{'notIn' if node.negated else 'in'}` on")
        read = self.value(node.value, scope)
        if isinstance(node.options, ArrayLiteral):
            options = predicates.OptionSet(_constant(item) for item in node.options.items)
            return predicates.membership_test(read, options, node.negated)
        return predicates.dynamic_membership(read, self.value(node.options, scope), node.negated)

    def _compare(self, node: Compare, scope: Scope) -> Test:
        left, right, op = node.left, node.right, node.op
        refuse_many(self, left, f"`{op}` on")
        refuse_many(self, right, f"`{op}` on")
        if _fixed(left) and not _fixed(right):
            left, right, op = right, left, _MIRRORED[op]
        if isinstance(right, DateLiteral):
            start = date_ms(right.year, right.month, right.day)
            return _date_compare(self.value(left, scope), op, lambda frame: start)
        if isinstance(right, DateExpr):
            day = values.date_start(self, right, scope)
            return _date_compare(self.value(left, scope), op, day)
        if isinstance(right, Literal) and isinstance(right.value, str) and op == "=":
            fast = self._fused_equals(left, right.value, scope)
            if fast is not None:
                return fast
        if isinstance(right, Literal):
            return self._literal_compare(self.value(left, scope), op, right.value, node.pos)
        read_left, read_right = self.value(left, scope), self.value(right, scope)
        return lambda frame: compare(op, read_left(frame), read_right(frame))

    def _fused_equals(self, left: Value, text: str, scope: Scope) -> Test | None:
        if not isinstance(left, Path):
            return None
        slot, keys = self._root(left, scope)
        return fused.text_equals(slot, keys, text)

    def _literal_compare(self, read: Reader, op: str, literal: Any, pos: Pos) -> Test:
        kind = type(literal)
        if kind is bool and op not in ("=", "!="):
            raise self.error(pos, f"`{op}` cannot order booleans; compare them with = or !=")
        if op == "=" and kind is bool:
            return lambda frame: read(frame) is literal
        if op == "=" and kind is str:
            return lambda frame: read(frame) == literal
        types = _NUMBERS if kind in _NUMBERS else (kind,)
        check = _OPERATORS[op]

        def typed(frame: Frame) -> bool:
            value = read(frame)
            return type(value) in types and bool(check(value, literal))

        return typed

    def _method(self, node: Method, scope: Scope) -> Test:
        if node.name in SINGLE_VALUE_METHODS:
            refuse_many(self, node.receiver, f"`{node.name}` on")
        read = self.value(node.receiver, scope)
        if not all(_is_constant(arg) for arg in node.args):
            readers = [self.value(arg, scope) for arg in node.args]
            return predicates.dynamic_test(read, node.name, readers)
        args = [_constant(arg) for arg in node.args]
        if node.name in ("equals", "notEqualTo") and len(args) > 2:
            return predicates.any_text_test(read, node.name, args)
        if node.name in STRING_TESTS:
            case_sensitive = bool(args[1]) if len(args) > 1 else True
            return predicates.string_test(read, node.name, str(args[0]), case_sensitive)
        if node.name == "like":
            return predicates.regex_test(read, predicates.like_pattern(str(args[0])), whole=True)
        if node.name == "matches":
            return predicates.regex_test(read, self._regex(str(args[0]), node), whole=False)
        if node.name in ("isNull", "isNotNull"):
            return predicates.null_test(read, node.name == "isNull")
        argument = args[0] if isinstance(args[0], list) else [args[0]]
        return predicates.set_test(read, node.name, argument)

    def _regex(self, pattern: str, node: Method) -> Any:
        try:
            return compile_java(pattern)
        except JavaRegexError as error:
            where = node.args[0].pos
            raise self.error(where, f"this regular expression cannot be used: {error}") from None

    # -- values ------------------------------------------------------------------------------

    def value(self, node: Value, scope: Scope) -> Reader:
        if isinstance(node, Path):
            return self._path(node, scope)
        if isinstance(node, Filtered):
            return sequences.filtered(self, node, scope)
        if isinstance(node, Call):
            return values.call(self, node, scope)
        if _is_constant(node):
            constant = _constant(node)
            return lambda frame: constant
        return values.compile_value(self, node, scope)

    def _path(self, node: Path, scope: Scope) -> Reader:
        return path_reader(*self._root(node, scope))

    def _root(self, node: Path, scope: Scope) -> tuple[int | None, tuple[str, ...]]:
        """The slot a path starts from (None: the profile) and its keys."""
        if node.keys[:1] == ("xEvent",) and node.variable in (None, PROFILE):
            self.uses_events = True
            return None, node.keys
        if node.variable == PROFILE:
            return None, node.keys
        if node.variable is not None and node.variable.startswith("^"):
            depth = len(node.variable)
            if depth > len(scope.parents):
                raise self.error(
                    node.pos,
                    "`^` refers to the element enclosing a filter's element; "
                    + "there is no such element here (use `^` inside a filter nested in another)",
                )
            return scope.parents[-depth], node.keys
        if node.variable is not None:
            return scope.variables[node.variable], node.keys
        return scope.implicit, node.keys


def _all_of(tests: list[Test]) -> Test:
    """`a and b and c` as nested pairs (no loop, no generator) up to a few parts."""
    first = tests[0]
    if len(tests) == 1:
        return first
    if len(tests) > _NESTED_LIMIT:
        return lambda frame: all(test(frame) for test in tests)
    rest = _all_of(tests[1:])
    return lambda frame: first(frame) and rest(frame)


def _any_of(tests: list[Test]) -> Test:
    first = tests[0]
    if len(tests) == 1:
        return first
    if len(tests) > _NESTED_LIMIT:
        return lambda frame: any(test(frame) for test in tests)
    rest = _any_of(tests[1:])
    return lambda frame: first(frame) or rest(frame)


def _fixed(node: Value) -> bool:
    return _is_constant(node) or isinstance(node, DateExpr)


def _is_constant(node: Value) -> bool:
    return isinstance(node, Literal | DateLiteral | ArrayLiteral)


def _constant(node: Value) -> Any:
    """A literal's runtime value; a date literal reads as its ISO day (`2026-01-31`)."""
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, DateLiteral):
        return date(node.year, node.month, node.day).isoformat()
    if isinstance(node, ArrayLiteral):
        return [_constant(item) for item in node.items]
    raise TypeError(f"not a constant: {node!r}")


def _date_compare(read: Reader, op: str, day: Callable[[Frame], int | None]) -> Test:
    """A timestamp or date attribute against `date(y, m, d)`, at the granularity of a day."""
    inside: dict[str, Callable[[int, int], bool]] = {
        "=": lambda ts, start: start <= ts < start + DAY,
        "!=": lambda ts, start: not start <= ts < start + DAY,
        "<": lambda ts, start: ts < start,
        "<=": lambda ts, start: ts < start + DAY,
        ">": lambda ts, start: ts >= start + DAY,
        ">=": lambda ts, start: ts >= start,
    }
    check = inside[op]

    def test(frame: Frame) -> bool:
        ts = timestamp_ms(read(frame))
        start = day(frame)
        return ts is not None and start is not None and check(ts, start)

    return test


_CONDITIONS: dict[type, Callable[[Compiler, Any, Scope], Test]] = {
    And: Compiler._and,
    Or: Compiler._or,
    Not: Compiler._not,
    Truth: Compiler._truth,
    InSegment: Compiler._in_segment,
    Membership: Compiler._membership,
    Compare: Compiler._compare,
    Method: Compiler._method,
    AnyElement: sequences.any_element,
    Quantified: sequences.quantified,
    Occurs: sequences.occurs,
    Chain: chain.chain,
}
