"""The flow of a run, counted from the bus: profiles → audiences → destinations → partner.

`FlowTally` folds events into running totals (a few dict increments per event, so it keeps up
with thousands a second) and, once a tick, takes a sample. Rates are per simulated minute over
the last samples; each destination keeps its exports per sample for a throughput chart.
No Textual here: the Flow tab draws what this counts.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field

from sandbox.events import (
    Event,
    ExportDelivered,
    ExportDropped,
    ExportQueued,
    ExportRetryScheduled,
    HttpCallRecorded,
    MembershipChanged,
)

SAMPLES = 60
"""Samples kept (one a tick: a minute of wall time by default)."""
RATE_WINDOW = 10
"""Samples the rates are averaged over."""
COUNTED = (
    "qualified",
    "exited",
    "queued",
    "exports",
    "2xx",
    "4xx",
    "5xx",
    "no answer",
    "retries",
    "drops",
    "received",
)
"""What is counted: overall, and per audience or destination where it applies."""


def status_class(status: int | None) -> str:
    if status is None:
        return "no answer"
    return f"{min(max(status // 100, 2), 5)}xx"


@dataclass
class FlowTally:
    """Running totals (`totals` overall, `by_key` per audience or destination id) and samples."""

    totals: Counter[str] = field(default_factory=Counter)
    by_key: dict[str, Counter[str]] = field(default_factory=dict)
    _samples: deque[tuple[float, Counter[str], dict[str, Counter[str]]]] = field(
        default_factory=lambda: deque(maxlen=SAMPLES)
    )

    def _count(self, what: str, key: str) -> None:
        self.totals[what] += 1
        counter = self.by_key.get(key)
        if counter is None:
            counter = self.by_key[key] = Counter()
        counter[what] += 1

    def add(self, event: Event) -> None:
        """Fold one bus event (events the flow does not show cost one type lookup)."""
        kind = type(event)
        if kind is MembershipChanged:
            assert isinstance(event, MembershipChanged)
            if event.status == "realized" and event.previous != "realized":
                self._count("qualified", event.audience_id)
            elif event.status == "exited" and event.previous == "realized":
                self._count("exited", event.audience_id)
        elif kind is HttpCallRecorded:
            assert isinstance(event, HttpCallRecorded)
            self._count(status_class(event.call.status), event.call.destination_id)
        elif kind in _BY_DESTINATION:
            self._count(_BY_DESTINATION[kind], str(getattr(event, "destination_id", "")))

    def add_arrivals(self, count: int) -> None:
        """Requests the partner received (counted by the digest on the hot path)."""
        self.totals["received"] += count

    def sample(self, now: float) -> None:
        """Take a sample at simulation time `now` (ignored when time has not moved)."""
        if self._samples and now <= self._samples[-1][0]:
            return
        keyed = {key: Counter(counter) for key, counter in self.by_key.items()}
        self._samples.append((now, Counter(self.totals), keyed))

    def per_minute(self, what: str, key: str | None = None) -> float:
        """`what` per simulated minute over the last samples (0 until there are two)."""
        window = list(self._samples)[-RATE_WINDOW:]
        if len(window) < 2:
            return 0.0
        (t0, totals0, keyed0), (t1, totals1, keyed1) = window[0], window[-1]
        if key is None:
            change = totals1[what] - totals0[what]
        else:
            change = keyed1.get(key, Counter())[what] - keyed0.get(key, Counter())[what]
        return change * 60.0 / (t1 - t0)

    def history(self, what: str, key: str) -> list[float]:
        """`what` for `key` in each sample interval, oldest first (a throughput chart)."""
        counts = [keyed.get(key, Counter())[what] for _, _, keyed in self._samples]
        return [float(b - a) for a, b in zip(counts, counts[1:], strict=False)]

    def of(self, key: str) -> Counter[str]:
        return self.by_key.get(key) or Counter()


_BY_DESTINATION: dict[type[Event], str] = {
    ExportQueued: "queued",
    ExportDelivered: "exports",
    ExportRetryScheduled: "retries",
    ExportDropped: "drops",
}
