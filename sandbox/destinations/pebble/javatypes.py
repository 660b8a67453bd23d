"""The Java value types a Pebble template sees, modelled in Python.

Profile data arrives as JSON (dict, list, str, int, float, bool, None) and is read the way Jackson
hands it to Pebble: dict = `LinkedHashMap`, list = `ArrayList`, a plain `int` in the 32-bit range =
`Integer`, str = `String`. What JSON cannot say is modelled here:

* `JLong`: a `java.lang.Long` (template literals like `42`, every integer arithmetic result, JSON
  integers beyond 32 bits). Integer and Long differ in `equals`, `contains` and method matching.
* `JChar`: a `java.lang.Character` (from `first`/`last` on a String) — prints like a one-letter
  string but is not a String (`'a' == ('abc' | first)` is false).
* `JEntry`: a `Map.Entry`, the loop variable when a `for` iterates a map.
* `JStringArray`: the `String[]` that `split` returns (prints as `[Ljava.lang.String;@hash`).
* `SafeString`: Pebble's marker for text the escaper must not touch (`raw`, `escape`, `date`).
* `LoopVariables`: the `loop` object of a `for`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


class JLong(int):
    """A `java.lang.Long`; arithmetic on it is done by the operator module, never by Python."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"JLong({int(self)})"


INT_MIN, INT_MAX = -(2**31), 2**31 - 1
LONG_MAX = 2**63 - 1


def wrap_int(value: int) -> int:
    """Java `int` overflow: keep the low 32 bits, signed."""
    value &= 0xFFFFFFFF
    return value - 2**32 if value > INT_MAX else value


def wrap_long(value: int) -> JLong:
    """Java `long` overflow: keep the low 64 bits, signed."""
    value &= 0xFFFFFFFFFFFFFFFF
    return JLong(value - 2**64 if value > LONG_MAX else value)


def is_long(value: object) -> bool:
    """A Long: a JLong, or a plain int too large for an Integer (Jackson picks Long for those)."""
    return type(value) is JLong or (type(value) is int and not INT_MIN <= value <= INT_MAX)


def is_number(value: object) -> bool:
    """`instanceof Number` (a Java Boolean is not a Number, whatever Python thinks)."""
    kind = type(value)
    return kind is int or kind is float or kind is JLong or kind is LoopNumber


class LoopNumber(int):
    """`loop.length` / `loop.revindex`: a `Number` that is neither Integer nor Long."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class JChar:
    """A `java.lang.Character`."""

    char: str

    def __str__(self) -> str:
        return self.char


class JEntry:
    """A `Map.Entry` handed out by a `for` over a map."""

    __slots__ = ("key", "value")

    def __init__(self, key: Any, value: Any) -> None:
        self.key = key
        self.value = value


class JStringArray:
    """A `String[]` from `split`: iterable and indexable, printed with an identity hash."""

    __slots__ = ("items", "identity")
    _next_identity = 0x1B2C3D

    def __init__(self, items: list[str]) -> None:
        self.items = items
        JStringArray._next_identity = (JStringArray._next_identity * 1103515245 + 12345) & (
            0x7FFFFFFF
        )
        self.identity = JStringArray._next_identity

    def __iter__(self) -> Iterator[str]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class JCollection:
    """A Map's `keySet()` or `values()`: a Collection that is not a List (iterable, printable,
    countable; `sort`, `rsort`, `reverse`, `slice`, `merge` refuse it, as Pebble does)."""

    __slots__ = ("items", "java_class")

    def __init__(self, items: list[Any], java_class: str) -> None:
        self.items = items
        self.java_class = java_class

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True, slots=True)
class SafeString:
    """Pebble's `SafeString`: text that autoescaping leaves alone."""

    text: str

    def __str__(self) -> str:
        return self.text


class LoopVariables:
    """The `loop` variable of a `for` (one object per loop, updated in place like Pebble's)."""

    __slots__ = ("index", "length", "first", "last")

    def __init__(self, length: int) -> None:
        self.index = 0
        self.length = length
        self.first = True
        self.last = length == 1

    @property
    def revindex(self) -> LoopNumber:
        return LoopNumber(self.length - self.index - 1)


JAVA_CLASS_NAMES: dict[type, str] = {
    str: "java.lang.String",
    int: "java.lang.Integer",
    JLong: "java.lang.Long",
    float: "java.lang.Double",
    bool: "java.lang.Boolean",
    dict: "java.util.LinkedHashMap",
    list: "java.util.ArrayList",
    JChar: "java.lang.Character",
    JEntry: "java.util.HashMap$Node",
    JStringArray: "[Ljava.lang.String;",
    SafeString: "io.pebbletemplates.pebble.extension.escaper.SafeString",
    LoopVariables: "io.pebbletemplates.pebble.node.ForNode$LoopVariables",
    LoopNumber: "io.pebbletemplates.pebble.node.fornode.LazyLength",
}


def java_class_name(value: object) -> str:
    """The Java class name Pebble's messages would show for `value`."""
    if is_long(value):
        return "java.lang.Long"
    if isinstance(value, JCollection):
        return value.java_class
    return JAVA_CLASS_NAMES.get(type(value), type(value).__name__)


def simple_class_name(value: object) -> str:
    """`getClass().getSimpleName()`."""
    return java_class_name(value).rsplit(".", 1)[-1].split("$")[-1]
