"""The `date` filter: `SimpleDateFormat` parse (with `existingFormat`) and format, epoch millis,
UTC unless `timeZone` (any id Java's TimeZone knows) says otherwise (formatting only).
Returns a SafeString."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from sandbox.destinations.pebble.casting import string_argument as _string
from sandbox.destinations.pebble.dateparse import parse_to_epoch_millis
from sandbox.destinations.pebble.errors import PebbleFailure
from sandbox.destinations.pebble.javatext import to_java_string
from sandbox.destinations.pebble.javatypes import LONG_MAX, SafeString, is_number, java_class_name
from sandbox.destinations.pebble.javazones import java_zone
from sandbox.destinations.pebble.runstate import RenderState
from sandbox.destinations.pebble.simpledateformat import format_epoch_millis


def date(
    rt: RenderState,
    value: Any,
    loc: int,
    format: Any = None,
    existingFormat: Any = None,
    timeZone: Any = None,
) -> Any:
    if value is None:
        return None
    try:
        if existingFormat is not None:
            millis = parse_to_epoch_millis(to_java_string(value), _string(existingFormat, loc))
        elif is_number(value):
            millis = int(value) if type(value) is not float else _double_to_long(value)
        else:
            raise PebbleFailure(
                f"Unsupported argument type: {java_class_name(value)} (value:"
                f" {to_java_string(value)}); Pebble 3.x needs existingFormat to read a String",
                loc,
            )
        pattern = "yyyy-MM-dd'T'HH:mm:ssZ" if format is None else _string(format, loc)
        zone = _zone(None if timeZone is None else _string(timeZone, loc))
        return SafeString(format_epoch_millis(millis, pattern, zone))
    except PebbleFailure as failure:
        raise PebbleFailure(failure.message, loc) from failure


def _zone(name: str | None) -> dt.tzinfo:
    """`TimeZone.getTimeZone(name)` (UTC when no `timeZone` is given); an id Java does not
    know is an error naming it, never a silent GMT."""
    if name is None:
        return dt.UTC
    return java_zone(name)


def _double_to_long(value: float) -> int:
    """Java's `(long) double`: truncation, saturating at the long range, NaN is 0."""
    if math.isnan(value):
        return 0
    if math.isinf(value):
        return LONG_MAX if value > 0 else -LONG_MAX - 1
    return max(-LONG_MAX - 1, min(LONG_MAX, int(math.trunc(value))))
