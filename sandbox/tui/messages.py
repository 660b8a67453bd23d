"""Messages that carry simulator facts onto Textual's queue (partner arrivals skip it: the app
puts them straight into its bounded digest, see `SandboxApp._on_bus`)."""

from __future__ import annotations

from textual.message import Message

from sandbox.events import AudienceEvaluated, Event, RunStateChanged


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


def _supersedable(event: Event) -> tuple[str, str] | None:
    """A key for the events whose newest value is all the screen needs."""
    if isinstance(event, RunStateChanged):
        return ("run", "")
    if isinstance(event, AudienceEvaluated) and event.mode != "batch":
        return ("audience", event.audience_id)
    return None
