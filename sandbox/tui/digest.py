"""What arrived on the bus since the last screen update, folded so each widget updates once.

The bus can carry thousands of events a second; widgets cannot redraw that often. The app adds
every event here as it arrives (cheap: a deque append and a set update) and, on a timer, takes
the digest and hands each widget its share in one batched call. Buffers are bounded by what the
screen can show; the journal, not the TUI, keeps everything.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

from sandbox.events import (
    AudienceDefined,
    AudienceEvaluated,
    BatchClosed,
    BatchJobRan,
    Event,
    ExportDelivered,
    ExportDropped,
    ExportQueued,
    ExportRetryScheduled,
    MembershipChanged,
    PartnerRequestReceived,
    ProfilesGenerated,
    RunStateChanged,
    ServerStarted,
    StepStarted,
)
from sandbox.tui.activity import ActivityLine, activity_line, is_logged
from sandbox.tui.received_request import ReceivedRequest

INBOX_ROWS = 500
"""The partner inbox keeps this many newest requests on screen."""
ACTIVITY_LINES = 1000
"""The activity log keeps this many newest lines."""

AUDIENCES = "audiences"
DESTINATIONS = "destinations"
PROFILES = "profiles"
RUN = "run"

_TOUCHES: dict[type[Event], str] = {
    AudienceDefined: AUDIENCES,
    AudienceEvaluated: AUDIENCES,
    BatchJobRan: AUDIENCES,
    MembershipChanged: AUDIENCES,
    ExportQueued: DESTINATIONS,
    BatchClosed: DESTINATIONS,
    ExportDelivered: DESTINATIONS,
    ExportRetryScheduled: DESTINATIONS,
    ExportDropped: DESTINATIONS,
    ProfilesGenerated: PROFILES,
    RunStateChanged: RUN,
    ServerStarted: RUN,
}
"""Which part of the screen must re-read its summaries after an event of this type."""


@dataclass
class EventDigest:
    """Events since the last flush: new partner requests, log lines, steps and stale areas."""

    _partner: deque[PartnerRequestReceived] = field(
        default_factory=lambda: deque(maxlen=INBOX_ROWS)
    )
    _logged: deque[Event] = field(default_factory=lambda: deque(maxlen=ACTIVITY_LINES))
    steps: list[StepStarted] = field(default_factory=list)
    stale: set[str] = field(default_factory=set)
    received: int = 0
    """Partner requests seen, including those that fell out of the bounded buffer."""

    def add_arrival(self, event: PartnerRequestReceived) -> None:
        """A request the partner received (the hot path: a deque append and a count)."""
        self._partner.append(event)
        self.received += 1

    def add(self, event: Event) -> None:
        if isinstance(event, PartnerRequestReceived):
            self.add_arrival(event)
        elif isinstance(event, StepStarted):
            self.steps.append(event)
        area = _TOUCHES.get(type(event))
        if area is not None:
            self.stale.add(area)
        if is_logged(event):
            self._logged.append(event)

    def requests(self) -> list[ReceivedRequest]:
        """The newest partner requests, oldest first, read and redacted only now (once each)."""
        return [ReceivedRequest.from_record(e.record, e.at) for e in self._partner]

    def destination_ids(self) -> set[str]:
        """Destinations the activity lines mention (to name them)."""
        return {str(d) for e in self._logged if (d := getattr(e, "destination_id", None))}

    def activity(self, names: Mapping[str, str] | None = None) -> list[ActivityLine]:
        """The activity log's new lines, oldest first, described only now."""
        lines = (activity_line(event, names) for event in self._logged)
        return [line for line in lines if line is not None]

    def __bool__(self) -> bool:
        return bool(self._partner or self._logged or self.steps or self.stale)
