"""What compiled PQL runs on: the per-evaluation frame, path readers, and value comparisons.

Compiled conditions are closures `Test = (Frame) -> bool`; values are `Reader = (Frame) -> Any`.
A frame holds the profile, one slot per variable (`E`, `I`, and the implicit element inside
`WHAT(...)`, `.exists(...)` and `[...]`), the evaluation time in milliseconds, how to answer
`inSegment`, and, when a horizon is asked for, the earliest moment an evaluated time window
changes its answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.segments.calendar_ms import INFINITY

Member = Callable[[str], bool]
QUALIFYING = ("realized", "existing")


class Frame:
    """The state of one evaluation of one compiled expression against one profile."""

    __slots__ = ("horizon", "member", "now", "profile", "slots", "tracking")

    def __init__(self, slots: int) -> None:
        self.profile: dict[str, Any] = {}
        self.now = 0
        self.member: Member | None = None
        self.slots: list[Any] = [None] * slots
        self.tracking = False
        self.horizon = INFINITY

    def note(self, moment: int | None) -> None:
        """Remember that some evaluated window changes its answer at `moment`."""
        if moment is not None and moment < self.horizon:
            self.horizon = moment

    def in_segment(self, audience_id: str) -> bool:
        if self.member is not None:
            return self.member(audience_id)
        return membership_status(self.profile, audience_id) in QUALIFYING


Test = Callable[[Frame], bool]
Reader = Callable[[Frame], Any]


def membership_status(profile: dict[str, Any], audience_id: str) -> str | None:
    """`segmentMembership.ups.<id>.status` of a profile, or None."""
    entry = profile.get("segmentMembership", {}).get("ups", {}).get(audience_id)
    return entry.get("status") if isinstance(entry, dict) else None


def descend(value: Any, keys: tuple[str, ...], start: int = 0) -> Any:
    """Follow `keys[start:]` from `value`; through an array, collect from every element."""
    for index in range(start, len(keys)):
        if type(value) is dict:
            value = value.get(keys[index])
        elif type(value) is list:
            return spread(value, keys[index:])
        else:
            return None
    return value


def spread(items: list[Any], keys: tuple[str, ...]) -> list[Any]:
    """`keys` read from every element of `items`, flattened, nulls left out."""
    found: list[Any] = []
    for item in items:
        value = descend(item, keys)
        if value is None:
            continue
        if type(value) is list:
            found.extend(value)
        else:
            found.append(value)
    return found


def path_reader(slot: int | None, keys: tuple[str, ...]) -> Reader:
    """A reader for `keys` from the profile (slot None) or from a variable's slot."""
    if slot is not None:
        return _slot_reader(slot, keys)
    if len(keys) == 1:
        (key,) = keys
        return lambda frame: frame.profile.get(key)
    if len(keys) == 2:
        first, second = keys

        def two(frame: Frame) -> Any:
            value = frame.profile.get(first)
            return value.get(second) if type(value) is dict else descend(value, keys, 1)

        return two
    if len(keys) == 3:
        return _three(keys)
    return lambda frame: descend(frame.profile, keys)


def _three(keys: tuple[str, ...]) -> Reader:
    """`a.b.c` from the profile, with plain dict lookups while the values are objects."""
    first, second, third = keys

    def three(frame: Frame) -> Any:
        value = frame.profile.get(first)
        if type(value) is not dict:
            return descend(value, keys, 1)
        value = value.get(second)
        return value.get(third) if type(value) is dict else descend(value, keys, 2)

    return three


def _slot_reader(slot: int, keys: tuple[str, ...]) -> Reader:
    if not keys:
        return lambda frame: frame.slots[slot]
    if len(keys) == 1:
        (key,) = keys

        def one(frame: Frame) -> Any:
            value = frame.slots[slot]
            return value.get(key) if type(value) is dict else descend(value, keys)

        return one
    return lambda frame: descend(frame.slots[slot], keys)


class Groups(dict[Any, list[Any]]):
    """The result of `.groupBy(..)`: a map whose `.count()` is the number of groups."""


def truthy(value: Any) -> bool:
    """PQL's reading of a value in boolean position: `true`, or present and not `false`
    (not null; an array, or the groups of a `groupBy`: not empty)."""
    if value is None or value is False:
        return False
    if type(value) is list or type(value) is Groups:
        return bool(value)
    return True


def kind_of(value: Any) -> str | None:
    """The comparison family of a value: "number", "string", "boolean", "array", or None."""
    kind = type(value)
    if kind is int or kind is float:
        return "number"
    return {str: "string", bool: "boolean", list: "array"}.get(kind)


def compare(op: str, left: Any, right: Any) -> bool:
    """PQL comparison of two runtime values: false with null or across families."""
    family = kind_of(left)
    if family is None and type(left) is dict and type(right) is dict and op in ("=", "!="):
        return (left is right) == (op == "=")  # `F1 != F2`: another element, even if alike
    if family is None or family != kind_of(right):
        return False
    if op == "=":
        return bool(left == right)
    if op == "!=":
        return bool(left != right)
    if family not in ("number", "string"):
        return False
    return bool(ORDERINGS[op](left, right))


ORDERINGS: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def as_items(value: Any) -> list[Any]:
    """An array as a list; a single value as a one-item list; null as an empty list."""
    if type(value) is list:
        return value
    return [] if value is None else [value]
