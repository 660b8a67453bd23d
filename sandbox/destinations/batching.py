"""Batchers: pure, clock-free micro-batching of exported profiles into calls (the simulator drives).

One open batch per aggregation group. `add(profile, now)` returns the batches it closed by count;
`due(now)` the batches closed by age; `next_deadline()` says when to call `due` next; `flush()`
closes everything. Best effort (§5.3) sends as soon as updates arrive: a batch is due the moment
its first profile came, so after adding a burst of changes call `due(now)` (10 profiles at
`maxUsersPerRequest` 7 make calls of 7 and 3). Configurable aggregation closes a batch at
`maxNumEventsInBatch` profiles or `maxBatchAgeInSecs` after it opened, whichever comes first.
A profile added again while it waits replaces its earlier pieces (its latest state is sent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sandbox.destinations.aggregation import AggregationKey, Slicer
from sandbox.events import CloseReason

Profile = dict[str, Any]


@dataclass(frozen=True)
class Batch:
    """The profiles of one activation call."""

    key: AggregationKey | None
    profiles: tuple[Profile, ...]
    profile_ids: tuple[str, ...]
    """The sandbox profile id of each entry of `profiles` (repeated when a profile was split)."""
    opened_at: float
    closed_at: float
    reason: CloseReason
    """`count`, `age` (configurable), `best_effort` (sent as it came) or `flush`."""


@dataclass(frozen=True)
class OpenBatch:
    """A batch still collecting, as front ends show it."""

    key: AggregationKey | None
    size: int
    opened_at: float


@dataclass
class _Collecting:
    key: AggregationKey | None
    opened_at: float
    entries: list[tuple[str, Profile]] = field(default_factory=list)

    def close(self, now: float, reason: CloseReason) -> Batch:
        ids = tuple(profile_id for profile_id, _ in self.entries)
        profiles = tuple(profile for _, profile in self.entries)
        return Batch(self.key, profiles, ids, self.opened_at, now, reason)


class Batcher:
    """Collects target-schema profiles into batches for one destination."""

    def __init__(
        self, slicer: Slicer, max_size: int, max_age: float, age_reason: CloseReason
    ) -> None:
        self._slicer = slicer
        self._max_size = max(max_size, 1)
        self._max_age = max_age
        self._age_reason = age_reason
        self._open: dict[AggregationKey | None, _Collecting] = {}
        self._holding: dict[str, set[AggregationKey | None]] = {}
        """Profile id → the keys of the open batches holding a piece of it."""

    def add(self, target_profile: Profile, now: float, profile_id: str = "") -> list[Batch]:
        """Queue one exported profile; returns the batches that filled up."""
        if profile_id:
            self._forget(profile_id)
        closed: list[Batch] = []
        for key, piece in self._slicer.slices(target_profile):
            batch = self._open.setdefault(key, _Collecting(key, now))
            batch.entries.append((profile_id, piece))
            if profile_id:
                self._holding.setdefault(profile_id, set()).add(key)
            if len(batch.entries) >= self._max_size:
                closed.append(self._close(key, now, "count"))
        return closed

    def due(self, now: float) -> list[Batch]:
        """The batches whose time has come."""
        keys = [k for k, b in self._open.items() if b.opened_at + self._max_age <= now]
        return [self._close(key, now, self._age_reason) for key in keys]

    def next_deadline(self) -> float | None:
        if not self._open:
            return None
        return min(batch.opened_at for batch in self._open.values()) + self._max_age

    def flush(self, now: float | None = None) -> list[Batch]:
        """Close every open batch (end of a run, or a render)."""
        batches = list(self._open.values())
        self._open.clear()
        self._holding.clear()
        return [b.close(b.opened_at if now is None else now, "flush") for b in batches]

    def pending(self) -> list[OpenBatch]:
        return [OpenBatch(b.key, len(b.entries), b.opened_at) for b in self._open.values()]

    def _close(self, key: AggregationKey | None, now: float, reason: CloseReason) -> Batch:
        batch = self._open.pop(key)
        for profile_id, _ in batch.entries:
            keys = self._holding.get(profile_id)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._holding[profile_id]
        return batch.close(now, reason)

    def _forget(self, profile_id: str) -> None:
        for key in self._holding.pop(profile_id, set()):
            batch = self._open[key]
            batch.entries = [entry for entry in batch.entries if entry[0] != profile_id]
            if not batch.entries:
                del self._open[key]


def best_effort_batcher(slicer: Slicer, max_users_per_request: int) -> Batcher:
    return Batcher(slicer, max_users_per_request, 0.0, "best_effort")


def configurable_batcher(slicer: Slicer, max_events: int, max_age_seconds: int) -> Batcher:
    return Batcher(slicer, max_events, float(max_age_seconds), "age")
