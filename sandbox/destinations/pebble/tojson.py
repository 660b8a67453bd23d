"""`toJson`: the filter Adobe's templates use (not in stock Pebble 3.x) to print a value as JSON.

Adobe's platform holds the profile as Jackson `JsonNode`s, so the text is what Jackson's
`ObjectMapper.writeValueAsString` writes: compact (no spaces), strings with `"` `\\` and control
characters escaped (`\\n`, `\\t`, `\\u001f`, ...), other characters as they are, doubles as
`Double.toString` (`1.0`, `1.0E10`), NaN and infinities as strings. A null prints `null`.
The result is not HTML-escaped again (it returns a safe string), since it is meant for JSON bodies.
"""

from __future__ import annotations

import math
from typing import Any

from sandbox.destinations.pebble.errors import PebbleFailure
from sandbox.destinations.pebble.floatingdecimal import double_to_string
from sandbox.destinations.pebble.javatext import to_java_string
from sandbox.destinations.pebble.javatypes import (
    JChar,
    JCollection,
    JEntry,
    JStringArray,
    LoopVariables,
    SafeString,
)
from sandbox.destinations.pebble.runstate import RenderState

_SHORT = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ESCAPES = {chr(code): f"\\u{code:04x}" for code in range(0x20)} | _SHORT
_TABLE = str.maketrans(_ESCAPES)
_MAX_DEPTH = 200


def to_json_filter(rt: RenderState, value: Any, loc: int) -> SafeString:
    parts: list[str] = []
    _write(value, parts, loc, 0)
    text = "".join(parts)
    return SafeString(rt.check_size(text, loc))


def json_string(text: str) -> str:
    return '"' + text.translate(_TABLE) + '"'


def _write(value: Any, out: list[str], loc: int, depth: int) -> None:
    if depth > _MAX_DEPTH:
        raise PebbleFailure("toJson: the value nests too deeply (or contains itself)", loc)
    kind = type(value)
    if value is None:
        out.append("null")
    elif kind is str:
        out.append(json_string(value))
    elif kind is bool:
        out.append("true" if value else "false")
    elif kind is float:
        out.append(_double(value))
    elif isinstance(value, int):
        out.append(str(int(value)))
    elif isinstance(value, dict):
        _write_object(list(value.items()), out, loc, depth)
    elif isinstance(value, list | tuple | JStringArray | JCollection):
        _write_array(list(value), out, loc, depth)
    else:
        _write_special(value, out, loc, depth)


def _double(value: float) -> str:
    if math.isnan(value) or math.isinf(value):
        return json_string(double_to_string(value))
    return double_to_string(value)


def _write_object(pairs: list[tuple[Any, Any]], out: list[str], loc: int, depth: int) -> None:
    out.append("{")
    for index, (key, item) in enumerate(pairs):
        if index:
            out.append(",")
        out.append(json_string(key if type(key) is str else _key_text(key)))
        out.append(":")
        _write(item, out, loc, depth + 1)
    out.append("}")


def _key_text(key: Any) -> str:
    return to_java_string(key)


def _write_array(items: list[Any], out: list[str], loc: int, depth: int) -> None:
    out.append("[")
    for index, item in enumerate(items):
        if index:
            out.append(",")
        _write(item, out, loc, depth + 1)
    out.append("]")


def _write_special(value: Any, out: list[str], loc: int, depth: int) -> None:
    if isinstance(value, SafeString | JChar):
        out.append(json_string(str(value)))
    elif isinstance(value, JEntry):
        _write_object([(value.key, value.value)], out, loc, depth)
    elif isinstance(value, LoopVariables):
        pairs = [("last", value.last), ("length", int(value.length)), ("index", value.index)]
        pairs += [("revindex", int(value.revindex)), ("first", value.first)]
        _write_object(pairs, out, loc, depth)
    else:
        raise PebbleFailure(f"toJson cannot write a {type(value).__name__}", loc)
