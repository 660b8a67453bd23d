"""One call delivery makes, as built (`CallSpec`) and as it came out (`Sent`)."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.delivery.failures import Failure
from sandbox.delivery.transport import Answer, Headers
from sandbox.events import CallPurpose
from sandbox.frozen import quick_init


@quick_init
@dataclass(frozen=True)
class CallSpec:
    """A fully built request, credentials included, and what it is for."""

    purpose: CallPurpose
    destination_id: str
    export_id: str
    attempt: int
    method: str
    url: str
    headers: Headers
    body: str


@quick_init
@dataclass(frozen=True)
class Sent:
    """What came of sending a `CallSpec`: an answer or a failure, with its timing."""

    spec: CallSpec
    answer: Answer | None
    failure: Failure | None
    started_at: float
    duration_ms: float
