"""Java casts as Pebble's filters do them: the wrong class fails like a ClassCastException."""

from __future__ import annotations

from typing import Any

from sandbox.destinations.pebble.errors import PebbleFailure
from sandbox.destinations.pebble.javatypes import java_class_name


def cast(value: Any, kind: type, java_name: str, loc: int) -> Any:
    """A Java cast: `(String) value` and friends, failing like a ClassCastException."""
    if type(value) is kind:
        return value
    raise PebbleFailure(f"class {java_class_name(value)} cannot be cast to class {java_name}", loc)


def string_argument(value: Any, loc: int) -> str:
    """`(String) value`."""
    return cast(value, str, "java.lang.String", loc)  # type: ignore[no-any-return]
