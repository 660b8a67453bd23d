"""`sandbox profiles --cluster`: ranges of profiles generated as Ray tasks, written in order.

Each task regenerates profiles `start .. start + count - 1` from (seed, index) and returns them as
JSON Lines bytes; the driver writes the ranges in index order with at most `window` of them out,
so the bytes are those of a single-process run and memory stays a few ranges whatever the count.
"""

from __future__ import annotations

from collections import deque
from typing import Any, BinaryIO

from sandbox.profiles import ProfileFactory
from sandbox.profiles.json_lines import json_lines


def range_lines(factory: ProfileFactory, start: int, count: int) -> bytes:
    return json_lines(factory.profiles(start, count))


def write_ranges(
    ray: Any,
    factory: ProfileFactory,
    first: int,
    count: int,
    sink: BinaryIO,
    range_size: int = 20_000,
    window: int | None = None,
) -> int:
    """Write profiles `first .. first + count - 1` to `sink`; returns how many ranges it took."""
    task, shared = ray.remote(range_lines), ray.put(factory)
    window = window or max(2, 2 * int(ray.cluster_resources().get("CPU", 1)))
    pending: deque[Any] = deque()
    written = 0
    for start in range(first, first + count, range_size):
        pending.append(task.remote(shared, start, min(range_size, first + count - start)))
        if len(pending) >= window:
            sink.write(ray.get(pending.popleft()))
            written += 1
    while pending:
        sink.write(ray.get(pending.popleft()))
        written += 1
    return written
