"""What a scenario run observed, collected for the expectations to check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sandbox.events import (
    BatchClosed,
    Event,
    ExportDelivered,
    ExportDropped,
    ExportRetryScheduled,
    HttpCall,
    HttpCallRecorded,
    TokenRefreshed,
)


@dataclass
class Observed:
    """Everything the checks read: bus events, the partner's records, Edge exchanges, populations."""

    events: list[Event] = field(default_factory=list)
    partner_records: list[dict[str, Any]] = field(default_factory=list)
    edge: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Edge step name → {"status", "response", "request"}."""
    populations: dict[str, int] = field(default_factory=dict)

    def of(self, kind: type[Any]) -> list[Any]:
        return [event for event in self.events if isinstance(event, kind)]

    def calls(self, destination: str | None = None) -> list[HttpCall]:
        calls = [e.call for e in self.of(HttpCallRecorded) if e.call.purpose == "activation"]
        return [c for c in calls if destination in (None, c.destination_id)]

    def exports(self, destination: str | None = None) -> dict[str, str]:
        """Export id → its outcome: `delivered`, `dropped`, or `lost` (closed but never settled)."""
        outcome: dict[str, str] = {}
        for event in self.events:
            if destination not in (None, getattr(event, "destination_id", None)):
                continue
            if isinstance(event, BatchClosed):
                outcome.setdefault(event.export_id, "lost")
            elif isinstance(event, ExportDelivered):
                outcome[event.export_id] = "delivered"
            elif isinstance(event, ExportDropped):
                outcome[event.export_id] = "dropped"
        return outcome

    def dropped(self, destination: str | None = None) -> list[ExportDropped]:
        return [e for e in self.of(ExportDropped) if destination in (None, e.destination_id)]

    def retries(self, destination: str | None = None) -> list[ExportRetryScheduled]:
        return [e for e in self.of(ExportRetryScheduled) if destination in (None, e.destination_id)]

    def tokens(self, destination: str | None = None) -> list[TokenRefreshed]:
        return [e for e in self.of(TokenRefreshed) if destination in (None, e.destination_id)]
