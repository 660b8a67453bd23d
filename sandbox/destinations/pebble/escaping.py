"""Pebble's escaping strategies (unbescape 1.1.6 as `EscapeFilter` configures it) and the print
step that autoescapes and records every value it changed.

`html` is `HtmlEscape.escapeHtml4Xml`: only `& < > " '`, as `&amp; &lt; &gt; &quot; &#39;`
(markupsafe writes `&#34;` for `"`, so it is not used).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.destinations.pebble.errors import PebbleFailure
from sandbox.destinations.pebble.javatext import to_java_string
from sandbox.destinations.pebble.javatypes import SafeString
from sandbox.destinations.pebble.runstate import RenderState

_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def _significant(text: str) -> bool:
    return "&" in text or "<" in text or ">" in text or '"' in text or "'" in text


def escape_html(text: str) -> str:
    return text.translate(_HTML) if _significant(text) else text


def _utf16_units(codepoint: int) -> list[int]:
    if codepoint < 0x10000:
        return [codepoint]
    codepoint -= 0x10000
    return [0xD800 + (codepoint >> 10), 0xDC00 + (codepoint & 0x3FF)]


def _uhexa(codepoint: int) -> str:
    return "".join(f"\\u{unit:04X}" for unit in _utf16_units(codepoint))


_JSON_SEC = {0x08: "b", 0x09: "t", 0x0A: "n", 0x0C: "f", 0x0D: "r", 0x22: '"', 0x5C: "\\"}
_JSON_SEC[0x2F] = "/"
_JS_SEC = dict(_JSON_SEC) | {0x00: "0", 0x27: "'"}


def _level2(codepoint: int, basic: frozenset[int]) -> bool:
    """Escape level 2 of unbescape's JSON/JS escapers: the basic set plus all non-ASCII."""
    return codepoint in basic or codepoint <= 0x1F or codepoint >= 0x7F


_JSON_BASIC = frozenset({0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x22, 0x5C, 0x2F, 0x26})
_JS_BASIC = _JSON_BASIC | {0x00, 0x27}


def _escape_script(text: str, secs: dict[int, str], basic: frozenset[int], xhexa: bool) -> str:
    out: list[str] = []
    for index, char in enumerate(text):
        codepoint = ord(char)
        lone_slash = codepoint == 0x2F and (index == 0 or text[index - 1] != "<")
        if not _level2(codepoint, basic) or lone_slash:
            out.append(char)
        elif codepoint in secs:
            out.append("\\" + secs[codepoint])
        elif xhexa and codepoint <= 0xFF:
            out.append(f"\\x{codepoint:02X}")
        else:
            out.append(_uhexa(codepoint))
    return "".join(out)


def escape_json(text: str) -> str:
    return _escape_script(text, _JSON_SEC, _JSON_BASIC, xhexa=False)


def escape_js(text: str) -> str:
    return _escape_script(text, _JS_SEC, _JS_BASIC, xhexa=True)


_CSS_BACKSLASH = frozenset(" !\"#$%&'()*+,-./;<=>?@[\\]^_`{|}~")


def escape_css(text: str) -> str:
    """`CssEscape.escapeCssIdentifier` (backslash escapes, compact hexa, level 2)."""
    out: list[str] = []
    for index, char in enumerate(text):
        codepoint = ord(char)
        if not _css_needs_escape(text, index, codepoint):
            out.append(char)
        elif char in _CSS_BACKSLASH:
            out.append("\\" + char)
        else:
            following = text[index + 1] if index + 1 < len(text) else ""
            trailing = " " if following and following in "0123456789abcdefABCDEF" else ""
            out.append(f"\\{codepoint:X}{trailing}")
    return "".join(out)


def _css_needs_escape(text: str, index: int, codepoint: int) -> bool:
    char = text[index]
    if char.isascii() and char.isalnum():
        return index == 0 and char.isdigit()
    if char == "-":
        following = text[index + 1] if index + 1 < len(text) else ""
        return index == 0 and following != "" and (following == "-" or following.isdigit())
    if char == "_":
        return index == 0
    return True


_URL_ALLOWED = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$'()*,;:@/?"
)


def escape_url_param(text: str) -> str:
    """`UriEscape.escapeUriQueryParam`: RFC 3986 pchar, `/` and `?` kept; `=&+#` escaped."""
    return "".join(
        char if char in _URL_ALLOWED else "".join(f"%{b:02X}" for b in char.encode("utf-8"))
        for char in text
    )


STRATEGIES = {
    "html": escape_html,
    "js": escape_js,
    "json": escape_json,
    "css": escape_css,
    "url_param": escape_url_param,
}


def escape_filter(
    rt: RenderState, value: Any, loc: int, strategy: Any = None, **ignored: Any
) -> Any:
    """The `escape` filter: a SafeString passes through, anything else is escaped."""
    if value is None or isinstance(value, SafeString):
        return value
    name = "html" if strategy is None else to_java_string(strategy)
    escaper = STRATEGIES.get(name)
    if escaper is None:
        raise PebbleFailure(
            f"Unknown escaping strategy [{name}]; allowed: {', '.join(STRATEGIES)}", loc
        )
    return SafeString(escaper(to_java_string(value)))


def auto_escape(rt: RenderState, value: Any, loc: int) -> Any:
    """The escape Pebble's escaper inserts around a printed expression; records a warning
    when it changed the value."""
    if value is None or isinstance(value, SafeString):
        return value
    text = value if type(value) is str else to_java_string(value)
    escaped = escape_html(text)
    if escaped is not text:
        rt.record_escape(loc, text, escaped)
    return SafeString(escaped)


def print_value(rt: RenderState, value: Any, loc: int = -1) -> str:
    """`{{ x }}` without escaping: null prints nothing."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    return _printed(value, loc)


def _printed(value: Any, loc: int) -> str:
    """A non-string value as text; a limit hit while printing it is located at the print."""
    try:
        return to_java_string(value)
    except PebbleFailure as failure:
        if failure.loc < 0:
            failure.loc = loc
        raise


def print_escaped(rt: RenderState, value: Any, loc: int) -> str:
    """`{{ x }}` with autoescaping (the common case, kept fast)."""
    if type(value) is str:
        if not _significant(value):
            return value
        escaped = value.translate(_HTML)
        rt.record_escape(loc, value, escaped)
        return escaped
    if value is None:
        return ""
    if isinstance(value, SafeString):
        return value.text
    return print_escaped(rt, _printed(value, loc), loc)


ESCAPE_FILTERS: dict[str, Callable[..., Any]] = {
    "pb_print": print_value,
    "pb_print_esc": print_escaped,
    "pb_autoescape": auto_escape,
}
