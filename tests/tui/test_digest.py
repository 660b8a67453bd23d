"""Folding bus events between screen updates; activity lines; coalescing messages; trends."""

from __future__ import annotations

from sandbox.events import (
    AudienceEvaluated,
    ExportDelivered,
    ExportDropped,
    ExportRetryScheduled,
    MembershipChanged,
    PartnerRequestReceived,
    ProfilesGenerated,
    RunStateChanged,
    StepStarted,
)
from sandbox.simulator.api import AudienceSummary
from sandbox.tui.activity import describe
from sandbox.tui.digest import AUDIENCES, DESTINATIONS, INBOX_ROWS, PROFILES, EventDigest
from sandbox.tui.messages import SimulatorEvent
from sandbox.tui.speed import next_speed, speed_label
from sandbox.tui.trends import AudienceTrends
from tests.tui.fake_simulator import partner_record

T0 = 1767225600.0  # 2026-01-01T00:00:00Z


def test_an_empty_digest_is_false() -> None:
    assert not EventDigest()


def test_partner_requests_are_bounded_and_counted() -> None:
    digest = EventDigest()
    for seq in range(1, INBOX_ROWS + 101):
        digest.add(PartnerRequestReceived(T0, partner_record(seq)))

    requests = digest.requests()

    assert digest.received == INBOX_ROWS + 100
    assert len(requests) == INBOX_ROWS
    assert (requests[0].seq, requests[-1].seq) == (101, INBOX_ROWS + 100)


def test_events_mark_the_areas_they_change() -> None:
    digest = EventDigest()
    digest.add(MembershipChanged(T0, "p-1", "aud", "realized", None))
    digest.add(ExportDelivered(T0, "acme", "e-1", 1))
    digest.add(ProfilesGenerated(T0, 0, 10))
    digest.add(StepStarted(T0, 2, "edge_event", "Send a page view"))

    assert digest.stale == {AUDIENCES, DESTINATIONS, PROFILES}
    assert [step.index for step in digest.steps] == [2]


def test_activity_lines_say_what_happened_at_simulation_time() -> None:
    assert describe(ExportRetryScheduled(T0 + 5, "acme", "e-9", 1, T0 + 20, "HTTP 429")) == (
        "00:00:05  ↻ export e-9 failed (HTTP 429); retry 1 at 00:00:20"
    )
    assert describe(ExportDropped(T0, "acme", "e-9", 3, "HTTP 429")) == (
        "00:00:00  ✗ export e-9 dropped after 3 tries: HTTP 429"
    )
    assert describe(MembershipChanged(T0, "p", "a", "realized", None)) is None
    assert describe(AudienceEvaluated(T0, "a", 5, "streaming")) is None


def test_a_newer_run_state_or_audience_count_supersedes_a_pending_one() -> None:
    paused = SimulatorEvent(RunStateChanged(T0, "paused", 60.0))
    running = SimulatorEvent(RunStateChanged(T0, "running", 60.0))
    count_a1 = SimulatorEvent(AudienceEvaluated(T0, "a", 1, "streaming"))
    count_a2 = SimulatorEvent(AudienceEvaluated(T0, "a", 2, "streaming"))
    count_b = SimulatorEvent(AudienceEvaluated(T0, "b", 2, "streaming"))
    arrival = SimulatorEvent(PartnerRequestReceived(T0, partner_record(1)))

    assert paused.can_replace(running)
    assert count_a1.can_replace(count_a2)
    assert not count_a1.can_replace(count_b)
    assert not arrival.can_replace(SimulatorEvent(PartnerRequestReceived(T0, partner_record(2))))


def test_speeds_step_through_the_offered_ladder() -> None:
    assert [speed_label(s) for s in (1.0, 3600.0, 0.0)] == ["1×", "3600×", "max"]
    assert next_speed(60.0, faster=True) == 3600.0
    assert next_speed(3600.0, faster=True) == 0.0
    assert next_speed(0.0, faster=True) == 0.0
    assert next_speed(0.0, faster=False) == 3600.0
    assert next_speed(1.0, faster=False) == 1.0
    assert next_speed(30.0, faster=True) == 60.0


def test_trends_rate_entries_and_exits_per_simulated_minute() -> None:
    trends = AudienceTrends()
    for minute, (population, realized, exited) in enumerate(
        [(10, 10, 0), (25, 30, 5), (40, 50, 10)]
    ):
        summary = AudienceSummary("a", "A", "streaming", "x", population, realized, exited)
        trends.sample([summary], T0 + 60 * minute)

    trend = trends.get("a")
    assert list(trend.populations) == [10.0, 25.0, 40.0]
    assert (trend.qualifications_per_minute, trend.exits_per_minute) == (20.0, 5.0)
    trends.sample([], T0 + 600)
    assert trends.by_id == {}
