"""Trace ids: UUID4-shaped, unique across an exchanger's calls and between exchangers, seeded."""

from __future__ import annotations

import random
import uuid

from sandbox.delivery.recording import TraceIds


def test_trace_ids_are_version_4_uuids_and_never_repeat():
    ids = TraceIds(random.Random(7))
    made = [ids.next() for _ in range(10_000)]
    assert len(set(made)) == len(made)
    for trace in made[:50] + made[-50:]:
        parsed = uuid.UUID(trace)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed) == trace


def test_the_same_seed_gives_the_same_ids_and_another_seed_none_of_them():
    first, again, other = (TraceIds(random.Random(seed)) for seed in (5, 5, 6))
    a = [first.next() for _ in range(100)]
    assert a == [again.next() for _ in range(100)]
    assert not set(a) & {other.next() for _ in range(100)}


def test_the_counter_wraps_within_the_last_group_without_touching_the_rest():
    ids = TraceIds(random.Random(1))
    stem = ids.next()[:24]
    ids._count = iter([(1 << 48) - 1, 1 << 48])  # type: ignore[assignment]
    assert [ids.next() for _ in range(2)] == [f"{stem}ffffffffffff", f"{stem}000000000000"]
