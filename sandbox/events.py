"""The facts the simulator announces, and the bus they travel on.

Every event is a small frozen dataclass named in the past tense, stamped with `at`, the simulation
time (epoch seconds, UTC) from the injected clock, never the wall clock. The journal, the scenario
runner and the TUI subscribe to one `EventBus`; none of them changes simulator state through it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from sandbox.errors import SimulationError
from sandbox.frozen import quick_init

log = logging.getLogger("sandbox")
FailureSource = Literal["subscriber", "task", "step"]

Status = str  # "realized" | "exited" ("existing" only in user-supplied profiles): read from data
ChangeKind = Literal["created", "attributes", "identities", "events"]
CloseReason = Literal["best_effort", "count", "age", "flush"]
CallPurpose = Literal[
    "activation",
    "token",
    "audience.create",
    "audience.update",
    "audience.delete",
    "audience.validate",
]
AudienceOperation = Literal["validate", "create", "update", "delete"]
CallOutcome = Literal["ok", "http_error", "timeout", "connect_error", "protocol_error"]
TokenTrigger = Literal["initial", "expired", "401"]
RunState = Literal["running", "paused", "stopped"]
ServerName = Literal["partner", "edge", "demo"]
AudienceMode = Literal["streaming", "batch", "edge"]


@dataclass(frozen=True)
class Event:
    at: float


# -- the run ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunStateChanged(Event):
    state: RunState
    speed: float  # simulated seconds per wall second; 0 means as fast as possible


@dataclass(frozen=True)
class ServerStarted(Event):
    name: ServerName
    url: str


# -- profiles and audiences ------------------------------------------------------------------


@dataclass(frozen=True)
class ProfilesGenerated(Event):
    first_index: int
    count: int


@dataclass(frozen=True)
class ProfileChanged(Event):
    profile_id: str
    kind: ChangeKind
    paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class AudienceDefined(Event):
    audience_id: str
    name: str
    mode: AudienceMode
    expression: str


@dataclass(frozen=True)
class MembershipChanged(Event):
    profile_id: str
    audience_id: str
    status: Status
    previous: Status | None


@dataclass(frozen=True)
class AudienceEvaluated(Event):
    audience_id: str
    population: int
    mode: AudienceMode


@dataclass(frozen=True)
class BatchJobRan(Event):
    """AEP's batch segmentation job ran over the whole population (`trigger`: "scheduled", the
    daily run, or "on demand"); `audience_ids` are the batch audiences it evaluated."""

    trigger: str
    audience_ids: tuple[str, ...]
    changed: int
    """Memberships that changed."""
    next_run: float | None
    """When the next scheduled run is due (None: no daily schedule)."""


# -- destinations and delivery ---------------------------------------------------------------


@dataclass(frozen=True)
class ExportQueued(Event):
    destination_id: str
    profile_id: str
    reasons: tuple[str, ...]
    """Why: e.g. `("audience:<id>:realized", "identity:Email", "attribute:firstName")`."""


@dataclass(frozen=True)
class BatchClosed(Event):
    destination_id: str
    export_id: str
    aggregation_key: dict[str, Any] | None
    profile_ids: tuple[str, ...]
    reason: CloseReason


@quick_init
@dataclass(frozen=True, slots=True)
class HttpCall:
    """One HTTP exchange as recorded, secrets already redacted (slotted: journals and tests keep
    many, and one object each is half the garbage collector's work of an object and its dict)."""

    trace_id: str
    export_id: str
    destination_id: str
    attempt: int  # 1 for the first try
    purpose: CallPurpose
    method: str
    url: str
    request_headers: tuple[tuple[str, str], ...]
    request_body: str
    status: int | None  # None when no answer came
    response_headers: tuple[tuple[str, str], ...]
    response_body: str
    started_at: float  # simulation time
    duration_ms: float  # wall time of the exchange
    outcome: CallOutcome
    error: str = ""


@quick_init  # one per call or export: built in one step
@dataclass(frozen=True)
class HttpCallRecorded(Event):
    call: HttpCall


@quick_init  # one per call or export: built in one step
@dataclass(frozen=True)
class ExportDelivered(Event):
    destination_id: str
    export_id: str
    attempts: int


@dataclass(frozen=True)
class ExportRetryScheduled(Event):
    destination_id: str
    export_id: str
    attempt: int  # the attempt that failed
    retry_at: float
    reason: str


@dataclass(frozen=True)
class ExportDropped(Event):
    destination_id: str
    export_id: str
    attempts: int
    reason: str


@dataclass(frozen=True)
class TokenRefreshed(Event):
    destination_id: str
    expires_at: float | None
    trigger: TokenTrigger


# -- the outside world -----------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerRequestReceived(Event):
    record: dict[str, Any]  # the mock partner's record of the request, as its admin API gives it


@dataclass(frozen=True)
class EdgeRequestHandled(Event):
    path: str
    datastream_id: str
    profile_id: str | None
    status: int
    request_body: str
    response_body: str
    duration_ms: float


# -- failures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FailureReported(Event):
    """Something failed that nobody was awaiting: a bus subscriber, a background task, a step.

    It is logged, shown in the console, journaled, and fails a headless run (exit 3)."""

    source: FailureSource
    where: str
    """Which subscriber, task or step (e.g. `step 3 (edge_event)`)."""
    reason: str
    """`ExceptionType: message`."""
    environment: bool = False
    """The world around the sandbox failed (a `SimulationError`: the mock partner died, a
    server stopped answering), not the sandbox: a headless run reports it and exits 1."""


def failure(at: float, source: FailureSource, where: str, error: BaseException) -> FailureReported:
    """Log `error` and describe it as an event to publish."""
    reason = f"{type(error).__name__}: {error}"
    log.error("%s %s failed: %s", source, where, reason, exc_info=error)
    return FailureReported(
        at=at,
        source=source,
        where=where,
        reason=reason,
        environment=isinstance(error, SimulationError),
    )


# -- scenarios -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepStarted(Event):
    index: int
    kind: str
    note: str = ""


@dataclass(frozen=True)
class StepFinished(Event):
    index: int
    kind: str


@dataclass(frozen=True)
class ExpectationChecked(Event):
    name: str
    passed: bool
    expected: str
    observed: str


# -- the bus ---------------------------------------------------------------------------------

E = TypeVar("E", bound=Event)
Handler = Callable[[Event], None]


@dataclass(frozen=True)
class AudienceCallFinished(Event):
    """An audience metadata call (validate, create, update, delete) ended, after its retries."""

    destination_id: str
    operation: AudienceOperation
    audience_id: str
    """Empty for `validate`, which concerns the connection, not an audience."""
    audience_name: str
    ok: bool
    attempts: int
    status: int | None
    external_id: str = ""
    """The partner's audience ID (`externalAudienceId`) when the call returned one."""
    reason: str = ""
    """Why it failed, with the partner's error (responseErrorFields), when it did."""
    destination_name: str = ""
    """What people read for `destination_id` (the call may come before the console knows it)."""


@dataclass(frozen=True)
class DynamicValuesFetched(Event):
    """A connection read a dynamic dropdown's options, or the partner's dynamic schema fields."""

    destination_id: str
    field: str
    """`customerData.<name>` for a dropdown, `schema` for the dynamic schema."""
    values: tuple[str, ...]


@dataclass
class EventBus:
    """Synchronous publish/subscribe: handlers run in publish order and must be quick.

    A handler that needs slow work queues it (the TUI posts a Textual message, the journal
    buffers rows). An exception in one handler never stops the others; it is kept in `errors`,
    logged, and published as `FailureReported` (so the console shows it and a headless run fails).
    """

    _handlers: tuple[Handler, ...] = ()
    """Replaced, never changed in place: `publish` iterates it without copying it each time, and
    a handler subscribing or leaving during a publication takes effect from the next event."""
    errors: list[BaseException] = field(default_factory=list)

    def subscribe(self, handler: Handler) -> Callable[[], None]:
        self._handlers = (*self._handlers, handler)
        return lambda: self._unsubscribe(handler)

    def _unsubscribe(self, handler: Handler) -> None:
        if handler in self._handlers:
            kept = list(self._handlers)
            kept.remove(handler)
            self._handlers = tuple(kept)

    def subscribe_to(self, kind: type[E], handler: Callable[[E], None]) -> Callable[[], None]:
        def only(event: Event) -> None:
            if isinstance(event, kind):
                handler(event)

        only.__qualname__ = _name(handler)
        return self.subscribe(only)

    def publish(self, event: Event) -> None:
        for handler in self._handlers:
            try:
                handler(event)
            except Exception as error:  # a broken subscriber must not stop the simulation
                self.errors.append(error)
                if not isinstance(event, FailureReported):
                    where = f"{_name(handler)} on {type(event).__name__}"
                    self.publish(failure(event.at, "subscriber", where, error))


def _name(handler: Callable[..., Any]) -> str:
    return str(getattr(handler, "__qualname__", None) or repr(handler))
