"""Compiled PQL values beyond paths and literals: arithmetic, `if`, `current...()`, `date(..)`
with computed parts, `select`, `sum .. over`, `let`, conditions used as values, and methods."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sandbox.segments import arrays
from sandbox.segments.calendar_ms import to_datetime
from sandbox.segments.datemath import arithmetic, current, date_expr_ms, next_midnight
from sandbox.segments.runtime import Frame, Reader, Test, descend, truthy
from sandbox.segments.sequences import bound_exists
from sandbox.segments.sequences import call as plain_call
from sandbox.segments.syntax import (
    Aggregate,
    Arith,
    Call,
    Condition,
    Current,
    DateExpr,
    Expr,
    IfValue,
    Let,
    Member,
    Predicate,
    Select,
    Value,
    is_value,
)

if TYPE_CHECKING:
    from sandbox.segments.compiler import Compiler, Scope


def compile_value(compiler: Compiler, node: Value, scope: Scope) -> Reader:
    handler = _HANDLERS[type(node)]
    return handler(compiler, node, scope)


def test_of(compiler: Compiler, expr: Expr, scope: Scope) -> Test:
    """An expression in boolean position: a condition, or a value read by truthiness."""
    if isinstance(expr, Predicate):
        return compiler.condition(expr.condition, scope)
    if is_value(expr):
        read = compiler.value(expr, scope)
        return lambda frame: truthy(read(frame))
    return compiler.condition(expr, scope)  # type: ignore[arg-type]


def reader_of(compiler: Compiler, expr: Expr, scope: Scope) -> Reader:
    """An expression in value position: a value, or a condition read as true/false."""
    if is_value(expr):
        return compiler.value(expr, scope)
    test = compiler.condition(expr, scope)  # type: ignore[arg-type]
    return lambda frame: test(frame)


def _member(compiler: Compiler, node: Member, scope: Scope) -> Reader:
    source, keys = compiler.value(node.source, scope), node.keys
    return lambda frame: descend(source(frame), keys)


def _arith(compiler: Compiler, node: Arith, scope: Scope) -> Reader:
    left, right, op = compiler.value(node.left, scope), compiler.value(node.right, scope), node.op
    return lambda frame: arithmetic(op, left(frame), right(frame))


def _current(compiler: Compiler, node: Current, scope: Scope) -> Reader:
    compiler.time_dependent = True
    name = node.name

    def read(frame: Frame) -> int:
        if frame.tracking:
            frame.note(next_midnight(frame.now))
        return current(name, frame.now)

    return read


def date_start(compiler: Compiler, node: DateExpr, scope: Scope) -> Callable[[Frame], int | None]:
    """`date(currentYear() - 1, 10, 1)`: its day's start at the frame's `now`."""
    compiler.time_dependent = True

    def start(frame: Frame) -> int | None:
        if frame.tracking:
            frame.note(next_midnight(frame.now))
        return date_expr_ms(node, frame.now)

    return start


def _date_value(compiler: Compiler, node: DateExpr, scope: Scope) -> Reader:
    start = date_start(compiler, node, scope)

    def read(frame: Frame) -> str | None:
        ms = start(frame)
        return None if ms is None else to_datetime(ms).date().isoformat()

    return read


def _if(compiler: Compiler, node: IfValue, scope: Scope) -> Reader:
    test = compiler.condition(node.test, scope)
    then, other = compiler.value(node.then, scope), compiler.value(node.other, scope)
    return lambda frame: then(frame) if test(frame) else other(frame)


def _predicate(compiler: Compiler, node: Predicate, scope: Scope) -> Reader:
    test = compiler.condition(node.condition, scope)
    return lambda frame: test(frame)


def _let(compiler: Compiler, node: Let, scope: Scope) -> Reader:
    value = reader_of(compiler, node.value, scope)
    slot = compiler.new_slot()
    body = reader_of(compiler, node.body, scope.bind(node.variable, slot))

    def read(frame: Frame) -> Any:
        frame.slots[slot] = value(frame)
        return body(frame)

    return read


def select_reader(compiler: Compiler, node: Select | Aggregate, scope: Scope) -> Reader:
    """The elements of the first binding's array that satisfy its condition (and, with more
    bindings, for which some later element satisfies theirs)."""
    first = node.bindings[0]
    source = compiler.value(first.source, scope)
    slot = compiler.new_slot()
    inner = scope.bind(first.variable, slot)
    parts: list[Condition] = [] if first.condition is None else [first.condition]
    tests = [compiler.condition(part, inner) for part in parts]
    if len(node.bindings) > 1:
        tests.append(bound_exists(compiler, node.bindings[1:], inner))
    return arrays.selecting(source, slot, tests)


def _aggregate(compiler: Compiler, node: Aggregate, scope: Scope) -> Reader:
    if len(node.bindings) > 1:
        raise compiler.error(
            node.pos,
            f"`{node.kind} X.path over X from array where condition` takes one variable; "
            "put further conditions (or a nested select) inside its `where`",
        )
    selected = select_reader(compiler, node, scope)
    slot = compiler.new_slot()
    element = compiler.value(node.value, scope.bind(node.bindings[0].variable, slot))
    return arrays.aggregate_reader(node.kind, selected, slot, element)


def call(compiler: Compiler, node: Call, scope: Scope) -> Reader:
    """A value method: `.count()`, `.sum(price)`, `.filter(..)`, `.get("k")`, ..."""
    receiver = compiler.value(node.receiver, scope)
    if not node.args and node.name in arrays.PLAIN:
        return arrays.plain(receiver, node.name)
    if not node.args and node.name not in arrays.AGGREGATES:
        return plain_call(receiver, node.name)
    slot = compiler.new_slot()
    inner = scope.within(slot)
    if node.lambda_variable is not None:
        inner = scope.bind(node.lambda_variable, slot)
    element_args = arrays.ELEMENT_ARGUMENTS.get(node.name, 0)
    readers: list[Any] = []
    for index, arg in enumerate(node.args):
        if index < element_args and node.name == "filter":
            readers.append(test_of(compiler, arg, inner))
        else:
            readers.append(reader_of(compiler, arg, inner if index < element_args else scope))
    if node.name == "regexGroup":
        return arrays.regex_group(compiler, node, receiver)
    return arrays.method_reader(node.name, receiver, slot, readers)


_HANDLERS: dict[type, Callable[[Compiler, Any, Scope], Reader]] = {
    Arith: _arith,
    Member: _member,
    Current: _current,
    DateExpr: _date_value,
    IfValue: _if,
    Predicate: _predicate,
    Let: _let,
    Select: select_reader,
    Aggregate: _aggregate,
}
