"""The daily batch segmentation job: on the simulation clock, announced, and on demand."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sandbox.clock import DEFAULT_EPOCH, VirtualClock
from sandbox.composition.assemble import Options, assemble
from sandbox.errors import InputError
from sandbox.events import AudienceEvaluated, BatchJobRan, EventBus
from sandbox.scenario.load import load_scenario
from sandbox.segments import EvalContext, make_audience
from sandbox.simulator.live import Simulator
from sandbox.simulator.schedule import DAY, next_run, parse_time_of_day
from sandbox.simulator.setup import PopulationSpec, Setup

BOOKED = (
    'exists E from xEvent where E.eventType = "commerce.purchases" '
    "and E.timestamp occurs <= 90 days before now"
)


@given(st.floats(0, 4e9, allow_nan=False), st.integers(0, 86_399))
def test_the_next_run_is_the_next_time_of_day_after_now(now: float, at: int) -> None:
    moment = next_run(now, float(at))
    assert now < moment <= now + DAY
    assert moment % DAY == at


@pytest.mark.parametrize(
    ("text", "seconds"), [("00:00", 0.0), ("02:30", 9000.0), ("23:59", 86_340.0)]
)
def test_times_of_day(text: str, seconds: float) -> None:
    assert parse_time_of_day(text) == seconds


@pytest.mark.parametrize("text", ["24:00", "2:3", "noon", "12:60", ""])
def test_bad_times_of_day_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time_of_day(text)


def _simulator(clock: VirtualClock, bus: EventBus, batch_time: float | None) -> Simulator:
    audience, _ = make_audience("booked", "Booked a stay in the last 90 days", BOOKED, "batch")
    setup = Setup(
        name="batch",
        seed=3,
        start=clock.now(),
        population=PopulationSpec(count=200, lookback_days=60),
        audiences=(audience,),
        batch_time=batch_time,
    )
    return assemble(setup, clock, bus, Options(journal=False)).simulator


async def test_a_batch_audience_fills_within_one_simulated_day() -> None:
    clock, bus = VirtualClock(DEFAULT_EPOCH + 3600), EventBus()
    seen: list[object] = []
    bus.subscribe(seen.append)
    simulator = _simulator(clock, bus, batch_time=2 * 3600.0)
    await simulator.start()
    try:
        (summary,) = simulator.audiences()
        assert (summary.population, summary.last_evaluated) == (0, None)
        await clock.run_until(DEFAULT_EPOCH + DAY)
        (summary,) = simulator.audiences()
        booked = simulator.core.membership.audiences.get("booked")
        assert booked is not None
        ctx = EvalContext(DEFAULT_EPOCH + 2 * 3600)
        expected = sum(booked.compiled.matches(p, ctx) for p in simulator.core.store)
        assert summary.population == expected > 0
        assert summary.last_evaluated == DEFAULT_EPOCH + 2 * 3600
        (ran,) = [e for e in seen if isinstance(e, BatchJobRan)]
        assert (ran.trigger, ran.audience_ids, ran.at) == (
            "scheduled",
            ("booked",),
            DEFAULT_EPOCH + 2 * 3600,
        )
        assert ran.next_run == DEFAULT_EPOCH + DAY + 2 * 3600
        evaluated = [e for e in seen if isinstance(e, AudienceEvaluated) and e.mode == "batch"]
        assert seen.index(evaluated[-1]) < seen.index(ran)
    finally:
        await simulator.stop()


async def test_without_a_schedule_it_runs_only_on_demand() -> None:
    clock, bus = VirtualClock(), EventBus()
    seen: list[object] = []
    bus.subscribe(seen.append)
    simulator = _simulator(clock, bus, batch_time=None)
    await simulator.start()
    try:
        await clock.run_until(DEFAULT_EPOCH + 2 * DAY)
        assert not [e for e in seen if isinstance(e, BatchJobRan)]
        assert simulator.audiences()[0].population == 0
        changed = await simulator.run_batch_job()
        (ran,) = [e for e in seen if isinstance(e, BatchJobRan)]
        assert (ran.trigger, ran.changed, ran.next_run) == ("on demand", changed, None)
        assert simulator.audiences()[0].population == changed > 0
    finally:
        await simulator.stop()


def test_a_scenario_sets_the_daily_batch_time(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("name: b\ndaily_batch: '02:30'\nsteps:\n  - settle: 1m\n")
    assert load_scenario(path).setup.batch_time == 9000.0
    path.write_text("name: b\nsteps:\n  - settle: 1m\n")
    assert load_scenario(path).setup.batch_time is None


def test_a_bad_daily_batch_time_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("name: b\ndaily_batch: '25:00'\nsteps:\n  - settle: 1m\n")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.location == "line 2: daily_batch"
    assert "HH:MM" in problem.message


async def test_the_editor_preview_counts_and_names_unknown_paths() -> None:
    clock, bus = VirtualClock(), EventBus()
    simulator = _simulator(clock, bus, batch_time=None)
    await simulator.start()
    try:
        preview = await simulator.preview_audience_pql("booked", "loyalty.pointz > 5")
        assert (preview.qualified, preview.total) == (0, 200)
        (warning,) = preview.warnings
        assert "did you mean `loyalty.points`?" in warning.message
        assert preview.summary().startswith("would qualify 0 of 200 profiles\n<PQL editor>: line 1")
        good = await simulator.preview_audience_pql("booked", "loyalty.points > 5")
        expected = sum(
            1 for p in simulator.core.store if (p.get("loyalty") or {}).get("points", 0) > 5
        )
        assert (good.qualified, good.warnings) == (expected, ())
        with pytest.raises(InputError):
            await simulator.preview_audience_pql("booked", "loyalty.points >")
    finally:
        await simulator.stop()
