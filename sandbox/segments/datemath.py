"""Numbers and calendar values PQL computes: arithmetic, `currentYear()` and friends, `date(..)`.

Arithmetic takes numbers only (not booleans): anything else, a null, or a division by zero gives
null, which no comparison accepts. `/` divides exactly (`7 / 2` is 3.5); `%` is the remainder
with the sign of the dividend, as in Java. The `current...()` functions read the evaluation time
in UTC; they change at midnight UTC, which is when an audience using them is looked at again.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any

from sandbox.segments.calendar_ms import DAY, date_ms
from sandbox.segments.syntax import Arith, Current, DateExpr, Literal, Value

_PARTS = {"currentYear": "year", "currentMonth": "month", "currentDayOfMonth": "day"}


def is_number(value: Any) -> bool:
    kind = type(value)
    return kind is int or kind is float


def arithmetic(op: str, left: Any, right: Any) -> Any:
    """`left op right` on two numbers; null otherwise (or on division by zero)."""
    if not (is_number(left) and is_number(right)):
        return None
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if right == 0:
        return None
    if op == "/":
        return left / right
    if type(left) is int and type(right) is int:
        remainder = abs(left) % abs(right)
        return remainder if left >= 0 else -remainder
    return math.fmod(left, right)


def current(name: str, now_ms: int) -> int:
    """`currentYear()`, `currentMonth()`, `currentDayOfMonth()` at `now_ms` (UTC)."""
    moment = datetime.fromtimestamp(now_ms / 1000, UTC)
    return int(getattr(moment, _PARTS[name]))


def next_midnight(now_ms: int) -> int:
    return now_ms // DAY * DAY + DAY


def constant_at(node: Value, now_ms: int) -> Any:
    """The value of a part of `date(..)`: integers, arithmetic and `current...()` only."""
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Current):
        return current(node.name, now_ms)
    if isinstance(node, Arith):
        return arithmetic(node.op, constant_at(node.left, now_ms), constant_at(node.right, now_ms))
    raise TypeError(f"not a computable date part: {node!r}")


def date_expr_ms(node: DateExpr, now_ms: int) -> int | None:
    """The start (UTC midnight) of the day `date(y, m, d)` names at `now_ms`; None when the
    parts are not whole numbers or do not make a calendar day (`date(2026, 2, 30)`)."""
    parts = [constant_at(part, now_ms) for part in (node.year, node.month, node.day)]
    if not all(type(part) is int or (type(part) is float and part.is_integer()) for part in parts):
        return None
    year, month, day = (int(part) for part in parts)
    try:
        date(year, month, day)
    except ValueError:
        return None
    return date_ms(year, month, day)
