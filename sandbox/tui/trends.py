"""Audiences over time: population samples for a sparkline, and qualification and exit rates."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from sandbox.simulator.api import AudienceSummary

SAMPLES = 60
"""Population samples kept per audience (one a tick: a minute of wall time by default)."""
RATE_WINDOW = 10
"""Samples the rates are averaged over."""


@dataclass
class AudienceTrend:
    """One audience's recent history."""

    populations: deque[float] = field(default_factory=lambda: deque(maxlen=SAMPLES))
    _marks: deque[tuple[float, int, int]] = field(default_factory=lambda: deque(maxlen=RATE_WINDOW))

    def sample(self, summary: AudienceSummary, now: float) -> None:
        self.populations.append(float(summary.population))
        if not self._marks or now > self._marks[-1][0]:
            self._marks.append((now, summary.realized_total, summary.exited_total))

    def _per_minute(self, column: int) -> float:
        if len(self._marks) < 2:
            return 0.0
        first, last = self._marks[0], self._marks[-1]
        return (last[column] - first[column]) * 60.0 / (last[0] - first[0])

    @property
    def qualifications_per_minute(self) -> float:
        """Profiles that realized the audience per simulated minute, over the recent samples."""
        return self._per_minute(1)

    @property
    def exits_per_minute(self) -> float:
        return self._per_minute(2)


@dataclass
class AudienceTrends:
    """A trend per audience id; audiences that disappear are forgotten."""

    by_id: dict[str, AudienceTrend] = field(default_factory=dict)

    def sample(self, summaries: Iterable[AudienceSummary], now: float) -> None:
        current = {summary.id: summary for summary in summaries}
        self.by_id = {aid: self.by_id.get(aid) or AudienceTrend() for aid in current}
        for aid, summary in current.items():
            self.by_id[aid].sample(summary, now)

    def get(self, audience_id: str) -> AudienceTrend:
        return self.by_id.get(audience_id) or AudienceTrend()
