"""The Java methods a template may call on values, emulated (a whitelist; nothing of Python).

Each method lists its Java parameter kinds, because Pebble (greedyMatchMethod off) only calls a
method whose parameter types accept the argument classes: `s.substring(1)` passes a Long literal
to `substring(int)`, finds no match and gives null, while `s.substring(i)` with an Integer from
JSON works. Kinds: `int` (an Integer only), `char` (a Character only), `str` (a String), `obj`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.destinations.pebble.equality import collection_contains, java_equals, map_lookup
from sandbox.destinations.pebble.errors import PebbleFailure
from sandbox.destinations.pebble.javahash import java_hash
from sandbox.destinations.pebble.javatext import java_trim, to_java_string, utf16_length
from sandbox.destinations.pebble.javatypes import (
    JChar,
    JCollection,
    JEntry,
    LoopVariables,
    SafeString,
    is_long,
)
from sandbox.destinations.pebble.stringmethods import MORE_STRING_METHODS

Impl = Callable[..., Any]
Signature = tuple[tuple[str, ...], Impl]


def _u16(text: str) -> bytes:
    return text.encode("utf-16-le", "surrogatepass")


def _from_u16(data: bytes) -> str:
    return data.decode("utf-16-le", "surrogatepass")


def _substring(text: str, start: int, end: int | None = None) -> str:
    data = _u16(text)
    stop = len(data) // 2 if end is None else end
    if start < 0 or stop > len(data) // 2 or start > stop:
        raise IndexError(f"begin {start}, end {stop}, length {len(data) // 2}")
    return _from_u16(data[2 * start : 2 * stop])


def _index_of(text: str, needle: str | JChar, start: int = 0) -> int:
    data, target = _u16(text), _u16(str(needle))
    position = max(start, 0) * 2
    while True:
        found = data.find(target, position)
        if found < 0 or found % 2 == 0:
            return found // 2 if found >= 0 else -1
        position = found + 1


def _starts_with(text: str, prefix: str, offset: int = 0) -> bool:
    return _u16(text)[2 * offset :].startswith(_u16(prefix)) if offset >= 0 else False


def _list_get(items: list[Any], index: int) -> Any:
    if not 0 <= index < len(items):
        raise IndexError(f"Index {index} out of bounds for length {len(items)}")
    return items[index]


def _sub_list(items: list[Any], start: int, end: int) -> list[Any]:
    """`List.subList` (a copy: a template cannot tell a view from a copy except by mutating
    it, and the filters that mutate refuse a view's class in Pebble anyway)."""
    if start < 0 or end > len(items) or start > end:
        raise IndexError(f"fromIndex {start}, toIndex {end}, size {len(items)}")
    return items[start:end]


def _value_hash(value: Any) -> int:
    """`hashCode()` of a Boolean, Integer, Long, Double or Character (others hash by identity,
    which no two JVM runs share: refused)."""
    if type(value) in (bool, int, float, JChar, list, dict, str) or is_long(value):
        return java_hash(value)
    raise PebbleFailure(
        f"The sandbox does not support the Java method [hashcode] of {type(value).__name__}"
        " (an identity hash differs on every JVM run)"
    )


def _list_index_of(items: list[Any], needle: Any) -> int:
    return next((i for i, item in enumerate(items) if java_equals(needle, item)), -1)


STRING_METHODS: dict[str, list[Signature]] = {
    "length": [((), utf16_length)],
    "isempty": [((), lambda s: s == "")],
    "substring": [(("int",), _substring), (("int", "int"), _substring)],
    "subsequence": [(("int", "int"), _substring)],
    "touppercase": [((), str.upper)],
    "tolowercase": [((), str.lower)],
    "replace": [
        (("char", "char"), lambda s, a, b: s.replace(str(a), str(b))),
        (("str", "str"), lambda s, a, b: s.replace(a, b)),
    ],
    "trim": [((), java_trim)],
    "startswith": [(("str",), _starts_with), (("str", "int"), _starts_with)],
    "endswith": [(("str",), lambda s, suffix: s.endswith(suffix))],
    "contains": [(("str",), lambda s, needle: needle in s)],
    "indexof": [
        (("str",), _index_of),
        (("int",), lambda s, ch: _index_of(s, chr(ch))),
        (("str", "int"), _index_of),
        (("int", "int"), lambda s, ch, start: _index_of(s, chr(ch), start)),
    ],
    "equals": [(("obj",), java_equals)],
    **MORE_STRING_METHODS,
}

MAP_METHODS: dict[str, list[Signature]] = {
    "size": [((), len)],
    "isempty": [((), lambda m: not m)],
    "keyset": [((), lambda m: JCollection(list(m.keys()), "java.util.LinkedHashMap$LinkedKeySet"))],
    "values": [
        ((), lambda m: JCollection(list(m.values()), "java.util.LinkedHashMap$LinkedValues"))
    ],
    "get": [(("obj",), lambda m, key: map_lookup(m, key)[1])],
    "containskey": [(("obj",), lambda m, key: map_lookup(m, key)[0])],
    "entryset": [((), lambda m: [JEntry(k, v) for k, v in m.items()])],
    "tostring": [((), to_java_string)],
    "hashcode": [((), _value_hash)],
}

LIST_METHODS: dict[str, list[Signature]] = {
    "size": [((), len)],
    "isempty": [((), lambda items: not items)],
    "get": [(("int",), _list_get)],
    "contains": [(("obj",), lambda items, needle: collection_contains(items, needle))],
    "indexof": [(("obj",), _list_index_of)],
    "sublist": [(("int", "int"), _sub_list)],
    "tostring": [((), to_java_string)],
    "hashcode": [((), _value_hash)],
}

ENTRY_METHODS: dict[str, list[Signature]] = {
    "getkey": [((), lambda entry: entry.key)],
    "getvalue": [((), lambda entry: entry.value)],
    "tostring": [((), to_java_string)],
}

LOOP_METHODS: dict[str, list[Signature]] = {
    "getindex": [((), lambda loop: loop.index)],
    "getlength": [((), lambda loop: loop.length)],
    "getrevindex": [((), lambda loop: loop.revindex)],
    "isfirst": [((), lambda loop: loop.first)],
    "islast": [((), lambda loop: loop.last)],
}

BLOCKED = {"getclass": "getClass", "wait": "wait", "notify": "notify", "notifyall": "notifyAll"}
"""Pebble's `BlacklistMethodAccessValidator`: calling these is an error, not null."""

_OBJECT = ("hashcode", "equals")
UNSUPPORTED: dict[str, frozenset[str]] = {
    "string": frozenset(
        ("tochararray", "chars", "lines", "getbytes", "regionmatches", "codepoints", "format")
        + ("describeconstable", "resolveconstantdesc", "indent", "stripindent", "transform")
        + ("translateescapes", "formatted", "offsetbycodepoints", "getchars")
        + ("codepointbefore",)
    ),
    "map": frozenset(
        _OBJECT
        + ("put", "putall", "remove", "clear", "containsvalue", "getordefault")
        + ("foreach", "compute", "merge", "replace", "putifabsent")
    ),
    "list": frozenset(
        _OBJECT
        + ("add", "addall", "remove", "removeall", "clear", "set", "sort")
        + ("iterator", "toarray", "lastindexof", "stream", "foreach", "containsall")
    ),
    "entry": frozenset(_OBJECT + ("setvalue",)),
    "safe": frozenset(_OBJECT),
    "collection": frozenset(_OBJECT + ("stream", "iterator", "toarray", "containsall", "foreach")),
    "other": frozenset(
        _OBJECT
        + ("intvalue", "longvalue", "doublevalue", "floatvalue", "compareto")
        + ("booleanvalue", "charvalue", "isnan", "isinfinite")
    ),
}


def kind_of(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return "string"
    if kind is dict:
        return "map"
    if kind is list:
        return "list"
    if kind is JEntry:
        return "entry"
    if kind is LoopVariables:
        return "loop"
    if kind is SafeString:
        return "safe"
    if kind is JCollection:
        return "collection"
    return "other"


TABLES: dict[str, dict[str, list[Signature]]] = {
    "string": STRING_METHODS,
    "map": MAP_METHODS,
    "list": LIST_METHODS,
    "entry": ENTRY_METHODS,
    "loop": LOOP_METHODS,
    "safe": {"tostring": [((), str)], "hashcode": [((), lambda safe: _value_hash(safe.text))]},
    "collection": {
        "size": [((), len)],
        "isempty": [((), lambda items: not len(items))],
        "tostring": [((), to_java_string)],
    },
    "other": {"tostring": [((), to_java_string)], "hashcode": [((), _value_hash)]},
}


def accepts(kind: str, value: Any) -> bool:
    """Whether an argument of this class can be passed to a parameter of this kind."""
    if value is None or kind == "obj":
        return True
    if kind == "int":
        return type(value) is int and not is_long(value)
    if kind == "char":
        return type(value) is JChar
    return type(value) is str
