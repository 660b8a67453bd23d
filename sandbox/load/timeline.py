"""What a load test did, second by second (wall time): calls, statuses, latency, retries, drops.

A `Timeline` subscribes to the delivery events on the bus. Each activation call counts in the
second it ended, with its status class (`2xx`, `429`, `4xx`, `5xx`, or `failed` when no answer
came: timeout, refused or reset connection) and its latency; retries, deliveries and drops count
in the second they were announced. Percentiles are nearest-rank over the exact latencies.
"""

from __future__ import annotations

import math
import time
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sandbox.events import (
    Event,
    EventBus,
    ExportDelivered,
    ExportDropped,
    ExportRetryScheduled,
    HttpCallRecorded,
)

STATUS_CLASSES = ("2xx", "429", "4xx", "5xx", "failed")


def status_class(status: int | None) -> str:
    if status is None:
        return "failed"
    if 200 <= status < 300:
        return "2xx"
    if status == 429:
        return "429"
    return "5xx" if status >= 500 else "4xx"


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (`share` in 0..1) of unsorted `values`; 0.0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(math.ceil(share * len(ordered)), 1)
    return float(ordered[rank - 1])


@dataclass
class Second:
    """One wall second of the run."""

    calls: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    latencies: array[float] = field(default_factory=lambda: array("d"))
    retries: int = 0
    delivered: int = 0
    dropped: int = 0


class Timeline:
    """Per-second tallies of one destination's delivery, fed by the bus."""

    def __init__(self, bus: EventBus, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self.started = monotonic()
        self.seconds: list[Second] = []
        self.phases: list[tuple[str, float]] = []
        """(phase name, seconds since start when it began)."""
        self.latencies: array[float] = array("d")
        self.totals: Counter[str] = Counter()
        bus.subscribe(self._follow)

    def elapsed(self) -> float:
        return self._monotonic() - self.started

    def mark(self, phase: str) -> None:
        self.phases.append((phase, self.elapsed()))

    def _second(self) -> Second:
        index = int(self.elapsed())
        while len(self.seconds) <= index:
            self.seconds.append(Second())
        return self.seconds[index]

    def _follow(self, event: Event) -> None:
        if isinstance(event, HttpCallRecorded):
            if event.call.purpose != "activation":
                self.totals["token_calls"] += 1
                return
            second, kind = self._second(), status_class(event.call.status)
            second.calls += 1
            second.statuses[kind] += 1
            second.latencies.append(event.call.duration_ms)
            self.latencies.append(event.call.duration_ms)
            self.totals["calls"] += 1
            self.totals[kind] += 1
            if event.call.outcome == "timeout":
                self.totals["timeouts"] += 1
        elif isinstance(event, ExportRetryScheduled):
            self._second().retries += 1
            self.totals["retries"] += 1
        elif isinstance(event, ExportDelivered):
            self._second().delivered += 1
            self.totals["delivered"] += 1
        elif isinstance(event, ExportDropped):
            self._second().dropped += 1
            self.totals["dropped"] += 1

    def window(self, seconds: int = 1) -> tuple[float, Counter[str], list[float]]:
        """The call rate, status mix and latencies over the last `seconds` full seconds."""
        done = self.seconds[:-1] if self.seconds else []
        recent = done[-seconds:]
        span = max(len(recent), 1)
        statuses: Counter[str] = Counter()
        latencies: list[float] = []
        for second in recent:
            statuses.update(second.statuses)
            latencies.extend(second.latencies)
        return sum(s.calls for s in recent) / span, statuses, latencies

    def phase_rate(self, phase: str) -> float:
        """Activation calls per second over the whole seconds of `phase`."""
        bounds = self.phase_bounds(phase)
        if bounds is None:
            return 0.0
        first, last = bounds
        covered = self.seconds[first:last]
        return sum(s.calls for s in covered) / len(covered) if covered else 0.0

    def phase_bounds(self, phase: str) -> tuple[int, int] | None:
        """The whole seconds inside `phase` (first, end) without its partial edges."""
        for n, (name, began) in enumerate(self.phases):
            if name == phase:
                ended = self.phases[n + 1][1] if n + 1 < len(self.phases) else self.elapsed()
                first, last = math.ceil(began), math.floor(ended)
                return (first, last) if last > first else None
        return None
