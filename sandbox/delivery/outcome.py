"""How one export ended: delivered after some tries, or dropped with a reason."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.events import HttpCall
from sandbox.frozen import quick_init


@quick_init
@dataclass(frozen=True)
class ExportOutcome:
    """Exactly one per export handed to `Deliverer.deliver`."""

    destination_id: str
    export_id: str
    delivered: bool
    attempts: int
    """Tries made: 1 plus the retries (a call repeated after a 401 token refresh is in the same
    try)."""
    finished_at: float
    """Simulation time of the last answer (or failure)."""
    reason: str = ""
    """Why the export was dropped; empty when delivered."""
    status: int | None = None
    """The status of the last answer, None when the last try got none."""
    calls: tuple[HttpCall, ...] = ()
    """The activation calls made, as recorded (token calls are on the bus only)."""
    profile_ids: tuple[str, ...] = ()
