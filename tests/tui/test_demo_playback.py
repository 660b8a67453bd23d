"""Narrated playback (`sandbox demo`), headless through Textual's Pilot, on every bundled scenario.

The real world (mock partner process, HTTPS Edge) on the demo's virtual clock: every note is on
screen while the story waits for the presenter, the inbox fills while the story runs, Edge
exchanges reach the Web SDK tab, and the results screen gives `sandbox run`'s verdicts.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot

from sandbox.composition.demo import DemoWorld
from sandbox.composition.headless import run_scenario
from sandbox.scenario import model
from sandbox.scenario.load import load_scenario
from sandbox.scenario.presenter import Presenter
from sandbox.tui.app import SandboxApp
from sandbox.tui.layout import TABS
from sandbox.tui.screens.results import ResultsScreen, results_table, verdict_line
from tests.tui.harness import screen_text
from tests.tui.test_names_not_ids import UUID, scan_every_tab

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
SIZE = (240, 50)
DEADLINE = 120.0


class Watch:
    """What a person watching the demo saw, sampled as it plays."""

    def __init__(self) -> None:
        self.notes_on_screen: list[str] = []
        self.rows_before_last_step = 0
        self.edge_on_screen = ""


def demo_app(path: Path) -> tuple[DemoWorld, SandboxApp]:
    world = DemoWorld(load_scenario(path), frame_seconds=0.01)
    return world, SandboxApp(world, demo=True, flush_interval=0.05)


async def play_to_results(app: SandboxApp, world: DemoWorld, pilot: Pilot[None]) -> Watch:
    """Sample the screen as the story plays; press `n` on each note once it was seen."""
    watch, started, total = Watch(), time.monotonic(), len(world.steps)
    playback = app.playback
    assert playback is not None
    while not isinstance(app.screen, ResultsScreen):
        assert time.monotonic() - started < DEADLINE, "the story never reached its results"
        await pilot.pause(0.03)
        if world.presenter.index < total - 1:
            rows = app.parts.inbox.table.row_count
            watch.rows_before_last_step = max(watch.rows_before_last_step, rows)
        if app.parts.web_sdk.exchange is not None and not watch.edge_on_screen:
            app.parts.tabs.active = "websdk"
            await pilot.pause(0.05)
            watch.edge_on_screen = screen_text(app)
        last = playback.last
        if last is not None and last.holding == "key" and world.presenter.note_index is not None:
            note = world.steps[world.presenter.note_index].note
            await pilot.pause(0.05)
            if note in screen_text(app):
                watch.notes_on_screen.append(note)
            await pilot.press("n")
            await pilot.pause(0.05)
    await pilot.pause(0.2)  # the results screen's first paint
    return watch


@pytest.mark.slow
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
async def test_demo_plays_each_bundled_scenario_to_the_same_verdicts(path: Path) -> None:
    headless = await run_scenario(load_scenario(path))
    world, app = demo_app(path)
    steps = world.steps
    async with app.run_test(size=SIZE) as pilot:
        watch = await play_to_results(app, world, pilot)
        results = screen_text(app)
        finished = world.finished
        await pilot.press("escape")  # the results screen closes onto the console
        ids_on_tabs = await scan_every_tab(app, pilot)
    assert ids_on_tabs == {tab: [] for tab, _ in TABS}, "names, not IDs, in demo mode too"
    assert not UUID.search(results)
    assert finished is not None
    notes = [step.note for step in steps if isinstance(step, model.Note)]
    assert watch.notes_on_screen == notes
    assert [(o.name, o.passed) for o in finished.outcomes] == [
        (o.name, o.passed) for o in headless.outcomes
    ]
    for outcome in finished.outcomes:
        assert outcome.name[:30] in results
    table = Console(width=SIZE[0], record=True)
    table.print(results_table(finished))
    lines = table.export_text().splitlines()
    for outcome in finished.outcomes:
        mark = "✓" if outcome.passed else "✗"
        assert any(
            line.lstrip("│ ").startswith(mark) for line in lines if outcome.name[:20] in line
        )
    assert verdict_line(finished).plain in results
    if headless.stats["partner_requests"]:
        assert watch.rows_before_last_step > 0, "the inbox stayed empty during the story"
    if any(isinstance(step, model.EdgeEvent) for step in steps):
        assert "POST " in watch.edge_on_screen
        assert "simulated" in watch.edge_on_screen


PERSONALIZATION = ROOT / "scenarios" / "personalization.yaml"


async def wait_for(pilot: Pilot[None], check: object, what: str) -> None:
    started = time.monotonic()
    while not callable(check) or not check():
        assert time.monotonic() - started < DEADLINE, f"never: {what}"
        await pilot.pause(0.03)


@pytest.mark.slow
async def test_back_replays_to_the_previous_note_and_restart_to_the_first() -> None:
    world, app = demo_app(PERSONALIZATION)
    async with app.run_test(size=SIZE) as pilot:

        def presenter() -> Presenter:  # rebuilt by back/restart
            return world.presenter

        await wait_for(pilot, lambda: presenter().note_index == 1, "the first note")
        await pilot.press("n")
        await wait_for(pilot, lambda: presenter().note_index == 4, "the second note")
        assert app.parts.web_sdk.exchange is not None
        await pilot.press("p")
        await wait_for(pilot, lambda: presenter().note_index == 1, "back at the first note")
        await pilot.pause(0.3)  # the screen catches up with the rebuilt world's messages
        assert app.parts.web_sdk.exchange is None, "the rebuilt world starts with no exchange"
        assert "A new visitor lands" in screen_text(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: presenter().note_index == 4, "the second note again")
        await pilot.press("r")
        await wait_for(pilot, lambda: presenter().note_index == 1, "the first note again")
        assert presenter().index == 1


@pytest.mark.slow
async def test_a_held_note_counts_down_and_space_pauses(tmp_path: Path) -> None:
    text = PERSONALIZATION.read_text(encoding="utf-8")
    held = text.replace(
        "  - note: A new visitor lands on a beach rental page.",
        "  - note: A new visitor lands on a beach rental page.\n    hold: 1s",
    )
    scenario = tmp_path / "held.yaml"
    scenario.write_text(held, encoding="utf-8")
    world, app = demo_app(scenario)
    async with app.run_test(size=SIZE) as pilot:
        playback = app.playback
        assert playback is not None
        await wait_for(
            pilot,
            lambda: playback.last is not None and playback.last.holding == "countdown",
            "a countdown",
        )
        assert "next step in" in screen_text(app)
        await pilot.press("space")
        await pilot.pause(1.5)
        assert world.presenter.note_index == 1, "a paused countdown holds the note"
        assert "paused" in screen_text(app)
        await pilot.press("space")
        await wait_for(pilot, lambda: world.presenter.note_index == 4, "the next note")
