"""Pebble 3.x core filters (`CoreExtension`, `EscaperExtension`) with their exact semantics.

Every filter is called as `f(rt, value, loc, **arguments)`; the arguments are bound to Pebble's
argument names at compile time (`FILTER_ARGUMENTS`). A SafeString input is turned back into a
plain String before any filter but `escape` (`FilterExpression`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable
from typing import Any

from sandbox.destinations.pebble import regexes
from sandbox.destinations.pebble.casting import cast
from sandbox.destinations.pebble.casting import string_argument as _string
from sandbox.destinations.pebble.datefilter import date
from sandbox.destinations.pebble.decimalformat import DEFAULT_PATTERN, format_number
from sandbox.destinations.pebble.errors import PebbleFailure
from sandbox.destinations.pebble.escaping import escape_filter
from sandbox.destinations.pebble.javahash import java_hash_map
from sandbox.destinations.pebble.javatext import (
    from_units,
    java_is_whitespace,
    java_title_char,
    java_trim,
    to_java_string,
    to_units,
    utf16_length,
)
from sandbox.destinations.pebble.javatypes import (
    JChar,
    JCollection,
    JEntry,
    JLong,
    JStringArray,
    LoopNumber,
    SafeString,
    is_long,
    is_number,
    java_class_name,
    wrap_int,
)
from sandbox.destinations.pebble.runstate import RenderState
from sandbox.destinations.pebble.segments import added_filter, removed_filter
from sandbox.destinations.pebble.sorting import reverse_filter, rsort_filter, sort_filter
from sandbox.destinations.pebble.tojson import to_json_filter
from sandbox.destinations.pebble.urlencoding import url_encode

Filter = Callable[..., Any]


def abbreviate(rt: RenderState, value: Any, loc: int, length: Any = None) -> Any:
    if value is None:
        return None
    text = _string(value, loc)
    if not is_long(length):
        raise PebbleFailure(
            f"class {java_class_name(length)} cannot be cast to class java.lang.Long"
            " (abbreviate needs a number literal)",
            loc,
        )
    width = wrap_int(int(length))
    if width < 0:
        raise PebbleFailure("Invalid argument to abbreviate filter; must be greater than zero", loc)
    units = to_units(text)
    if len(units) < width or len(units) <= 3:
        return text
    return from_units(units[:width] if width <= 3 else units[: max(0, width - 3)] + "...")


def absolute(rt: RenderState, value: Any, loc: int) -> Any:
    if value is None:
        raise PebbleFailure('Can not pass null value to "abs" filter.', loc)
    if not is_number(value):
        raise PebbleFailure("The 'abs' filter does require as input a number.", loc)
    if type(value) is float or type(value) is LoopNumber:
        return abs(float(value))  # a loop's length is a Number that is not Integer/Long
    magnitude = abs(int(value))
    return JLong(magnitude) if is_long(value) else wrap_int(magnitude)


def base64_encode(rt: RenderState, value: Any, loc: int) -> Any:
    if value is None:
        return None
    return base64.b64encode(to_java_string(value).encode("utf-8")).decode("ascii")


def base64_decode(rt: RenderState, value: Any, loc: int) -> Any:
    if value is None:
        return None
    if type(value) is not str:
        raise PebbleFailure("This filter applies to String", loc)
    try:
        padded = value + "=" * (-len(value) % 4) if "=" not in value else value
        data = base64.b64decode(padded.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as error:
        raise PebbleFailure(
            "Please provide a correctly Base64 encoded string containing an UTF-8 string", loc
        ) from error
    return data.decode("utf-8", "replace")


def capitalize(rt: RenderState, value: Any, loc: int) -> Any:
    if value is None:
        return None
    text = _string(value, loc)
    for index, char in enumerate(text):
        if not java_is_whitespace(char):
            return text[:index] + java_title_char(char) + text[index + 1 :]
    return text


def title(rt: RenderState, value: Any, loc: int) -> Any:
    if value is None:
        return None
    out, capitalize_next = [], True
    for char in to_units(_string(value, loc)):
        if java_is_whitespace(char):
            capitalize_next = True
        elif capitalize_next:
            char, capitalize_next = java_title_char(char), False
        out.append(char)
    return from_units("".join(out))


def default(rt: RenderState, value: Any, loc: int, **arguments: Any) -> Any:
    return arguments.get("default") if is_empty(value) else value


def is_empty(value: Any) -> bool:
    """Pebble's `empty` test: null, a blank String, an empty Collection or Map."""
    if value is None:
        return True
    if type(value) is str:
        return java_trim(value) == ""
    if isinstance(value, list | dict | JCollection):
        return not value
    return False


def _first_or_last(value: Any, loc: int, index: int) -> Any:
    if value is None:
        return None
    if type(value) is str:
        if not value:
            raise PebbleFailure("String index out of range: 0 (first/last of an empty String)", loc)
        return JChar(to_units(value)[index])
    if isinstance(value, JStringArray | JCollection):
        return value.items[index] if value.items else None
    if isinstance(value, list):
        return value[index] if value else None
    raise PebbleFailure(
        f"class {java_class_name(value)} cannot be cast to class java.util.Collection", loc
    )


def first(rt: RenderState, value: Any, loc: int) -> Any:
    return _first_or_last(value, loc, 0)


def last(rt: RenderState, value: Any, loc: int) -> Any:
    return _first_or_last(value, loc, -1)


def join(rt: RenderState, value: Any, loc: int, separator: Any = None) -> Any:
    if value is None:
        return None
    if not isinstance(value, list | JStringArray | JCollection):
        raise PebbleFailure(
            "The 'join' filter expects that the input is either a collection or an array.", loc
        )
    glue = "" if separator is None else cast(separator, str, "java.lang.String", loc)
    return _bounded_join(rt, glue, value, loc)


def _bounded_join(rt: RenderState, glue: str, items: Any, loc: int) -> str:
    """The items joined, the size (and time) checked as the parts are gathered, so a huge list
    of long strings is refused before anything that size is allocated."""
    parts: list[str] = []
    size, limit = 0, rt.max_output
    for index, item in enumerate(items):
        text = to_java_string(item)
        size += len(text) + (len(glue) if index else 0)
        if size > limit:
            rt.check_room(size, loc)
        if index & 0xFFFF == 0xFFFF:
            rt.check_time(loc)
        parts.append(text)
    return glue.join(parts)


def length(rt: RenderState, value: Any, loc: int) -> int:
    if value is None:
        return 0
    if type(value) is str:
        return utf16_length(value)
    if isinstance(value, list | dict | JStringArray | JCollection):
        return len(value)
    return 0


def lower(rt: RenderState, value: Any, loc: int) -> Any:
    return None if value is None else to_java_string(value).lower()


def upper(rt: RenderState, value: Any, loc: int) -> Any:
    return None if value is None else to_java_string(value).upper()


def merge(rt: RenderState, value: Any, loc: int, items: Any = None) -> Any:
    if value is None:
        if items is None:
            raise PebbleFailure("The two arguments to be merged are null", loc)
        return items
    if items is None:
        return value
    if isinstance(value, dict):
        if isinstance(items, dict):
            pairs = list(value.items()) + list(items.items())
        elif isinstance(items, list):
            pairs = list(value.items()) + [(item, item) for item in items]
        else:
            raise PebbleFailure("Currently, only Maps and Lists can be merged with a Map.", loc)
        rt.check_length(len(value) + len(items), loc)
        return java_hash_map(pairs, capacity=len(value) + len(items) + 16)
    if isinstance(value, list):
        if isinstance(items, list | dict):
            rt.check_length(len(value) + len(items), loc)
        if isinstance(items, dict):
            return value + [JEntry(k, v) for k, v in items.items()]
        if isinstance(items, list):
            return value + items
        raise PebbleFailure("Currently, only Maps and Lists can be merged with a List.", loc)
    if isinstance(value, JStringArray) and isinstance(items, JStringArray):
        rt.check_length(len(value) + len(items), loc)
        return JStringArray(value.items + items.items)
    raise PebbleFailure("The object being filtered is not a Map/List/Array", loc)


def number_format(rt: RenderState, value: Any, loc: int, format: Any = None) -> Any:
    if value is None:
        return None
    if not is_number(value):
        raise PebbleFailure("The input for the 'NumberFormat' filter has to be a number.", loc)
    pattern = DEFAULT_PATTERN if format is None else _string(format, loc)
    try:
        return format_number(value, pattern)
    except PebbleFailure as failure:
        raise PebbleFailure(failure.message, loc) from failure


def raw(rt: RenderState, value: Any, loc: int) -> Any:
    return None if value is None else SafeString(to_java_string(value))


def replace(rt: RenderState, value: Any, loc: int, replace_pairs: Any = None) -> Any:
    if value is None:
        return None
    if replace_pairs is None:
        raise PebbleFailure("The argument 'replace_pairs' is required.", loc)
    pairs = cast(replace_pairs, dict, "java.util.Map", loc)
    data = to_java_string(value)
    for key, replacement in pairs.items():
        if replacement is None:
            raise PebbleFailure("Could not replace: a replacement value is null", loc)
        target, text = to_java_string(key), to_java_string(replacement)
        if len(text) > len(target):
            rt.check_room(len(data) + data.count(target) * (len(text) - len(target)), loc)
        data = data.replace(target, text)
    return data


def slice_filter(
    rt: RenderState,
    value: Any,
    loc: int,
    fromIndex: Any = None,
    toIndex: Any = None,
) -> Any:
    if value is None:
        return None
    start = _index_argument(fromIndex, "fromIndex", loc, default=0)
    if start < 0:
        raise PebbleFailure("fromIndex must be greater than 0", loc)
    if not isinstance(value, list | JStringArray | str):
        raise PebbleFailure(
            "Slice filter can only be applied to String, List and array inputs. Actual type was: "
            + java_class_name(value),
            loc,
        )
    size = utf16_length(value) if type(value) is str else len(value)
    end = _index_argument(toIndex, "toIndex", loc, default=size)
    if toIndex is not None and end > size:
        raise PebbleFailure(f"toIndex must be smaller than input size: {size}", loc)
    if toIndex is not None and start >= end:
        raise PebbleFailure("toIndex must be greater than fromIndex", loc)
    if start > end:
        raise PebbleFailure(_past_the_end(value, start, end), loc)
    if isinstance(value, JStringArray):
        return JStringArray(value.items[start:end])
    if type(value) is str:
        return from_units(to_units(value)[start:end])
    return value[start:end]


def _past_the_end(value: Any, start: int, end: int) -> str:
    """The JDK's message when `slice(from)` starts past the end (subList, copyOfRange, substring)."""
    if isinstance(value, JStringArray):
        return f"IllegalArgumentException: {start} > {end}"
    if type(value) is str:
        return f"StringIndexOutOfBoundsException: begin {start}, end {end}, length {end}"
    return f"IllegalArgumentException: fromIndex({start}) > toIndex({end})"


def _index_argument(value: Any, name: str, loc: int, default: int) -> int:
    if value is None:
        return default
    if not is_number(value):
        raise PebbleFailure(
            f"Argument {name} must be a number. Actual type: {java_class_name(value)}", loc
        )
    return wrap_int(int(value))


def split(rt: RenderState, value: Any, loc: int, delimiter: Any = None, limit: Any = None) -> Any:
    if value is None:
        return None
    if delimiter is None:
        raise PebbleFailure("missing delimiter parameter in split filter", loc)
    pattern = _string(delimiter, loc)
    count = 0 if limit is None else _index_argument(limit, "limit", loc, 0)
    return JStringArray(regexes.split(rt, _string(value, loc), pattern, count, loc))


def sha256(rt: RenderState, value: Any, loc: int) -> Any:
    if value is None:
        return None
    if type(value) is not str:
        raise PebbleFailure("Need a string to hash", loc)
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def trim(rt: RenderState, value: Any, loc: int) -> Any:
    return None if value is None else java_trim(_string(value, loc))


def urlencode(rt: RenderState, value: Any, loc: int) -> Any:
    return None if value is None else url_encode(_string(value, loc))


FILTERS: dict[str, Filter] = {
    "abbreviate": abbreviate,
    "abs": absolute,
    "base64encode": base64_encode,
    "base64decode": base64_decode,
    "capitalize": capitalize,
    "date": date,
    "default": default,
    "escape": escape_filter,
    "first": first,
    "join": join,
    "last": last,
    "length": length,
    "lower": lower,
    "merge": merge,
    "numberformat": number_format,
    "raw": raw,
    "replace": replace,
    "reverse": reverse_filter,
    "rsort": rsort_filter,
    "slice": slice_filter,
    "sort": sort_filter,
    "split": split,
    "sha256": sha256,
    "title": title,
    "toJson": to_json_filter,
    "trim": trim,
    "upper": upper,
    "urlencode": urlencode,
    "added": added_filter,
    "removed": removed_filter,
}

FILTER_ARGUMENTS: dict[str, tuple[str, ...] | None] = {name: None for name in FILTERS} | {
    "abbreviate": ("length",),
    "date": ("format", "existingFormat", "timeZone"),
    "default": ("default",),
    "escape": ("strategy",),
    "join": ("separator",),
    "merge": ("items",),
    "numberformat": ("format",),
    "replace": ("replace_pairs",),
    "slice": ("fromIndex", "toIndex"),
    "split": ("delimiter", "limit"),
}
"""Pebble's `getArgumentNames()`; None means positional arguments are accepted and ignored."""
