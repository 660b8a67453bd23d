"""An activation HTTP request as rendered from a destination's templates, before credentials."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sandbox.frozen import quick_init


@quick_init
@dataclass(frozen=True)
class OutgoingRequest:
    """What AEP would send for one batch (one aggregation group, one HTTP call).

    Credentials are not in `headers`: delivery adds them (and redacts them when recording).
    """

    destination_id: str
    export_id: str
    method: str
    url: str
    body: str
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    aggregation_key: dict[str, Any] | None = None
    profile_ids: tuple[str, ...] = ()
    """The sandbox profile ids this request carries (for accounting: none lost)."""
