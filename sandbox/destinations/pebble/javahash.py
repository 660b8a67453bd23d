"""The iteration order of a `java.util.HashMap`, for map literals and `merge` of two maps.

Pebble builds `{'a': 1, ...}` literals and Map+Map merges as HashMaps, so they print in hash
bucket order, not source order. Keys that share a bucket keep insertion order here (in Pebble
that order depends on identity hashes and can differ between builds, see pebble.md §2).
"""

from __future__ import annotations

import struct
from typing import Any

from sandbox.destinations.pebble.equality import java_equals
from sandbox.destinations.pebble.javatypes import is_long, wrap_int


def string_hash(text: str) -> int:
    """`String.hashCode()` over UTF-16 code units."""
    value = 0
    data = text.encode("utf-16-le", "surrogatepass")
    for index in range(0, len(data), 2):
        value = (31 * value + (data[index] | data[index + 1] << 8)) & 0xFFFFFFFF
    return wrap_int(value)


def java_hash(key: Any) -> int:
    """`Objects.hashCode(key)` for the key types a template can build."""
    if key is None:
        return 0
    if type(key) is str:
        return string_hash(key)
    if type(key) is bool:
        return 1231 if key else 1237
    if type(key) is float:
        bits = struct.unpack(">q", struct.pack(">d", key))[0]
        return wrap_int(bits ^ (bits >> 32 & 0xFFFFFFFF))
    if isinstance(key, int):
        value = int(key)
        if is_long(key):
            return wrap_int(value ^ ((value & 0xFFFFFFFFFFFFFFFF) >> 32))
        return wrap_int(value)
    if type(key) is list:
        value = 1
        for item in key:
            value = (31 * value + java_hash(item)) & 0xFFFFFFFF
        return wrap_int(value)
    if type(key) is dict:
        return wrap_int(sum(java_hash(k) ^ java_hash(v) for k, v in key.items()))
    return string_hash(str(key))


def table_size_for(capacity: int) -> int:
    size = 1
    while size < capacity:
        size *= 2
    return size


def java_hash_map(pairs: list[tuple[Any, Any]], capacity: int) -> dict[Any, Any]:
    """A dict whose order is the iteration order of a HashMap built by putting `pairs`."""
    keys: list[Any] = []
    values: list[Any] = []
    table = table_size_for(capacity)
    for key, value in pairs:
        index = next((i for i, k in enumerate(keys) if java_equals(k, key)), -1)
        if index >= 0:
            values[index] = value
            continue
        keys.append(key)
        values.append(value)
        if len(keys) > int(table * 0.75):
            table *= 2

    def bucket(position: int) -> int:
        spread = java_hash(keys[position]) & 0xFFFFFFFF
        return (spread ^ (spread >> 16)) & (table - 1)

    order = sorted(range(len(keys)), key=bucket)
    return {keys[i]: values[i] for i in order}


def map_literal_capacity(size: int) -> int:
    """`MapExpression`: `new HashMap<>(round(ceil(size / 0.75)))`."""
    return -(-size * 4 // 3)
