"""Retry policies (§11.6) on the virtual clock: which statuses, when, how often, then dropped."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from sandbox.clock import VirtualClock
from sandbox.delivery import (
    BEST_EFFORT_RETRIES,
    CONFIGURABLE_RETRIES,
    Deliverer,
    DeliverySettings,
    RetryPolicy,
)
from sandbox.delivery.outcome import ExportOutcome
from sandbox.destinations.credentials import Credentials
from sandbox.events import (
    Event,
    EventBus,
    ExportDelivered,
    ExportDropped,
    ExportRetryScheduled,
)
from tests.test_delivery_kit import Answer, ScriptedPartner, outgoing


async def start(
    clock: VirtualClock, bus: EventBus, policy: RetryPolicy, *answers: Answer
) -> tuple[ScriptedPartner, asyncio.Task[ExportOutcome]]:
    """Begin delivering one export to a partner answering `answers` in turn."""
    partner = ScriptedPartner(clock).on("/ingest", *answers)
    client = partner.client()
    deliverer = Deliverer(client, clock, bus)

    async def run() -> ExportOutcome:
        async with client:
            return await deliverer.deliver(outgoing(), Credentials(), policy)

    task = asyncio.create_task(run())
    await clock.settle()
    return partner, task


def offsets(partner: ScriptedPartner, start_at: float) -> list[float]:
    return [seen.at - start_at for seen in partner.received]


def terminal(events: list[Event]) -> list[Event]:
    return [e for e in events if isinstance(e, ExportDelivered | ExportDropped)]


async def test_best_effort_retries_15_s_then_30_s_after_each_failure_then_drops(clock, bus, events):
    t0 = clock.now()
    partner, task = await start(clock, bus, BEST_EFFORT_RETRIES, 503)
    await clock.advance(14.999)
    assert offsets(partner, t0) == [0]
    await clock.advance(0.001)
    assert offsets(partner, t0) == [0, 15]
    await clock.advance(29.999)
    assert offsets(partner, t0) == [0, 15]
    await clock.advance(0.001)
    outcome = await task
    assert offsets(partner, t0) == [0, 15, 45]
    retries = [e for e in events if isinstance(e, ExportRetryScheduled)]
    assert [(r.attempt, r.at - t0, r.retry_at - t0) for r in retries] == [(1, 0, 15), (2, 15, 45)]
    assert all(r.reason == "the partner answered 503 Service Unavailable" for r in retries)
    assert (outcome.delivered, outcome.attempts, outcome.status) == (False, 3, 503)
    assert outcome.reason == (
        "the partner answered 503 Service Unavailable; dropped after 2 retries "
        "(best-effort aggregation)"
    )
    assert terminal(events) == [
        ExportDropped(t0 + 45, "moviestar", "export-1", attempts=3, reason=outcome.reason)
    ]
    await clock.advance(3600)
    assert len(partner.received) == 3


@pytest.mark.parametrize("status", [403, 408, 409, 429, 500, 502, 503, 504])
async def test_best_effort_retries_its_documented_statuses(status, clock, bus, events):
    t0 = clock.now()
    partner, task = await start(clock, bus, BEST_EFFORT_RETRIES, status, 200)
    await clock.advance(15)
    outcome = await task
    assert (outcome.delivered, outcome.attempts) == (True, 2)
    assert offsets(partner, t0) == [0, 15]
    assert [c.attempt for c in outcome.calls] == [1, 2]
    assert terminal(events) == [ExportDelivered(t0 + 15, "moviestar", "export-1", attempts=2)]


@pytest.mark.parametrize("status", [400, 401, 404, 413, 420, 501])
async def test_best_effort_drops_other_statuses_at_once(status, clock, bus, events):
    partner, task = await start(clock, bus, BEST_EFFORT_RETRIES, status, 200)
    outcome = await task
    assert (outcome.delivered, outcome.attempts, outcome.status) == (False, 1, status)
    assert f"{status} is not retried under the best-effort aggregation policy" in outcome.reason
    assert not [e for e in events if isinstance(e, ExportRetryScheduled)]
    await clock.advance(3600)
    assert len(partner.received) == 1


async def test_configurable_aggregation_retries_30_minutes_later_at_most_twice(clock, bus, events):
    t0 = clock.now()
    partner, task = await start(clock, bus, CONFIGURABLE_RETRIES, 429)
    await clock.advance(1799)
    assert offsets(partner, t0) == [0]
    await clock.advance(1)
    assert offsets(partner, t0) == [0, 1800]
    await clock.advance(1800)
    outcome = await task
    assert offsets(partner, t0) == [0, 1800, 3600]
    assert (outcome.delivered, outcome.attempts, outcome.finished_at) == (False, 3, t0 + 3600)
    assert "dropped after 2 retries (configurable aggregation)" in outcome.reason
    retries = [e for e in events if isinstance(e, ExportRetryScheduled)]
    assert [r.retry_at - t0 for r in retries] == [1800, 3600]
    await clock.advance(24 * 3600)
    assert len(partner.received) == 3


@pytest.mark.parametrize("status", [420, 429, 501, 502, 503, 599])
async def test_configurable_aggregation_retries_420_429_and_above_500(status, clock, bus):
    t0 = clock.now()
    partner, task = await start(clock, bus, CONFIGURABLE_RETRIES, status, 200)
    await clock.advance(1800)
    outcome = await task
    assert (outcome.delivered, outcome.attempts) == (True, 2)
    assert offsets(partner, t0) == [0, 1800]


@pytest.mark.parametrize("status", [400, 401, 403, 408, 500])
async def test_configurable_aggregation_does_not_retry_400_or_500(status, clock, bus):
    partner, task = await start(clock, bus, CONFIGURABLE_RETRIES, status, 200)
    outcome = await task
    assert (outcome.delivered, outcome.attempts) == (False, 1)
    assert f"{status} is not retried under the configurable aggregation policy" in outcome.reason
    await clock.advance(3 * 3600)
    assert len(partner.received) == 1


async def test_a_dataflow_can_have_its_own_policy(clock, bus):
    policy = RetryPolicy("support override", frozenset({418}), delays=(5.0, 5.0, 5.0))
    t0 = clock.now()
    partner, task = await start(clock, bus, policy, 418, 418, 418, 200)
    await clock.advance(15)
    outcome = await task
    assert (outcome.delivered, outcome.attempts) == (True, 4)
    assert offsets(partner, t0) == [0, 5, 10, 15]


async def test_settings_pick_the_policy_by_aggregation_type():
    settings = DeliverySettings()
    assert settings.policy_for("BEST_EFFORT") is BEST_EFFORT_RETRIES
    assert settings.policy_for("CONFIGURABLE_AGGREGATION") is CONFIGURABLE_RETRIES
    custom = replace(settings, best_effort=replace(BEST_EFFORT_RETRIES, delays=(1.0,)))
    assert custom.policy_for("BEST_EFFORT").max_retries == 1
    with pytest.raises(ValueError, match="BEST_EFFORT or CONFIGURABLE_AGGREGATION"):
        settings.policy_for("HOURLY")


async def test_many_exports_each_end_in_exactly_one_outcome(clock, bus, events):
    partner = ScriptedPartner(clock).on("/ingest", 503, 200, 400, 503, 503, 503, 200)
    async with partner.client() as client:
        deliverer = Deliverer(client, clock, bus, DeliverySettings(max_in_flight=1))
        tasks = [
            asyncio.create_task(
                deliverer.deliver(outgoing(export_id=f"e{n}"), Credentials(), BEST_EFFORT_RETRIES)
            )
            for n in range(5)
        ]
        await clock.advance(3600)
        outcomes = [await task for task in tasks]
    ends = terminal(events)
    assert sorted(e.export_id for e in ends) == [f"e{n}" for n in range(5)]  # type: ignore[attr-defined]
    assert sorted(o.export_id for o in outcomes) == [f"e{n}" for n in range(5)]
    assert sum(o.attempts for o in outcomes) == len(partner.received)
