"""Checks of one rendered activation call: its headers, its URL, and a JSON body that is not JSON.

Shared by `validate` (trial renders), `render`, `test-destination` and the console's template
playground, so all of them say the same thing about the same output. A JSON body that does not
parse is a warning naming the line and column in the rendered text, with the hint that fits:
inside a JSON string a value needs `escape(strategy='json')` (never `| raw`); outside strings a
profile map or list prints in Java form (`{k=v}`, `[a, b]`), not JSON.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
"""An HTTP header name (RFC 9110 `token`)."""
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
"""Characters no HTTP header value may hold (CR and LF among them; tab is allowed)."""
IN_STRING_HINT = (
    "a value printed inside a JSON string broke it: print such values with "
    "`| escape(strategy='json')`, never `| raw` (which keeps quotes, backslashes and "
    "control characters as they are)"
)
OUTSIDE_STRING_HINT = (
    "outside a JSON string a profile map or list prints in Java form ({k=v}, [a, b]), "
    "not as JSON: write the JSON in the template and print single values (see "
    "`sandbox sample-template`)"
)


@dataclass(frozen=True)
class JsonFault:
    """Where a rendered JSON body stops being JSON, and what to do about it."""

    line: int
    column: int
    message: str
    in_string: bool
    excerpt: str

    @property
    def hint(self) -> str:
        return IN_STRING_HINT if self.in_string else OUTSIDE_STRING_HINT

    def describe(self) -> str:
        return (
            f"the rendered body is not valid JSON at line {self.line}, column {self.column} "
            f"({self.message}); {self.hint}"
        )


def is_json_type(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def json_fault(body: str) -> JsonFault | None:
    """None when `body` parses as JSON (an empty body counts as no body)."""
    if not body.strip():
        return None
    try:
        json.loads(body)
    except json.JSONDecodeError as error:
        return JsonFault(
            error.lineno,
            error.colno,
            error.msg,
            _inside_string(body, error.pos),
            _excerpt(body, error.lineno, error.colno),
        )
    return None


def _inside_string(text: str, position: int) -> bool:
    """Whether the fault at `position` is a broken JSON string: it falls inside one (a bad
    escape, a control character), or right after one closed early (a value's own `"`)."""
    inside = escaped = False
    for char in text[:position]:
        if escaped:
            escaped = False
        elif char == "\\" and inside:
            escaped = True
        elif char == '"':
            inside = not inside
        elif char in "\r\n" and inside:
            return True
    closed_early = text[:position].rstrip().endswith('"') and position < len(text.rstrip())
    return inside or closed_early


def _excerpt(text: str, line: int, column: int) -> str:
    lines = text.splitlines() or [""]
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    start = max(0, column - 60)
    return f"  {shown[start : start + 120]}\n  {' ' * (column - 1 - start)}^"


def header_name_fault(name: str) -> str | None:
    if TOKEN.match(name):
        return None
    return (
        f"{name!r} is not a valid HTTP header name: use letters, digits and "
        "!#$%&'*+.^_`|~- only (no spaces, colons, CR or LF)"
    )


def header_value_fault(value: str) -> str | None:
    found = CONTROL.search(value)
    if found is None:
        return None
    return (
        f"the value {value!r} holds the control character {found.group()!r}; HTTP header "
        "values may not hold CR, LF or other control characters (the call could not be sent)"
    )


def url_fault(url: str) -> str | None:
    text = url.strip()
    if re.match(r"^https?://[^/\s?#]+", text) and not CONTROL.search(text) and " " not in text:
        return None
    return f"the rendered URL {text!r} is not an absolute http:// or https:// URL"
