"""Durations as scenario files write them: `90`, `15s`, `30m`, `3h`, `2d`, `1h30m`."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator, WithJsonSchema

UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w)")


def parse_duration(value: object) -> float:
    """Seconds from a number or a duration string; raises ValueError naming what is allowed."""
    if isinstance(value, bool):
        raise ValueError("a duration is a number of seconds or a string like 15s, 30m, 3h, 2d")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError("a duration cannot be negative")
        return float(value)
    text = str(value).strip().replace(" ", "")
    parts = _PART.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(
            f"{value!r} is not a duration: use seconds or units ms, s, m, h, d, w "
            "(e.g. 15s, 30m, 1h30m)"
        )
    return sum(float(number) * UNITS[unit] for number, unit in parts)


DURATION_SCHEMA = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": r"^(\d+(\.\d+)?(ms|s|m|h|d|w))+$"},
    ],
    "description": "Seconds, or a duration such as 15s, 30m, 1h30m, 2d.",
}

Duration = Annotated[float, BeforeValidator(parse_duration), WithJsonSchema(DURATION_SCHEMA)]
