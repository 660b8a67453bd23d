"""Profiles as JSON Lines: one compact profile per line, keys in the order they were built."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson


def json_lines(profiles: Iterable[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(p, option=orjson.OPT_APPEND_NEWLINE) for p in profiles)
