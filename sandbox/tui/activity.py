"""One line of plain text per noteworthy simulator event, for the activity log (None: not logged).

High-rate facts that say nothing on their own (membership changes, queued exports, successful
HTTP calls that an `ExportDelivered` line already covers) are left out, so the log stays
readable at thousands of events a second.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sandbox.clock import isoformat
from sandbox.events import (
    AudienceCallFinished,
    AudienceDefined,
    AudienceEvaluated,
    BatchJobRan,
    DynamicValuesFetched,
    EdgeRequestHandled,
    Event,
    ExpectationChecked,
    ExportDelivered,
    ExportDropped,
    ExportRetryScheduled,
    FailureReported,
    HttpCallRecorded,
    ProfilesGenerated,
    RunStateChanged,
    ServerStarted,
    StepStarted,
    TokenRefreshed,
)
from sandbox.tui.speed import speed_label


def clock_time(at: float) -> str:
    """`HH:MM:SS` of a simulation time (UTC)."""
    return isoformat(at)[11:19]


@dataclass(frozen=True)
class ActivityLine:
    """One line of the activity log, with what its filters look at."""

    text: str
    destination: str | None = None
    """The destination (its name when known) the line is about, if any."""
    failure: bool = False
    """A failed call, a retry, a drop, a failed expectation or a failure of the run."""


FAILURE_MARKS = ("✗", "↻")


def activity_line(event: Event, names: Mapping[str, str] | None = None) -> ActivityLine | None:
    """`describe(event)` with the destination it concerns and whether it is a failure."""
    text = describe(event, names)
    if text is None:
        return None
    destination = getattr(event, "destination_id", None)
    name = None if destination is None else (names or {}).get(str(destination), str(destination))
    failure = text[10:].startswith(FAILURE_MARKS)
    return ActivityLine(text, name, failure)


def is_logged(event: Event) -> bool:
    """Whether events of this type may give a line (cheap: checked for every event)."""
    return type(event) in _DESCRIBERS


def describe(event: Event, names: Mapping[str, str] | None = None) -> str | None:
    """`HH:MM:SS  what happened`, or None when the event is not worth a line of its own.

    `names` maps destination ids to their names, so lines read `delivered to Acme CRM`.
    """
    describer = _DESCRIBERS.get(type(event))
    text = describer(event) if describer else None
    if not text:
        return None
    if names and (destination := getattr(event, "destination_id", None)) in names:
        text = text.replace(str(destination), names[str(destination)])
    return f"{clock_time(event.at)}  {text}"


def _run(event: RunStateChanged) -> str:
    return f"run {event.state} at {speed_label(event.speed)}"


def _server(event: ServerStarted) -> str:
    return f"{event.name} listening on {event.url}"


def _profiles(event: ProfilesGenerated) -> str:
    return f"{event.count:,} profile{'' if event.count == 1 else 's'} generated"


def _audience(event: AudienceDefined) -> str:
    return f"audience {event.name!r} ({event.mode}) defined: {event.expression}"


def _evaluated(event: AudienceEvaluated) -> str | None:
    if event.mode != "batch":
        return None
    return f"batch evaluation of {event.audience_id}: {event.population:,} members"


def _batch_job(event: BatchJobRan) -> str:
    count = len(event.audience_ids)
    return (
        f"batch segmentation ({event.trigger}): {count} batch audience"
        f"{'' if count == 1 else 's'}, {event.changed:,} memberships changed"
    )


def _http(event: HttpCallRecorded) -> str | None:
    call = event.call
    if call.outcome == "ok":
        return None
    answer = str(call.status) if call.status is not None else call.outcome.replace("_", " ")
    return f"✗ {call.method} {call.url} → {answer} (export {call.export_id}, try {call.attempt})"


def _delivered(event: ExportDelivered) -> str:
    tries = f" after {event.attempts} tries" if event.attempts > 1 else ""
    return f"✓ export {event.export_id} delivered to {event.destination_id}{tries}"


def _retry(event: ExportRetryScheduled) -> str:
    when = clock_time(event.retry_at)
    return f"↻ export {event.export_id} failed ({event.reason}); retry {event.attempt} at {when}"


def _dropped(event: ExportDropped) -> str:
    return f"✗ export {event.export_id} dropped after {event.attempts} tries: {event.reason}"


def _token(event: TokenRefreshed) -> str:
    return f"token refreshed for {event.destination_id} ({event.trigger})"


def _audience_call(event: AudienceCallFinished) -> str:
    target = repr(event.audience_name or event.audience_id) if event.audience_id else "connection"
    at = event.destination_name or event.destination_id
    if event.ok:
        made = f" → {event.external_id}" if event.external_id else ""
        return f"✓ audience {event.operation} {target} at {at}{made}"
    return f"✗ audience {event.operation} {target} at {at} failed: {event.reason}"


def _dynamic(event: DynamicValuesFetched) -> str:
    what = "schema fields" if event.field == "schema" else f"{event.field} options"
    return f"{event.destination_id} {what} from the partner: {', '.join(event.values) or 'none'}"


def _edge(event: EdgeRequestHandled) -> str:
    who = event.profile_id or "a new visitor"
    return f"edge {event.path} → {event.status} for {who} ({event.duration_ms:.0f} ms)"


def _step(event: StepStarted) -> str:
    return f"step {event.index + 1} · {event.kind}" + (f": {event.note}" if event.note else "")


def _expectation(event: ExpectationChecked) -> str:
    if event.passed:
        return f"✓ expectation {event.name}"
    return f"✗ expectation {event.name}: expected {event.expected}, observed {event.observed}"


def _failure(event: FailureReported) -> str:
    return f"✗ {event.source} {event.where} failed: {event.reason}"


_DESCRIBERS: dict[type[Event], Callable[[Any], str | None]] = {
    RunStateChanged: _run,
    ServerStarted: _server,
    ProfilesGenerated: _profiles,
    AudienceDefined: _audience,
    AudienceEvaluated: _evaluated,
    BatchJobRan: _batch_job,
    HttpCallRecorded: _http,
    ExportDelivered: _delivered,
    ExportRetryScheduled: _retry,
    ExportDropped: _dropped,
    TokenRefreshed: _token,
    AudienceCallFinished: _audience_call,
    DynamicValuesFetched: _dynamic,
    EdgeRequestHandled: _edge,
    StepStarted: _step,
    ExpectationChecked: _expectation,
    FailureReported: _failure,
}
