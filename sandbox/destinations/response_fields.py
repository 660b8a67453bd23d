"""Reading `responseFields` / `responseErrorFields` values out of a partner's answer.

Adobe writes them as `{{path}}` macros over the answer, not as Pebble (a header name such as
`x-moviestar-id` is not a Pebble identifier), so they are read here with a small path syntax:

    {{body.segments[0].segment.id}}   the JSON body (`response.` is the same)
    {{headers.x-moviestar-id}}        a response header, by name (case-insensitive)
    {{root}}                          the whole body (JSON text when it is not a string)
    {{error.message}}                 the error: `body.error.message`, else `body.message`
    {{message}}                       any other name reads the body's field of that name
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

MACRO = re.compile(r"^\s*\{\{\s*(?P<path>[^{}]+?)\s*\}\}\s*$")
STEP = re.compile(r"\.(?P<name>[A-Za-z_$][\w$-]*)|\[(?P<index>\d+)\]")
HEAD = re.compile(r"^(?P<name>[A-Za-z_$][\w$]*)")
ALLOWED = (
    "one macro whose path starts at body, response, headers, error or root, or names a body "
    "field; e.g. {{body.segments[0].segment.id}}, {{headers.x-audience-id}}, {{error.message}}"
)
MISSING = object()


def parse_field_path(value: str) -> tuple[str, tuple[str | int, ...]] | None:
    """`(root, steps)` for a `{{path}}` macro, or None when `value` is not one."""
    match = MACRO.match(value)
    if match is None:
        return None
    path = match["path"]
    head = HEAD.match(path)
    if head is None:
        return None
    steps: list[str | int] = []
    position = head.end()
    while position < len(path):
        step = STEP.match(path, position)
        if step is None:
            return None
        steps.append(int(step["index"]) if step["index"] is not None else step["name"])
        position = step.end()
    return head["name"], tuple(steps)


def field_path_problem(value: str) -> str | None:
    """Why `value` cannot be read from an answer, or None."""
    if parse_field_path(value) is None:
        return f"{value!r} is not a response path: use {ALLOWED}"
    return None


def read_field(
    value: str, body: Any, headers: Sequence[tuple[str, str]], *, raw_text: str = ""
) -> Any:
    """The value a field's macro reads from an answer, or `MISSING`."""
    parsed = parse_field_path(value)
    if parsed is None:
        return MISSING
    root, steps = parsed
    if root == "root":
        return _walk(body if body is not MISSING else raw_text or MISSING, steps)
    if root in ("body", "response"):
        return _walk(body, steps)
    if root == "headers":
        if len(steps) != 1 or not isinstance(steps[0], str):
            return MISSING
        name = steps[0].lower()
        return next((v for k, v in headers if k.lower() == name), MISSING)
    if root == "error":
        nested = _walk(body, ("error", *steps))
        return nested if nested is not MISSING else _walk(body, steps)
    return _walk(body, (root, *steps))


def as_text(value: Any) -> str:
    """A read value as the text shown to users and used as an ID."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _walk(value: Any, steps: tuple[str | int, ...]) -> Any:
    for step in steps:
        index_ok = isinstance(step, int) and isinstance(value, list) and step < len(value)
        key_ok = isinstance(step, str) and isinstance(value, Mapping) and step in value
        if not (index_ok or key_ok):
            return MISSING
        value = value[step]
    return value if value is not None else MISSING
