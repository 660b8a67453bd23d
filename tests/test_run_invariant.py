"""The end-of-run accounting: exported = delivered + dropped, every attempt recorded."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sandbox.events import (
    BatchClosed,
    CallOutcome,
    ExportDelivered,
    ExportDropped,
    ExportRetryScheduled,
    HttpCall,
    HttpCallRecorded,
)
from sandbox.scenario.invariant import broken_exports, check_accounting
from sandbox.scenario.observed import Observed


def _call(export_id: str, attempt: int, outcome: CallOutcome) -> HttpCallRecorded:
    call = HttpCall(
        "t",
        export_id,
        "d",
        attempt,
        "activation",
        "POST",
        "http://x",
        (),
        "",
        None,
        (),
        "",
        0.0,
        1.0,
        outcome,
    )
    return HttpCallRecorded(0.0, call)


def _export(export_id: str, attempts: int, delivered: bool) -> list[object]:
    events: list[object] = [BatchClosed(0.0, "d", export_id, None, ("p",), "count")]
    for attempt in range(1, attempts + 1):
        last = attempt == attempts
        events.append(_call(export_id, attempt, "ok" if last and delivered else "http_error"))
        if not last:
            events.append(ExportRetryScheduled(0.0, "d", export_id, attempt, 1.0, "503"))
    events.append(
        ExportDelivered(0.0, "d", export_id, attempts)
        if delivered
        else ExportDropped(0.0, "d", export_id, attempts, "gone")
    )
    return events


exports = st.lists(st.tuples(st.integers(1, 4), st.booleans()), min_size=0, max_size=8)
faults = st.sampled_from(["none", "lost", "twice", "missing_retry", "no_ok_call", "orphan"])


@given(exports, faults, st.data())
def test_only_a_broken_export_is_reported(specs, fault, data):
    events: list[object] = []
    for index, (attempts, delivered) in enumerate(specs):
        events += _export(f"e{index}", attempts, delivered)
    expected: set[str] = set()
    if fault == "orphan":
        events.append(ExportDropped(0.0, "d", "ghost", 1, "x"))
        expected.add("ghost")
    elif fault != "none" and specs:
        index = data.draw(st.integers(0, len(specs) - 1))
        attempts, delivered = specs[index]
        export_id = f"e{index}"
        ends = [e for e in events if isinstance(e, ExportDelivered | ExportDropped)]
        mine = next(e for e in ends if e.export_id == export_id)
        if fault == "lost":
            events.remove(mine)
            expected.add(export_id)
        elif fault == "twice":
            events.append(mine)
            expected.add(export_id)
        elif fault == "missing_retry" and attempts > 1:
            retry = next(
                e
                for e in events
                if isinstance(e, ExportRetryScheduled) and e.export_id == export_id
            )
            events.remove(retry)
            expected.add(export_id)
        elif fault == "no_ok_call" and delivered:
            ok = next(
                e
                for e in events
                if isinstance(e, HttpCallRecorded)
                and e.call.export_id == export_id
                and e.call.outcome == "ok"
            )
            events.remove(ok)
            expected.add(export_id)
    seen = Observed(events=events)  # type: ignore[arg-type]
    assert set(broken_exports(seen)) == expected
    outcome = check_accounting(seen)
    assert (outcome is None) == (not expected)
    if outcome is not None:
        assert not outcome.passed and "out of balance" in outcome.observed


def test_a_lost_export_is_named_with_the_tally():
    events = _export("e1", 1, True) + [BatchClosed(0.0, "d", "e2", None, ("p",), "count")]
    outcome = check_accounting(Observed(events=events))  # type: ignore[arg-type]
    assert outcome is not None
    assert "e2: exported but neither delivered nor dropped (lost)" in outcome.observed
    assert "delivered 1, dropped 0, lost 1" in outcome.observed
