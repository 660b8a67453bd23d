"""The PQL syntax tree: frozen dataclasses, each remembering where it was written.

Values (`Value`) produce data from a profile; conditions (`Condition`) produce true or false.
Paths either start at a bound variable (`E.timestamp`) or, when `variable` is None, at the
implicit subject: the profile at the top level, the event inside `WHAT(...)`, the element inside
`.exists(...)` and `[...]` filters.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass

AnchorKind = typing.Literal["now", "today", "yesterday", "tomorrow", "this", "last", "next", "date"]
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


@dataclass(frozen=True)
class Path:
    variable: str | None
    keys: tuple[str, ...]
    pos: Pos

    def dotted(self) -> str:
        return ".".join(((self.variable,) if self.variable else ()) + self.keys)


@dataclass(frozen=True)
class Filtered:
    """`source[condition]`: the elements of an array for which the condition holds."""

    source: Value
    condition: Condition
    pos: Pos


@dataclass(frozen=True)
class Call:
    """A value method with no condition argument: `.count()`, `.distinct()`, `.getYear()`."""

    receiver: Value
    name: str
    pos: Pos


Value = Literal | DateLiteral | ArrayLiteral | Path | Filtered | Call


# -- time ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """A moment or a period: now, today, yesterday, tomorrow, this|last|next <unit>, date(..)."""

    kind: AnchorKind
    unit: str = ""  # for this/last/next
    date: DateLiteral | None = None


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
    """A value used as a condition (`true`, `person.isVip`): holds when the value is `true`."""

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
    """`value in [..]` / `value notIn [..]`."""

    value: Value
    options: ArrayLiteral
    negated: bool
    pos: Pos


@dataclass(frozen=True)
class Method:
    """A predicate method on a value: string tests, `matches`, `like`, null tests, set tests."""

    receiver: Value
    name: str
    args: tuple[Literal | ArrayLiteral | DateLiteral, ...]
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
