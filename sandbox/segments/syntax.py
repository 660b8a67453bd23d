"""The PQL syntax tree: frozen dataclasses, each remembering where it was written.

Values (`Value`) produce data from a profile; conditions (`Condition`) produce true or false.
Paths either start at a bound variable (`E.timestamp`) or, when `variable` is None, at the
implicit subject: the profile at the top level, the event inside `WHAT(...)`, the element inside
`.exists(...)` and `[...]` filters.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import TypeGuard

AnchorKind = typing.Literal[
    "now", "today", "yesterday", "tomorrow", "this", "last", "next", "date", "value"
]
CompareOp = typing.Literal["=", "!=", "<", "<=", ">", ">="]
Quantifier = typing.Literal["exists", "forall"]


@dataclass(frozen=True)
class Pos:
    line: int
    column: int
    width: int = 1


# -- values ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Literal:
    value: str | int | float | bool
    pos: Pos


@dataclass(frozen=True)
class DateLiteral:
    year: int
    month: int
    day: int
    pos: Pos


@dataclass(frozen=True)
class ArrayLiteral:
    items: tuple[Literal | DateLiteral, ...]
    pos: Pos


PROFILE = "$"
"""The variable of a path that starts at the profile whatever the scope (`$1.x`, `Profile.x`)."""


@dataclass(frozen=True)
class Path:
    """`variable` None: the implicit subject; `"^"`, `"^^"`: enclosing elements; PROFILE."""

    variable: str | None
    keys: tuple[str, ...]
    pos: Pos

    def dotted(self) -> str:
        named = self.variable not in (None, PROFILE)
        return ".".join(((self.variable or "",) if named else ()) + self.keys)


@dataclass(frozen=True)
class Filtered:
    """`source[condition]`: the elements of an array for which the condition holds."""

    source: Value
    condition: Condition
    pos: Pos


@dataclass(frozen=True)
class Call:
    """A value method: `.count()`, `.sum(price)`, `.topN(price, 5)`, `.get("k")`, `.getYear()`.

    Arguments are expressions; which of them read each element (`price`) and which read the
    enclosing scope (`5`, `"k"`) is the method's business (`arrays.ELEMENT_ARGUMENTS`). A lambda
    argument `e => e.price` names the element `lambda_variable`.
    """

    receiver: Value
    name: str
    pos: Pos
    args: tuple[Expr, ...] = ()
    lambda_variable: str | None = None


@dataclass(frozen=True)
class Member:
    """`(select X from ..).a.b`, `orders.topN(price, 1).head().price`: fields of a computed value."""

    source: Value
    keys: tuple[str, ...]
    pos: Pos


@dataclass(frozen=True)
class Arith:
    """`left op right` for `+ - * / %`."""

    op: str
    left: Value
    right: Value
    pos: Pos


@dataclass(frozen=True)
class Current:
    """`currentMonth()`, `currentYear()`, `currentDayOfMonth()`: the calendar at `now` (UTC)."""

    name: str
    pos: Pos


@dataclass(frozen=True)
class DateExpr:
    """`date(y, m, d)` whose parts are computed (`date(currentYear() - 1, 10, 1)`)."""

    year: Value
    month: Value
    day: Value
    pos: Pos


@dataclass(frozen=True)
class IfValue:
    """`if(test, a, b)`."""

    test: Condition
    then: Value
    other: Value
    pos: Pos


@dataclass(frozen=True)
class Select:
    """`select X from a where c, Y from X.b where d`: the elements X that satisfy (with some Y)."""

    bindings: tuple[Binding, ...]
    pos: Pos


@dataclass(frozen=True)
class Aggregate:
    """`sum X.price over X from a where c` (also average, min, max, count)."""

    kind: str
    value: Value
    bindings: tuple[Binding, ...]
    pos: Pos


@dataclass(frozen=True)
class Let:
    """`let S = (value) in (body)`."""

    variable: str
    value: Expr
    body: Expr
    pos: Pos


@dataclass(frozen=True)
class Predicate:
    """A condition used as a value (`true` or `false`)."""

    condition: Condition
    pos: Pos


Value = (
    Literal
    | DateLiteral
    | ArrayLiteral
    | Path
    | Filtered
    | Call
    | Member
    | Arith
    | Current
    | DateExpr
    | IfValue
    | Select
    | Aggregate
    | Let
    | Predicate
)


# -- time ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """A moment or a period: now, today, yesterday, tomorrow, this|last|next <unit>, date(..)."""

    kind: AnchorKind
    # | "value": a timestamp attribute (`X.timestamp occurs < 2 weeks after Y.timestamp`)
    unit: str = ""  # for this/last/next
    date: DateLiteral | DateExpr | None = None
    value: Value | None = None


@dataclass(frozen=True)
class TimeSpec:
    """What `occurs` and `WHEN(...)` say about a timestamp.

    form "relative": `<comparison> <amount> <unit> <direction> <anchor>`;
    form "on" | "before" | "after" | "from": `<form> <anchor>`;
    form "between": `between <anchor> and <end>`.
    """

    form: str
    anchor: Anchor
    comparison: str = ""
    amount: int = 0
    unit: str = ""
    direction: str = ""
    end: Anchor | None = None


# -- conditions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class And:
    items: tuple[Condition, ...]
    pos: Pos


@dataclass(frozen=True)
class Or:
    items: tuple[Condition, ...]
    pos: Pos


@dataclass(frozen=True)
class Not:
    item: Condition
    pos: Pos


@dataclass(frozen=True)
class Truth:
    """A value used as a condition: holds when the value is `true`, or present and not `false`
    (not null; an array: not empty)."""

    value: Value
    pos: Pos


@dataclass(frozen=True)
class Compare:
    op: CompareOp
    left: Value
    right: Value
    pos: Pos


@dataclass(frozen=True)
class Membership:
    """`value in [..]` / `value notIn [..]` (or any array-valued expression on the right)."""

    value: Value
    options: Value
    negated: bool
    pos: Pos


@dataclass(frozen=True)
class Method:
    """A predicate method on a value: string tests, `matches`, `like`, null tests, set tests."""

    receiver: Value
    name: str
    args: tuple[Value, ...]
    pos: Pos


@dataclass(frozen=True)
class AnyElement:
    """`array.exists(condition)`: the condition reads each element implicitly."""

    source: Value
    condition: Condition
    pos: Pos


@dataclass(frozen=True)
class Binding:
    variable: str
    source: Value
    condition: Condition | None
    pos: Pos


@dataclass(frozen=True)
class Quantified:
    """`exists|forall X from array where cond, Y from X.items where cond`."""

    kind: Quantifier
    bindings: tuple[Binding, ...]
    pos: Pos


@dataclass(frozen=True)
class Occurs:
    subject: Value
    spec: TimeSpec
    pos: Pos


@dataclass(frozen=True)
class Step:
    label: str
    what: Condition
    when: TimeSpec | None
    pos: Pos
    count: int = 1
    """`COUNT(n)`: the step needs at least n matching events (it ends at the n-th)."""


@dataclass(frozen=True)
class Chain:
    """`CHAIN(xEvent, timestamp, [C0: WHAT(..) WHEN(..), ...])`: steps in strict time order."""

    source: Value
    timestamp: tuple[str, ...]
    steps: tuple[Step, ...]
    pos: Pos


@dataclass(frozen=True)
class InSegment:
    audience_id: str
    pos: Pos


Condition = (
    And
    | Or
    | Not
    | Truth
    | Compare
    | Membership
    | Method
    | AnyElement
    | Quantified
    | Occurs
    | Chain
    | InSegment
)

Expr = Value | Condition


def is_value(node: object) -> TypeGuard[Value]:
    """Whether a node is a value (else it is a condition)."""
    return isinstance(node, _VALUE_TYPES)


_VALUE_TYPES: tuple[type, ...] = Value.__args__
