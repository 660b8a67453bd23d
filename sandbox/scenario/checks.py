"""Each expectation kind checked against what a run observed: passed, and expected vs observed."""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jsonpath_ng.exceptions import JsonPathParserError
from jsonpath_ng.ext.parser import parse as parse_jsonpath

from sandbox.events import BatchClosed
from sandbox.scenario import model, patterns
from sandbox.scenario.observed import Observed


@dataclass(frozen=True)
class Outcome:
    name: str
    kind: str
    passed: bool
    expected: str
    observed: str


def describe(count: model.CountSpec) -> str:
    if isinstance(count, int):
        return str(count)
    low = "" if count.min is None else f">= {count.min}"
    high = "" if count.max is None else f"<= {count.max}"
    return " and ".join(part for part in (low, high) if part) or "any number"


def within(value: int, count: model.CountSpec) -> bool:
    if isinstance(count, int):
        return value == count
    return (count.min is None or value >= count.min) and (count.max is None or value <= count.max)


def _header(record: dict[str, Any], name: str) -> str | None:
    headers = record.get("headers") or {}
    pairs = headers.items() if isinstance(headers, dict) else headers
    return next((str(v) for k, v in pairs if str(k).lower() == name.lower()), None)


def _status(record: dict[str, Any]) -> int | None:
    answer = record.get("answer") or record.get("response") or {}
    status = answer.get("status") if isinstance(answer, dict) else None
    return int(status) if status is not None else None


def matching_requests(spec: model.PartnerReceivedBody, records: list[dict[str, Any]]) -> list[Any]:
    found = []
    for record in records:
        if spec.method and str(record.get("method", "")).upper() != spec.method.upper():
            continue
        if spec.path and not fnmatch.fnmatchcase(str(record.get("path", "")), spec.path):
            continue
        if spec.status is not None and _status(record) != spec.status:
            continue
        if spec.fault is not None and (record.get("answer") or {}).get("fault") != spec.fault:
            continue
        if any(
            not patterns.search(rx, _header(record, h) or "\0") for h, rx in spec.headers.items()
        ):
            continue
        if any(body_failures(where, record.get("json")) for where in spec.where):
            continue
        found.append(record)
    return found


def body_failures(assertion: model.BodyAssertion, body: Any) -> str | None:
    """Why `body` fails the assertion, or None."""
    try:
        values = [match.value for match in parse_jsonpath(assertion.path).find(body)]
    except (JsonPathParserError, Exception) as error:
        return f"invalid JSONPath {assertion.path!r}: {error}"
    if assertion.exists is not None and bool(values) != assertion.exists:
        return f"{assertion.path} {'missing' if assertion.exists else 'present'}"
    if assertion.count is not None and not within(len(values), assertion.count):
        return (
            f"{assertion.path} matched {len(values)} values, expected {describe(assertion.count)}"
        )
    if assertion.equals is not None and any(v != assertion.equals for v in values or [None]):
        return f"{assertion.path} = {values!r}, expected {assertion.equals!r}"
    if assertion.contains is not None and not any(_contains(v, assertion.contains) for v in values):
        return f"{assertion.path} = {values!r} does not contain {assertion.contains!r}"
    if assertion.matches is not None and not all(
        patterns.search(assertion.matches, str(v)) for v in values
    ):
        return f"{assertion.path} = {values!r} does not match /{assertion.matches}/"
    return None


def _contains(value: Any, wanted: Any) -> bool:
    return wanted in value if isinstance(value, list | str | dict) else value == wanted


def check_partner_received(
    spec: model.PartnerReceivedBody, seen: Observed
) -> tuple[bool, str, str]:
    matches = matching_requests(spec, seen.partner_records)
    failures = [
        f"request #{record.get('sequence', '?')}: {why}"
        for record in matches
        for assertion in spec.body
        if (why := body_failures(assertion, record.get("json"))) is not None
    ]
    count_ok = spec.count is None or within(len(matches), spec.count)
    expected = (
        f"{describe(spec.count) if spec.count is not None else 'any number of'} matching requests"
    )
    if spec.body:
        expected += f", each body satisfying {len(spec.body)} assertion(s)"
    observed = f"{len(matches)} matching of {len(seen.partner_records)} received"
    if failures:
        observed += "; " + "; ".join(failures[:3]) + (" ..." if len(failures) > 3 else "")
    return count_ok and not failures, expected, observed


def check_retries(spec: model.RetriesBody, seen: Observed) -> tuple[bool, str, str]:
    attempts: dict[str, list[float]] = defaultdict(list)
    for call in seen.calls(spec.destination):
        attempts[call.export_id].append(call.started_at)
    outcome = seen.exports(spec.destination)
    wanted = [round(o, 3) for o in spec.offsets]
    sequences = {
        export: [round(b - a, 3) for a, b in zip(times, times[1:], strict=False)]
        for export, times in attempts.items()
        if len(times) > 1
    }
    hits = [
        e
        for e, gaps in sequences.items()
        if gaps[: len(wanted)] == wanted
        and (spec.then == "any" or (len(gaps) == len(wanted) and outcome.get(e) == spec.then))
    ]
    expected = f"an export retried at +{', +'.join(f'{o:g}s' for o in wanted)}"
    expected += "" if spec.then == "any" else f", then {spec.then}"
    shown = sorted({tuple(g) for g in sequences.values()})[:5]
    observed = f"{len(hits)} such export(s); retry gaps seen: {[list(s) for s in shown] or 'none'}"
    return bool(hits), expected, observed


def check_exports(spec: model.ExportsBody, seen: Observed) -> tuple[bool, str, str]:
    outcome = seen.exports(spec.destination)
    tally = {
        kind: sum(1 for o in outcome.values() if o == kind)
        for kind in ("delivered", "dropped", "lost")
    }
    reasons = [d.reason for d in seen.dropped(spec.destination)]
    ok, expected = exports_verdict(spec, tally, reasons)
    observed = ", ".join(f"{k} {v}" for k, v in tally.items())
    if reasons:
        observed += f"; drop reasons: {sorted(set(reasons))[:3]}"
    return ok, expected, observed


def exports_verdict(
    spec: model.ExportsBody, tally: dict[str, int], reasons: list[str]
) -> tuple[bool, str]:
    """Whether exports counted as `tally` (delivered, dropped, lost) meet `spec`, and what it asks."""
    ok = tally["lost"] == spec.lost
    ok &= spec.delivered is None or within(tally["delivered"], spec.delivered)
    ok &= spec.dropped is None or within(tally["dropped"], spec.dropped)
    ok &= spec.dropped_reason is None or all(spec.dropped_reason in r for r in reasons)
    expected = f"lost {spec.lost}"
    if spec.delivered is not None:
        expected += f", delivered {describe(spec.delivered)}"
    if spec.dropped is not None:
        expected += f", dropped {describe(spec.dropped)}"
    if spec.dropped_reason:
        expected += f" (reason containing {spec.dropped_reason!r})"
    return ok, expected


def check_edge_response(spec: model.EdgeResponseBody, seen: Observed) -> tuple[bool, str, str]:
    exchange = seen.edge.get(spec.step)
    expected = f"status {spec.status}, aliases {spec.aliases}, audiences {spec.audiences}"
    if exchange is None:
        return False, expected, f"no edge step named {spec.step!r} ran"
    found: dict[str, set[str]] = {}
    for handle in exchange["response"].get("handle", []):
        if handle.get("type") == "activation:pull":
            for payload in handle.get("payload", []):
                ids = {str(s.get("id")) for s in payload.get("segments", [])}
                found.setdefault(str(payload.get("alias")), set()).update(ids)
    ok = exchange["status"] == spec.status and set(spec.aliases) <= set(found)
    ok &= all(set(ids) <= found.get(alias, set()) for alias, ids in spec.audiences.items())
    ok &= all(not set(ids) & found.get(alias, set()) for alias, ids in spec.absent.items())
    if spec.absent:
        expected += f", not yet {spec.absent}"
    observed = f"status {exchange['status']}, " + (
        ", ".join(f"{a}: {sorted(ids)}" for a, ids in sorted(found.items())) or "no destinations"
    )
    return ok, expected, observed


def check_tokens(spec: model.TokensBody, seen: Observed) -> tuple[bool, str, str]:
    events = [t for t in seen.tokens(spec.destination) if spec.trigger in ("any", t.trigger)]
    triggers = [t.trigger for t in seen.tokens(spec.destination)]
    expected = f"{describe(spec.refreshed)} token request(s)" + (
        "" if spec.trigger == "any" else f" triggered by {spec.trigger}"
    )
    return (
        within(len(events), spec.refreshed),
        expected,
        f"{len(events)}; triggers seen: {triggers}",
    )


def check_batches(spec: model.BatchesBody, seen: Observed) -> tuple[bool, str, str]:
    batches = [
        b
        for b in seen.of(BatchClosed)
        if spec.destination in (None, b.destination_id)
        and spec.reason in (None, b.reason)
        and all((b.aggregation_key or {}).get(k) == v for k, v in spec.key.items())
    ]
    sizes = [len(b.profile_ids) for b in batches]
    ok = spec.count is None or within(len(batches), spec.count)
    ok &= spec.size is None or all(within(size, spec.size) for size in sizes)
    ok &= bool(batches) or (spec.count is not None and within(0, spec.count))
    what = f"batches{f' closed by {spec.reason}' if spec.reason else ''}"
    what += f" with key {spec.key}" if spec.key else ""
    expected = f"{describe(spec.count) if spec.count is not None else 'some'} {what}"
    expected += f", each of size {describe(spec.size)}" if spec.size is not None else ""
    shown = sizes[:8]
    observed = f"{len(batches)} {what}; sizes {shown}{' ...' if len(sizes) > 8 else ''}"
    return ok, expected, observed


def check_audience(spec: model.AudienceBody, seen: Observed) -> tuple[bool, str, str]:
    population = seen.populations.get(spec.id)
    expected = f"population {describe(spec.population)}"
    if population is None:
        return False, expected, f"no audience {spec.id!r}"
    return within(population, spec.population), expected, f"population {population}"


def check(
    expectation: Any, seen: Observed, index: int, destination_ids: dict[str, str] | None = None
) -> Outcome:
    """Check one expectation; `destination_ids` maps the scenario's destination keys to ids."""
    kind = next(name for name in type(expectation).model_fields if name != "name")
    body = getattr(expectation, kind)
    checker: Callable[[Any, Observed], tuple[bool, str, str]] = CHECKS[kind]
    wanted = getattr(body, "destination", None)
    if wanted is not None and destination_ids and wanted in destination_ids:
        body = body.model_copy(update={"destination": destination_ids[wanted]})
    try:
        passed, expected, observed = checker(body, seen)
    except patterns.PatternTimeout as error:
        passed, expected, observed = False, "a regular expression that finishes", str(error)
    return Outcome(expectation.name or f"{index + 1}. {kind}", kind, passed, expected, observed)


CHECKS: dict[str, Callable[[Any, Observed], tuple[bool, str, str]]] = {
    "partner_received": check_partner_received,
    "retries": check_retries,
    "exports": check_exports,
    "edge_response": check_edge_response,
    "tokens": check_tokens,
    "audience": check_audience,
    "batches": check_batches,
    "audience_calls": lambda spec, seen: _audience_calls(spec, seen),
}


def _audience_calls(spec: Any, seen: Observed) -> tuple[bool, str, str]:
    from sandbox.scenario.audience_steps import check_audience_calls  # it imports this module

    return check_audience_calls(spec, seen)
