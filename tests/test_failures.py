"""Errors are never silent: a failing subscriber, task, delivery or step is logged, published as
`FailureReported`, shown in the console's activity log, and makes a headless run exit 3."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest

from sandbox.cli import main
from sandbox.clock import VirtualClock
from sandbox.delivery.deliverer import Deliverer
from sandbox.events import (
    Event,
    EventBus,
    FailureReported,
    ProfilesGenerated,
    RunStateChanged,
)
from sandbox.journal.recorder import JournalRecorder
from sandbox.scenario import model, runner
from sandbox.simulator.tasks import Tasks
from sandbox.tui.activity import describe

ROOT = Path(__file__).resolve().parents[1]
QUICKSTART = ROOT / "scenarios" / "quickstart.yaml"


def failures(bus: EventBus) -> list[FailureReported]:
    seen: list[FailureReported] = []
    bus.subscribe_to(FailureReported, seen.append)
    return seen


def test_a_raising_subscriber_is_published_logged_and_others_still_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bus = EventBus()
    reported = failures(bus)
    received: list[Event] = []

    def broken(event: Event) -> None:
        if isinstance(event, RunStateChanged):
            raise KeyError("no-such-column")

    bus.subscribe(broken)
    bus.subscribe(received.append)
    event = RunStateChanged(at=5.0, state="running", speed=1.0)
    with caplog.at_level(logging.ERROR, logger="sandbox"):
        bus.publish(event)
    assert event in received
    assert [type(e) for e in bus.errors] == [KeyError]
    (failure,) = reported
    assert failure.source == "subscriber" and failure.at == 5.0
    assert "broken" in failure.where and "RunStateChanged" in failure.where
    assert failure.reason == "KeyError: 'no-such-column'"
    assert "no-such-column" in caplog.text
    assert "subscriber" in (describe(failure) or "") and "no-such-column" in (
        describe(failure) or ""
    )


def test_a_subscriber_failing_on_a_failure_does_not_loop() -> None:
    bus = EventBus()

    def always(event: Event) -> None:
        raise RuntimeError("down")

    bus.subscribe(always)
    bus.publish(ProfilesGenerated(at=0.0, first_index=0, count=1))
    assert len(bus.errors) == 2  # once on the event, once on its FailureReported; no more


async def test_a_failing_task_is_reported_and_a_cancelled_one_is_not() -> None:
    bus, clock = EventBus(), VirtualClock()
    reported = failures(bus)
    tasks = Tasks(clock, bus)

    async def boom() -> None:
        raise ValueError("relay lost")

    tasks.spawn(boom(), "partner arrival relay")
    tasks.spawn(asyncio.Event().wait(), "forever")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    await tasks.stop()
    assert [(f.source, f.where, f.reason) for f in reported] == [
        ("task", "partner arrival relay", "ValueError: relay lost")
    ]


def run_cli(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["run", str(path)])
    return code, capsys.readouterr().err


def test_a_step_that_raises_aborts_the_headless_run_with_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async def broken(run: runner.ScenarioRun, step: Any) -> None:
        raise OSError("disk full")

    advance: type[Any] = model.Advance
    monkeypatch.setitem(runner.STEPS, advance, broken)
    code, err = run_cli(QUICKSTART, capsys)
    assert code == 3
    assert "step 2 (advance)" in err and "OSError: disk full" in err


def test_a_subscriber_that_raises_aborts_the_headless_run_with_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    record = JournalRecorder.record

    def fragile(self: JournalRecorder, event: Event) -> None:
        if isinstance(event, ProfilesGenerated):
            raise RuntimeError("journal column missing")
        record(self, event)

    monkeypatch.setattr(JournalRecorder, "record", fragile)
    code, err = run_cli(QUICKSTART, capsys)
    assert code == 3
    assert "subscriber" in err and "RuntimeError: journal column missing" in err


def test_a_delivery_that_raises_is_no_longer_swallowed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async def crash(self: Deliverer, *args: Any, **kwargs: Any) -> None:
        raise ZeroDivisionError("template arithmetic")

    monkeypatch.setattr(Deliverer, "deliver", crash)
    code, err = run_cli(QUICKSTART, capsys)
    assert code == 3
    assert "delivery of" in err and "ZeroDivisionError: template arithmetic" in err


def test_every_step_kind_has_its_command() -> None:
    step_union = model.Scenario.model_fields["steps"].annotation
    kinds = {
        arg.__origin__ if hasattr(arg, "__origin__") else arg
        for arg in step_union.__args__[0].__origin__.__args__  # type: ignore[union-attr]
    }
    assert kinds == set(runner.STEPS)
