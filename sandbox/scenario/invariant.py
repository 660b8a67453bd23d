"""The accounting every run must balance: exported = delivered + dropped, every attempt recorded.

Checked at the end of every scenario run, whatever the scenario expects. When it does not hold the
report gains a failing outcome named `run invariant` that says which exports broke it and how, so
a lost export can never pass silently.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sandbox.events import (
    BatchClosed,
    ExportDelivered,
    ExportDropped,
    ExportRetryScheduled,
    HttpCallRecorded,
)
from sandbox.scenario.checks import Outcome
from sandbox.scenario.observed import Observed

NAME = "run invariant: exported = delivered + dropped, every attempt recorded"
SHOWN = 5
"""Broken exports named in the outcome (the count covers them all)."""


def broken_exports(seen: Observed) -> dict[str, str]:
    """Export id → what is wrong with its accounting (empty when the run balances)."""
    closed = {e.export_id for e in seen.of(BatchClosed)}
    ends: dict[str, list[ExportDelivered | ExportDropped]] = defaultdict(list)
    for event in seen.events:
        if isinstance(event, ExportDelivered | ExportDropped):
            ends[event.export_id].append(event)
    retries = Counter(e.export_id for e in seen.of(ExportRetryScheduled))
    calls: dict[str, list[HttpCallRecorded]] = defaultdict(list)
    for event in seen.of(HttpCallRecorded):
        calls[event.call.export_id].append(event)
    wrong: dict[str, str] = {}
    for export_id in sorted(closed | set(ends)):
        problem = _problem(export_id in closed, ends.get(export_id, []), retries[export_id])
        problem = problem or _calls_problem(ends.get(export_id, []), calls.get(export_id, []))
        if problem:
            wrong[export_id] = problem
    return wrong


def _problem(closed: bool, ends: list[ExportDelivered | ExportDropped], retries: int) -> str:
    if not ends:
        return "exported but neither delivered nor dropped (lost)"
    if len(ends) > 1:
        return f"{len(ends)} outcomes for one export"
    if not closed:
        return "an outcome for an export that was never closed"
    if retries != ends[0].attempts - 1:
        return f"{ends[0].attempts} attempts but {retries} retries scheduled"
    return ""


def _calls_problem(
    ends: list[ExportDelivered | ExportDropped], calls: list[HttpCallRecorded]
) -> str:
    end = ends[0]
    activation = [c.call for c in calls if c.call.purpose == "activation"]
    if any(call.attempt > end.attempts for call in activation):
        return f"an HTTP call recorded after the last of its {end.attempts} attempts"
    if isinstance(end, ExportDelivered) and not any(
        call.attempt == end.attempts and call.outcome == "ok" for call in activation
    ):
        return f"delivered, but no successful call recorded for attempt {end.attempts}"
    return ""


def check_accounting(seen: Observed) -> Outcome | None:
    """A failing outcome naming the broken exports, or None when the run balances."""
    wrong = broken_exports(seen)
    if not wrong:
        return None
    tally = Counter(seen.exports().values())
    shown = "; ".join(f"{export_id}: {why}" for export_id, why in list(wrong.items())[:SHOWN])
    more = f" (and {len(wrong) - SHOWN} more)" if len(wrong) > SHOWN else ""
    return Outcome(
        name=NAME,
        kind="invariant",
        passed=False,
        expected="every export delivered or dropped exactly once, each attempt recorded",
        observed=(
            f"{len(wrong)} export(s) out of balance (delivered {tally['delivered']}, dropped "
            f"{tally['dropped']}, lost {tally['lost']}): {shown}{more}"
        ),
    )
