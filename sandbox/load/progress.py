"""The live line a load test prints on stderr once a second."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sandbox.load.timeline import STATUS_CLASSES, Timeline, percentile


class Progress:
    def __init__(self, timeline: Timeline) -> None:
        self._timeline = timeline

    def line(self, exported: int, in_flight: int) -> str:
        timeline = self._timeline
        rate, statuses, latencies = timeline.window(1)
        phase = timeline.phases[-1][0] if timeline.phases else "starting"
        return format_line(
            phase,
            timeline.elapsed(),
            rate,
            statuses,
            latencies,
            timeline.totals,
            exported,
            in_flight,
        )


def format_line(
    phase: str,
    elapsed: float,
    rate: float,
    statuses: Counter[str],
    latencies: Sequence[float],
    totals: Counter[str],
    exported: int,
    in_flight: int,
) -> str:
    """Phase, calls/s and latency over the last whole second; totals so far."""
    mix = " ".join(f"{kind} {statuses[kind]}" for kind in STATUS_CLASSES if statuses[kind])
    return (
        f"{phase:<9} {elapsed:6.0f}s  {rate:7,.0f} calls/s  "
        f"p50 {percentile(latencies, 0.5):6.1f} p95 {percentile(latencies, 0.95):6.1f} "
        f"p99 {percentile(latencies, 0.99):6.1f} ms  [{mix or 'no calls'}]  "
        f"exported {exported:,} delivered {totals['delivered']:,} "
        f"retries {totals['retries']:,} dropped {totals['dropped']:,} in flight {in_flight:,}"
    )
