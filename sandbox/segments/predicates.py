"""Compiled predicate methods: string tests, `like`, `.matches`, null tests and set tests."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from sandbox.segments.runtime import Frame, Reader, Test, as_items, kind_of

_STRING_TESTS: dict[str, tuple[Callable[[str, str], bool], bool]] = {
    "startsWith": (str.startswith, False),
    "endsWith": (str.endswith, False),
    "contains": (str.__contains__, False),
    "equals": (str.__eq__, False),
    "doesNotStartWith": (str.startswith, True),
    "doesNotEndWith": (str.endswith, True),
    "doesNotContain": (str.__contains__, True),
    "notEqualTo": (str.__eq__, True),
}


def string_test(read: Reader, name: str, text: str, case_sensitive: bool) -> Test:
    """`.startsWith(text[, caseSensitive])` and its siblings; a non-string receiver is false."""
    function, negated = _STRING_TESTS[name]
    if case_sensitive:

        def exact(frame: Frame) -> bool:
            value = read(frame)
            return type(value) is str and function(value, text) != negated

        return exact
    folded = text.lower()

    def folding(frame: Frame) -> bool:
        value = read(frame)
        return type(value) is str and function(value.lower(), folded) != negated

    return folding


def like_pattern(pattern: str) -> re.Pattern[str]:
    """SQL `like`: `%` is any run of characters, `_` exactly one; `\\%` and `\\_` are literal."""
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern) and pattern[index + 1] in "%_\\":
            parts.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        parts.append({"%": ".*", "_": "."}.get(char) or re.escape(char))
        index += 1
    return re.compile("".join(parts), re.DOTALL)


def regex_test(read: Reader, pattern: re.Pattern[str], whole: bool) -> Test:
    """A string receiver matched by `pattern` (anywhere, or `whole` for `like`)."""
    match = pattern.fullmatch if whole else pattern.search

    def test(frame: Frame) -> bool:
        value = read(frame)
        return type(value) is str and match(value) is not None

    return test


def null_test(read: Reader, is_null: bool) -> Test:
    if is_null:
        return lambda frame: read(frame) is None
    return lambda frame: read(frame) is not None


class OptionSet:
    """Literal options grouped by family, so `true` never equals `1` and `1` equals `1.0`."""

    def __init__(self, values: Iterable[Any]) -> None:
        self.by_kind: dict[str, set[Any]] = {"string": set(), "number": set(), "boolean": set()}
        for value in values:
            kind = kind_of(value)
            if kind in self.by_kind:
                self.by_kind[kind].add(value)
        self.strings = self.by_kind["string"]
        self.numbers = self.by_kind["number"]
        self.booleans = self.by_kind["boolean"]

    def __contains__(self, value: Any) -> bool:
        kind = type(value)
        if kind is str:
            return value in self.strings
        if kind is int or kind is float:
            return value in self.numbers
        if kind is bool:
            return value in self.booleans
        return False

    def __len__(self) -> int:
        return sum(len(values) for values in self.by_kind.values())


def membership_test(read: Reader, options: OptionSet, negated: bool) -> Test:
    """`in [..]`; `notIn [..]` also requires a non-null scalar."""
    if not negated:
        return lambda frame: read(frame) in options

    def not_in(frame: Frame) -> bool:
        value = read(frame)
        return kind_of(value) in ("string", "number", "boolean") and value not in options

    return not_in


def set_test(read: Reader, name: str, argument: list[Any]) -> Test:
    """`.intersects([..])`, `.subsetOf([..])`, `.supersetOf([..])`, `.includes(x)`; null: false."""
    options = OptionSet(argument)

    def intersects(items: list[Any]) -> bool:
        return any(item in options for item in items)

    def subset_of(items: list[Any]) -> bool:
        return all(item in options for item in items)

    def superset_of(items: list[Any]) -> bool:
        present = OptionSet(items)
        return all(option in present for option in argument)

    check = {
        "intersects": intersects,
        "subsetOf": subset_of,
        "supersetOf": superset_of,
        "includes": intersects,
    }[name]

    def test(frame: Frame) -> bool:
        value = read(frame)
        return value is not None and check(as_items(value))

    return test


def dynamic_membership(read: Reader, options: Reader, negated: bool) -> Test:
    """`value in <array expression>` (`"London" in person.visitedCities`); null: false."""

    def test(frame: Frame) -> bool:
        value, items = read(frame), options(frame)
        if kind_of(value) not in ("string", "number", "boolean") or items is None:
            return False
        found = value in OptionSet(as_items(items))
        return found != negated

    return test


def any_text_test(read: Reader, name: str, args: list[Any]) -> Test:
    """`.equals("a", "b"[, caseSensitive])`: equal to any of them (`notEqualTo`: to none)."""
    case_sensitive = args[-1] if type(args[-1]) is bool else True
    texts = [arg for arg in args if type(arg) is str]
    if not case_sensitive:
        texts = [text.lower() for text in texts]
    wanted = frozenset(texts)
    negated = name == "notEqualTo"

    def test(frame: Frame) -> bool:
        value = read(frame)
        if type(value) is not str:
            return False
        return ((value if case_sensitive else value.lower()) in wanted) != negated

    return test


def dynamic_test(read: Reader, name: str, args: list[Reader]) -> Test:
    """A predicate method whose arguments are read from the profile (`a.subsetOf(b)`,
    `name.startsWith(person.prefix)`); false when an argument is null or of the wrong type.
    (`matches` and `like` take literal patterns only: the parser sees to it.)"""
    if name in _STRING_TESTS:
        return _dynamic_text(read, name, args)
    reader = args[0]

    def test(frame: Frame) -> bool:
        argument = reader(frame)
        if argument is None:
            return False
        return set_test(read, name, as_items(argument))(frame)

    return test


def _dynamic_text(read: Reader, name: str, args: list[Reader]) -> Test:
    function, negated = _STRING_TESTS[name]
    text_of, flag_of = args[0], (args[1] if len(args) > 1 else None)

    def test(frame: Frame) -> bool:
        value, text = read(frame), text_of(frame)
        if type(value) is not str or type(text) is not str:
            return False
        if flag_of is not None and flag_of(frame) is False:
            value, text = value.lower(), text.lower()
        return function(value, text) != negated

    return test
