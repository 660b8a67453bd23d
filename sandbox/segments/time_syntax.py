"""Parsing what follows `occurs` and what goes inside `WHEN(...)`: amounts, units, anchors."""

from __future__ import annotations

import calendar
from typing import TYPE_CHECKING, cast

from sandbox.segments.cursor import TokenCursor, describe
from sandbox.segments.syntax import (
    Anchor,
    AnchorKind,
    Arith,
    Current,
    DateExpr,
    DateLiteral,
    Literal,
    TimeSpec,
)

if TYPE_CHECKING:
    from sandbox.segments.expressions import ExpressionParser

UNITS: dict[str, str] = {
    "millisecond": "millisecond",
    "milliseconds": "millisecond",
    "second": "second",
    "seconds": "second",
    "minute": "minute",
    "minutes": "minute",
    "hour": "hour",
    "hours": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
    "decade": "decade",
    "decades": "decade",
    "century": "century",
    "centuries": "century",
    "millennium": "millennium",
    "millennia": "millennium",
}
"""Every unit word PQL accepts, singular or plural, to its singular."""

COMPARISONS = ("<=", ">=", "!=", "<", ">", "=")
DIRECTIONS = ("before", "after", "from")
_DAYS = ("now", "today", "yesterday", "tomorrow")
_RELATIVE = ("this", "last", "next")
_ALLOWED_TIME = (
    "`<= 3 hours before now`, `today`, `yesterday`, `last week`, `on date(2026, 1, 31)`, "
    "`between date(..) and date(..)`, `before today`, `after Y.timestamp`"
)


def parse_time_spec(cursor: TokenCursor) -> TimeSpec:
    """One time constraint; the cursor stands just after `occurs` or `WHEN(`."""
    if cursor.at_punct(*COMPARISONS):
        return _relative(cursor)
    if cursor.accept_word("between"):
        start = parse_anchor(cursor)
        cursor.expect_word("and", "between the two times of `between`")
        return TimeSpec("between", start, end=parse_anchor(cursor))
    for form in ("before", "after", "from"):
        if cursor.accept_word(form):
            return TimeSpec(form, parse_anchor(cursor))
    cursor.accept_word("on")
    if cursor.current.kind == "number":
        raise cursor.error(
            "a time amount needs a comparison first, e.g. `<= 3 days before now` "
            "or `= 3 days before now`"
        )
    return TimeSpec("on", parse_anchor(cursor))


def _relative(cursor: TokenCursor) -> TimeSpec:
    comparison = cursor.advance().text
    amount = cursor.expect_integer("an amount of time")
    unit = parse_unit(cursor)
    if not cursor.at_word(*DIRECTIONS):
        raise cursor.error(
            f"expected `before`, `after` or `from`, found {describe(cursor.current)}"
        )
    direction = cursor.advance().text
    anchor = parse_anchor(cursor) if _at_anchor(cursor) else Anchor("now")
    return TimeSpec("relative", anchor, comparison, amount, unit, direction)


def parse_unit(cursor: TokenCursor) -> str:
    token = cursor.current
    if token.kind != "ident" or token.text not in UNITS:
        raise cursor.error(
            f"expected a unit of time (millisecond, second, minute, hour, day, week, month, year, "
            f"decade, century, millennium; singular or plural), found {describe(token)}"
        )
    cursor.advance()
    return UNITS[token.text]


def _at_anchor(cursor: TokenCursor) -> bool:
    return cursor.at_word(*_DAYS, *_RELATIVE, "date") or _at_attribute(cursor)


def _at_attribute(cursor: TokenCursor) -> bool:
    """A timestamp attribute as the anchor (`after Y.timestamp`): a name that is a path."""
    token = cursor.current
    return (
        hasattr(cursor, "operand")
        and token.kind == "ident"
        and token.text.lower() not in _NOT_PATHS
        and cursor.peek().text != "("
    )


_NOT_PATHS = ("and", "or", "not", "in", "where", "true", "false", "null", *_DAYS, *_RELATIVE)


def parse_anchor(cursor: TokenCursor) -> Anchor:
    """`now`, `today`, `yesterday`, `tomorrow`, `this|last|next <unit>` or `date(y, m, d)`."""
    token = cursor.current
    if cursor.at_word(*_DAYS):
        cursor.advance()
        return Anchor(cast(AnchorKind, token.text))
    if cursor.at_word(*_RELATIVE):
        cursor.advance()
        return Anchor(cast(AnchorKind, token.text), unit=parse_unit(cursor))
    if cursor.at_word("date"):
        values = cursor if hasattr(cursor, "additive") else None
        return Anchor("date", date=parse_date(cursor, values))  # type: ignore[arg-type]
    if _at_attribute(cursor):
        value = cursor.operand()  # type: ignore[attr-defined]
        return Anchor("value", value=value)
    raise cursor.error(f"expected a time such as {_ALLOWED_TIME}; found {describe(token)}")


def parse_date(
    cursor: TokenCursor, values: ExpressionParser | None = None
) -> DateLiteral | DateExpr:
    """`date(year, month, day)`, checked to be a real calendar day; with `values`, parts may be
    computed from numbers and `currentYear()` / `currentMonth()` / `currentDayOfMonth()`."""
    if values is not None and not _constant_date(cursor):
        return _date_expr(values)
    start = cursor.advance()
    cursor.expect_punct("(", "after `date`")
    parts = [cursor.expect_integer("the year")]
    for what in ("the month", "the day"):
        cursor.expect_punct(",", "between the parts of `date(year, month, day)`")
        parts.append(cursor.expect_integer(what))
    cursor.expect_punct(")", "to close `date(year, month, day)`")
    year, month, day = parts
    if not _is_calendar_day(year, month, day):
        raise cursor.error(f"date({year}, {month}, {day}) is not a calendar day", start)
    return DateLiteral(year, month, day, cursor.pos(start))


def _is_calendar_day(year: int, month: int, day: int) -> bool:
    return (
        1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
    )


def _constant_date(cursor: TokenCursor) -> bool:
    """Whether `date(` is followed by three integers only."""
    kinds = [cursor.peek(ahead) for ahead in range(2, 8)]
    return [token.kind for token in kinds[0::2]] == ["number"] * 3 and [
        token.text for token in kinds[1::2]
    ] == [",", ",", ")"]


def _date_expr(values: ExpressionParser) -> DateExpr:
    start = values.advance()
    values.expect_punct("(", "after `date`")
    parts = []
    for index, what in enumerate(("the year", "the month", "the day")):
        if index:
            values.expect_punct(",", "between the parts of `date(year, month, day)`")
        token = values.current
        part = values.value(f"as {what} of date(...)")
        if not _computable(part):
            raise values.error(
                f"{what} of date(...) must be a whole number, or computed from numbers and "
                "currentYear(), currentMonth(), currentDayOfMonth() (e.g. currentYear() - 1)",
                token,
            )
        parts.append(part)
    values.expect_punct(")", "to close `date(year, month, day)`")
    year, month, day = parts
    return DateExpr(year, month, day, values.pos(start))


def _computable(node: object) -> bool:
    if isinstance(node, Literal):
        return type(node.value) is int
    if isinstance(node, Arith):
        return _computable(node.left) and _computable(node.right)
    return isinstance(node, Current)
