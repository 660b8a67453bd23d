"""`java.net.URLEncoder.encode(s, "UTF-8")` (form encoding) and Adobe's `formUrlEncode`."""

from __future__ import annotations

from typing import Any

from sandbox.destinations.pebble.errors import PebbleFailure
from sandbox.destinations.pebble.javatext import to_java_string
from sandbox.destinations.pebble.runstate import RenderState

_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_")


def url_encode(text: str) -> str:
    """Letters, digits and `.-*_` stay, a space becomes `+`, the rest is UTF-8 `%XX`."""
    out = []
    for char in text:
        if char in _SAFE:
            out.append(char)
        elif char == " ":
            out.append("+")
        else:
            data = char.encode("utf-8", "replace")
            out.append("".join(f"%{byte:02X}" for byte in data))
    return "".join(out)


def form_url_encode(rt: RenderState, loc: int, *arguments: Any) -> str:
    """`formUrlEncode(k1, v1, k2, v2, ...)`: `k1=v1&k2=v2`, each part URL-encoded; a null
    value gives an empty value (`k=`)."""
    if len(arguments) % 2:
        raise PebbleFailure(
            "formUrlEncode takes pairs of arguments (name, value, name, value, ...);"
            f" got {len(arguments)}",
            loc,
        )
    pairs = []
    for index in range(0, len(arguments), 2):
        name, value = arguments[index], arguments[index + 1]
        encoded = "" if value is None else url_encode(to_java_string(value))
        pairs.append(f"{url_encode(to_java_string(name))}={encoded}")
    return "&".join(pairs)
