"""Messages that carry simulator facts onto Textual's queue (the UI's only input from the core)."""

from __future__ import annotations

from textual.message import Message

from sandbox.events import AudienceEvaluated, Event, PartnerRequestReceived, RunStateChanged


class SimulatorEvent(Message):
    """One event from the simulator's bus. Posted from the bus callback, which only queues it."""

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event

    def can_replace(self, message: Message) -> bool:
        """A pending run-state change, or a count for the same audience, supersedes this one."""
        if not isinstance(message, SimulatorEvent):
            return False
        mine = _supersedable(self.event)
        return mine is not None and mine == _supersedable(message.event)


class PartnerArrivals(Message):
    """Requests the partner received since the last such message, in arrival order.

    Arrivals come at 1,000+ a second: one message per arrival would queue a key press behind
    hundreds of them, so the bus callback gathers them into the one message still pending."""

    def __init__(self, events: list[PartnerRequestReceived]) -> None:
        super().__init__()
        self.events = events


def _supersedable(event: Event) -> tuple[str, str] | None:
    """A key for the events whose newest value is all the screen needs."""
    if isinstance(event, RunStateChanged):
        return ("run", "")
    if isinstance(event, AudienceEvaluated) and event.mode != "batch":
        return ("audience", event.audience_id)
    return None
