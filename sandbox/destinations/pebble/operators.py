"""Pebble's operators (`OperatorUtils`, the `*Expression` nodes): Java arithmetic with Integer
and Long wrap-around, `+` string concatenation and in-place list append, numbers-only
comparisons, `==` on numbers as doubles, `contains`, `~`, and the truthiness rules of `if`,
`not`, `and`/`or` and `?:`.

Every function here is registered as a Jinja2 filter and called as `f(rt, left, right, loc)`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from sandbox.destinations.pebble.equality import collection_contains, java_equals, map_lookup
from sandbox.destinations.pebble.errors import PebbleFailure
from sandbox.destinations.pebble.javatext import to_java_string
from sandbox.destinations.pebble.javatypes import (
    JCollection,
    JLong,
    JStringArray,
    SafeString,
    is_long,
    is_number,
    simple_class_name,
    wrap_int,
    wrap_long,
)
from sandbox.destinations.pebble.runstate import RenderState


def _arithmetic(operation: str, left: Any, right: Any, loc: int, verb: str) -> Any:
    if not (is_number(left) and is_number(right)):
        raise PebbleFailure(
            f"Could not perform {verb} (invalid operands for mathematical operation"
            f" [{operation}]: {_describe(left)} and {_describe(right)})",
            loc,
        )
    if type(left) is float or type(right) is float:
        return _double_operation(operation, float(left), float(right))
    if is_long(left) or is_long(right):
        return wrap_long(_integer_operation(operation, int(left), int(right), loc, verb))
    result = _integer_operation(operation, wrap_int(int(left)), wrap_int(int(right)), loc, verb)
    return JLong(wrap_int(result))


def _describe(value: Any) -> str:
    return "null" if value is None else simple_class_name(value)


def _integer_operation(operation: str, left: int, right: int, loc: int, verb: str) -> int:
    if operation == "ADD":
        return left + right
    if operation == "SUBTRACT":
        return left - right
    if operation == "MULTIPLICATION":
        return left * right
    if right == 0:
        raise PebbleFailure(f"Could not perform {verb} (ArithmeticException: / by zero)", loc)
    quotient = abs(left) // abs(right) * (1 if (left >= 0) == (right >= 0) else -1)
    return quotient if operation == "DIVISION" else left - quotient * right


def _double_operation(operation: str, left: float, right: float) -> float:
    if operation == "ADD":
        return left + right
    if operation == "SUBTRACT":
        return left - right
    if operation == "MULTIPLICATION":
        return left * right
    if operation == "DIVISION":
        if right == 0:
            if left == 0 or math.isnan(left):
                return math.nan
            return math.copysign(math.inf, left) * math.copysign(1.0, right)
        return left / right
    if right == 0 or math.isinf(left):
        return math.nan
    return math.fmod(left, right)


def add(rt: RenderState, left: Any, right: Any, loc: int) -> Any:
    if (
        type(left) is str
        or type(right) is str
        or isinstance(left, SafeString)
        or isinstance(right, SafeString)
    ):
        return _joined(rt, to_java_string(left), to_java_string(right), loc)
    if type(left) is list:
        if isinstance(right, list):
            rt.check_length(len(left) + len(right), loc)
            left.extend(right)
        else:
            left.append(right)
        return left
    return _arithmetic("ADD", left, right, loc, "addition")


def subtract(rt: RenderState, left: Any, right: Any, loc: int) -> Any:
    if type(left) is list:
        if isinstance(right, list):
            left[:] = [item for item in left if not collection_contains(right, item)]
        else:
            for index, item in enumerate(left):
                if java_equals(right, item):
                    del left[index]
                    break
        return left
    return _arithmetic("SUBTRACT", left, right, loc, "subtraction")


def multiply(rt: RenderState, left: Any, right: Any, loc: int) -> Any:
    return _arithmetic("MULTIPLICATION", left, right, loc, "multiplication")


def divide(rt: RenderState, left: Any, right: Any, loc: int) -> Any:
    return _arithmetic("DIVISION", left, right, loc, "division")


def modulus(rt: RenderState, left: Any, right: Any, loc: int) -> Any:
    return _arithmetic("MODULUS", left, right, loc, "greater modulus")


def negate(rt: RenderState, value: Any, loc: int) -> Any:
    return _arithmetic("MULTIPLICATION", -1, value, loc, "unary minus")


def unary_plus(rt: RenderState, value: Any, loc: int) -> Any:
    return _arithmetic("MULTIPLICATION", 1, value, loc, "unary plus")


def concat(rt: RenderState, left: Any, right: Any, loc: int) -> str:
    first = "" if left is None else to_java_string(left)
    return _joined(rt, first, "" if right is None else to_java_string(right), loc)


def _joined(rt: RenderState, first: str, second: str, loc: int) -> str:
    """Two strings concatenated, refused before allocation when the result is too long."""
    rt.check_room(len(first) + len(second), loc)
    return first + second


def equals(rt: RenderState, left: Any, right: Any, loc: int) -> bool:
    if type(left) is str:
        return type(right) is str and left == right
    if is_number(left) and is_number(right):
        return float(left) == float(right)
    return java_equals(left, right)


def not_equals(rt: RenderState, left: Any, right: Any, loc: int) -> bool:
    return not equals(rt, left, right, loc)


_COMPARISON_VERBS = {
    "gt": "greater than comparison",
    "ge": "greater than or equals comparison",
    "lt": "greater modulus",
    "le": "less than or equals comparison",
}


def _comparison(kind: str, left: Any, right: Any, loc: int) -> tuple[float, float] | None:
    if left is None or right is None:
        return None
    if not (is_number(left) and is_number(right)):
        raise PebbleFailure(
            f"Could not perform {_COMPARISON_VERBS[kind]} (invalid operands for mathematical"
            f" comparison: {_describe(left)} and {_describe(right)})",
            loc,
        )
    return float(left), float(right)


def greater(rt: RenderState, left: Any, right: Any, loc: int) -> bool:
    pair = _comparison("gt", left, right, loc)
    return pair is not None and pair[0] > pair[1]


def greater_equal(rt: RenderState, left: Any, right: Any, loc: int) -> bool:
    pair = _comparison("ge", left, right, loc)
    return pair is not None and pair[0] >= pair[1]


def less(rt: RenderState, left: Any, right: Any, loc: int) -> bool:
    pair = _comparison("lt", left, right, loc)
    return pair is not None and pair[0] < pair[1]


def less_equal(rt: RenderState, left: Any, right: Any, loc: int) -> bool:
    pair = _comparison("le", left, right, loc)
    return pair is not None and pair[0] <= pair[1]


def contains(rt: RenderState, left: Any, right: Any, loc: int) -> bool:
    if left is None:
        return False
    if isinstance(left, list | JStringArray | JCollection):
        if isinstance(right, list):
            return all(collection_contains(left, item) for item in right)
        return collection_contains(left, right)
    if isinstance(left, dict):
        return map_lookup(left, right)[0]
    if type(left) is str:
        return to_java_string(right) in left
    raise PebbleFailure(
        "Contains operator can only be used on Collections, Maps and arrays. Actual type was: "
        + simple_class_name(left),
        loc,
    )


def _as_boolean(value: Any) -> bool | None:
    """`TypeUtils.compatibleCast(value, Boolean.class)` for the three allowed kinds."""
    kind = type(value)
    if kind is bool:
        return bool(value)
    if kind is str:
        return bool(value != "")
    if is_number(value):
        return bool(float(value) != 0.0)
    return None


_CONDITION = (
    "Wrong operand(s) type in conditional expression (Unsupported value type {kind}. Expected"
    ' Boolean, String, Number in "if" statement; use `is empty` / `is not empty` for lists and'
    " maps)"
)
_LOGICAL = (
    "class {kind} cannot be cast to class Boolean (operand of and/or; use `is empty` /"
    " `is not empty` for lists and maps)"
)
_TERNARY = (
    "class {kind} cannot be cast to class Boolean (condition of ?:; use `is empty` /"
    " `is not empty` for lists and maps)"
)
_NOT = (
    'Unsupported value type {kind}. Expected Boolean, String, Number in "if" statement'
    " (`not` binds tightest: write `not (a == b)` and `x is not empty`)"
)


def _truth(value: Any, loc: int, complaint: str) -> bool:
    """Pebble's truth of a non-null value, or the error Pebble raises for a List or Map."""
    result = _as_boolean(value)
    if result is None:
        raise PebbleFailure(complaint.format(kind=simple_class_name(value)), loc)
    return result


def condition(rt: RenderState, value: Any, loc: int) -> bool:
    """The test of `if`/`elseif`: Boolean, Number or String only; null is false."""
    return value is not None and _truth(value, loc, _CONDITION)


def logical_operand(rt: RenderState, value: Any, loc: int) -> bool:
    """An operand of `and`/`or`: null is false, a List or Map is a ClassCastException."""
    return value is not None and _truth(value, loc, _LOGICAL)


def ternary_test(rt: RenderState, value: Any, loc: int) -> bool:
    """The test of `c ? a : b`: null picks `b`; a List or Map is a ClassCastException."""
    return value is not None and _truth(value, loc, _TERNARY)


def logical_not(rt: RenderState, value: Any, loc: int) -> bool:
    """`not x`: binds tighter than any binary operator; null gives true."""
    return value is None or not _truth(value, loc, _NOT)


OPERATOR_FILTERS: dict[str, Callable[..., Any]] = {
    "pb_add": add,
    "pb_sub": subtract,
    "pb_mul": multiply,
    "pb_div": divide,
    "pb_mod": modulus,
    "pb_neg": negate,
    "pb_pos": unary_plus,
    "pb_concat": concat,
    "pb_eq": equals,
    "pb_ne": not_equals,
    "pb_gt": greater,
    "pb_ge": greater_equal,
    "pb_lt": less,
    "pb_le": less_equal,
    "pb_contains": contains,
    "pb_cond": condition,
    "pb_logic": logical_operand,
    "pb_ternary": ternary_test,
    "pb_not": logical_not,
}
