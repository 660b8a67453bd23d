"""Array, map and aggregate methods at run time: `.sum(x)`, `.topN(x, n)`, `.filter(..)`,
`.groupBy(..)`, `.get(k)`, `.regexGroup(re, n)`, `select`, `sum X.x over X from ..`.

Decisions where Adobe's pages are silent (README, "PQL"):
- aggregates read numbers only: nulls are skipped; any other value makes the result null;
  `sum` of nothing is 0; `average`, `min`, `max` of nothing are null (no comparison holds);
- `topN(v, n)` keeps the n elements with the highest `v` (Adobe's example: "the top five orders
  with the highest price"), `bottomN` the lowest; elements without a number for `v` are left out;
- `groupBy(x)` is a map from each value of `x` to its elements; `.count()` of it is the number
  of groups; elements with a null `x` are left out;
- `intersection` keeps the receiver's order, without duplicates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sandbox.javaregex import JavaRegexError, compile_java
from sandbox.segments.datemath import is_number
from sandbox.segments.predicates import OptionSet
from sandbox.segments.runtime import Frame, Groups, Reader, Test, as_items, kind_of
from sandbox.segments.syntax import Call, Literal

if TYPE_CHECKING:
    from sandbox.segments.compiler import Compiler

PLAIN = ("head", "keys", "values", "count")
AGGREGATES = ("sum", "average", "min", "max")
ELEMENT_ARGUMENTS = {
    "sum": 1,
    "average": 1,
    "min": 1,
    "max": 1,
    "topN": 1,
    "bottomN": 1,
    "filter": 1,
    "map": 1,
    "groupBy": 1,
}
"""How many leading arguments are read per element (the rest read the enclosing scope)."""


def plain(read: Reader, name: str) -> Reader:
    if name == "count":

        def count(frame: Frame) -> int:
            value = read(frame)
            if type(value) is list:
                return len(value)
            return len(value) if type(value) is Groups else len(as_items(value))

        return count
    if name == "head":
        return lambda frame: next(iter(as_items(read(frame))), None)
    if name == "keys":
        return lambda frame: _map_part(read(frame), dict.keys)
    return lambda frame: _map_part(read(frame), dict.values)


def _map_part(value: Any, part: Callable[[Any], Any]) -> list[Any] | None:
    return list(part(value)) if isinstance(value, dict) else None


def numbers(values: list[Any]) -> list[int | float] | None:
    """The numbers among `values` (nulls skipped); None when another kind of value is there."""
    found: list[int | float] = []
    for value in values:
        if type(value) is list:
            inner = numbers(value)
            if inner is None:
                return None
            found.extend(inner)
        elif is_number(value):
            found.append(value)
        elif value is not None:
            return None
    return found


def summarise(kind: str, values: list[Any]) -> Any:
    """`sum`, `average`, `min`, `max` (and `count`) of the values (see the module docstring)."""
    if kind == "count":
        return len(values)
    found = numbers(values)
    if found is None:
        return None
    if kind == "sum":
        return sum(found)
    if not found:
        return None
    if kind == "average":
        return sum(found) / len(found)
    return min(found) if kind == "min" else max(found)


def _per_element(items: list[Any], slot: int, element: Reader, frame: Frame) -> list[Any]:
    slots, found = frame.slots, []
    for item in items:
        slots[slot] = item
        found.append(element(frame))
    return found


def selecting(source: Reader, slot: int, tests: list[Test]) -> Reader:
    """The elements of `source` for which every test holds (the element in `slot`)."""

    def read(frame: Frame) -> list[Any]:
        slots, kept = frame.slots, []
        for item in as_items(source(frame)):
            slots[slot] = item
            if all(test(frame) for test in tests):
                kept.append(item)
        return kept

    return read


def aggregate_reader(kind: str, selected: Reader, slot: int, element: Reader) -> Reader:
    """`sum X.path over X from ...`: the aggregate of `element` over the selected elements."""
    return lambda frame: summarise(kind, _per_element(selected(frame), slot, element, frame))


def method_reader(name: str, receiver: Reader, slot: int, args: list[Any]) -> Reader:
    """A value method with arguments (the first ELEMENT_ARGUMENTS[name] read per element)."""
    if name in AGGREGATES:
        if not args:
            return lambda frame: summarise(name, as_items(receiver(frame)))
        element = args[0]
        return lambda frame: summarise(
            name, _per_element(as_items(receiver(frame)), slot, element, frame)
        )
    return _BUILDERS[name](receiver, slot, args)


def _ranked(descending: bool) -> Callable[[Reader, int, list[Any]], Reader]:
    def build(receiver: Reader, slot: int, args: list[Any]) -> Reader:
        key, amount = args

        def read(frame: Frame) -> list[Any] | None:
            count = amount(frame)
            if type(count) is not int or count < 0:
                return None
            items = as_items(receiver(frame))
            ranked = [
                (value, index, item)
                for index, (value, item) in enumerate(
                    zip(_per_element(items, slot, key, frame), items, strict=True)
                )
                if is_number(value)
            ]
            ranked.sort(key=lambda entry: (-entry[0] if descending else entry[0], entry[1]))
            return [item for _, _, item in ranked[:count]]

        return read

    return build


def _filter(receiver: Reader, slot: int, args: list[Any]) -> Reader:
    (test,) = args
    return selecting(receiver, slot, [test])


def _map(receiver: Reader, slot: int, args: list[Any]) -> Reader:
    (element,) = args

    def read(frame: Frame) -> list[Any]:
        found = _per_element(as_items(receiver(frame)), slot, element, frame)
        return [value for value in found if value is not None]

    return read


def _group_by(receiver: Reader, slot: int, args: list[Any]) -> Reader:
    (key,) = args

    def read(frame: Frame) -> Groups:
        items = as_items(receiver(frame))
        groups = Groups()
        for value, item in zip(_per_element(items, slot, key, frame), items, strict=True):
            if kind_of(value) in ("string", "number", "boolean"):
                groups.setdefault(value, []).append(item)
        return groups

    return read


def _intersection(receiver: Reader, slot: int, args: list[Any]) -> Reader:
    (other,) = args

    def read(frame: Frame) -> list[Any] | None:
        theirs = other(frame)
        if theirs is None:
            return None
        options, seen = OptionSet(as_items(theirs)), OptionSet(())
        kept = []
        for item in as_items(receiver(frame)):
            if item in options and item not in seen:
                kept.append(item)
                seen = OptionSet([*kept])
        return kept

    return read


def _get(receiver: Reader, slot: int, args: list[Any]) -> Reader:
    (key,) = args

    def read(frame: Frame) -> Any:
        value, wanted = receiver(frame), key(frame)
        if not isinstance(value, dict) or kind_of(wanted) not in ("string", "number", "boolean"):
            return None
        return value.get(wanted)

    return read


_BUILDERS: dict[str, Callable[[Reader, int, list[Any]], Reader]] = {
    "topN": _ranked(True),
    "bottomN": _ranked(False),
    "filter": _filter,
    "map": _map,
    "groupBy": _group_by,
    "intersection": _intersection,
    "get": _get,
}


def regex_group(compiler: Compiler, node: Call, receiver: Reader) -> Reader:
    """`.regexGroup("@(\\w+)", 1)`: group n of the first match anywhere; null when none."""
    pattern, group = node.args
    if not (isinstance(pattern, Literal) and type(pattern.value) is str):
        raise compiler.error(node.pos, "`.regexGroup(...)` takes a regular expression in quotes")
    if not (isinstance(group, Literal) and type(group.value) is int and group.value >= 0):
        raise compiler.error(group.pos, "the group of `.regexGroup(re, n)` is a whole number")
    try:
        regex = compile_java(pattern.value)
    except JavaRegexError as error:
        raise compiler.error(
            pattern.pos, f"this regular expression cannot be used: {error}"
        ) from None
    number = group.value
    if number > regex.groups:
        raise compiler.error(
            group.pos, f"the regular expression has {regex.groups} group(s), not {number}"
        )

    def read(frame: Frame) -> str | None:
        value = receiver(frame)
        if type(value) is not str:
            return None
        match = regex.search(value)
        return None if match is None else match.group(number)

    return read
