"""How the main screens look, against committed SVG snapshots (`pytest --snapshot-update` to
accept a deliberate change, after looking at it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from sandbox.events import ExportDelivered, ExportRetryScheduled, StepStarted
from sandbox.scenario.checks import Outcome
from sandbox.scenario.playback import PlaybackChanged, PlaybackFinished
from sandbox.tui.widgets.template_playground import TemplatePlayground
from tests.tui.fake_simulator import ScriptedSimulator, partner_record
from tests.tui.harness import SIZE, flush, make_app, settle

SnapCompare = Callable[..., bool]


def _arrivals(simulator: ScriptedSimulator) -> None:
    at = simulator.state.now
    for seq in range(1, 41):
        status = 429 if 20 < seq < 26 else 200
        simulator.receive(partner_record(seq, status, fault="429-storm" if status == 429 else None))
    simulator.publish(ExportRetryScheduled(at, "acme", "e-21", 1, at + 15, "HTTP 429"))
    simulator.publish(ExportDelivered(at, "acme", "e-22", 2))


def test_inbox_with_an_open_request(snap_compare: SnapCompare) -> None:
    simulator = ScriptedSimulator()
    app = make_app(simulator)

    async def before(pilot: Pilot[Any]) -> None:
        _arrivals(simulator)
        await flush(app, pilot)
        await pilot.press("down", "down", "enter")

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_audiences_with_sparklines(snap_compare: SnapCompare) -> None:
    simulator = ScriptedSimulator()
    app = make_app(simulator)

    async def before(pilot: Pilot[Any]) -> None:
        for population in (130, 180, 150):
            loyal = simulator.audience_list[0]
            simulator.audience_list[0] = loyal.__class__(
                **{**loyal.__dict__, "population": population}
            )
            app.tick()
        await pilot.press("2")
        await settle(app, pilot)
        await flush(app, pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_web_sdk_console_after_a_page_view(snap_compare: SnapCompare) -> None:
    simulator = ScriptedSimulator()
    app = make_app(simulator)

    async def before(pilot: Pilot[Any]) -> None:
        await pilot.press("w", *"ada.0@example.com", "enter")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_template_playground_with_an_error(snap_compare: SnapCompare) -> None:
    simulator = ScriptedSimulator()
    app = make_app(simulator)

    async def before(pilot: Pilot[Any]) -> None:
        await pilot.press("6")
        await settle(app, pilot)
        playground = app.query_one(TemplatePlayground)
        playground.render_now()
        await settle(app, pilot)
        await pilot.press("end", *["left"] * 4, "backspace", "backspace")  # drop the `}}`
        playground.render_now()
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_help_screen(snap_compare: SnapCompare) -> None:
    app = make_app(ScriptedSimulator())
    assert snap_compare(app, terminal_size=SIZE, press=["question_mark"])


def test_demo_mode_narration(snap_compare: SnapCompare) -> None:
    simulator = ScriptedSimulator()
    app = make_app(simulator, demo=True)

    async def before(pilot: Pilot[Any]) -> None:
        _arrivals(simulator)
        simulator.publish(
            StepStarted(
                simulator.state.now,
                2,
                "partner_faults",
                "The partner starts throttling: watch the 429s and the "
                "retries 15 and 30 seconds later.",
            )
        )
        await flush(app, pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def _traffic(simulator: ScriptedSimulator, app: Any) -> None:
    """A simulated minute of flow, sampled before and after (as the tick timer would)."""
    import dataclasses

    from tests.tui.test_console_flow import one_minute_of_traffic

    start = simulator.state.now
    app.tick()
    one_minute_of_traffic(simulator, start)
    simulator.state = dataclasses.replace(simulator.state, now=start + 60)


def test_flow_tab_with_live_rates(snap_compare: SnapCompare) -> None:
    simulator = ScriptedSimulator()
    app = make_app(simulator)

    async def before(pilot: Pilot[Any]) -> None:
        await pilot.press("7")
        _traffic(simulator, app)
        await flush(app, pilot)
        app.tick()
        await flush(app, pilot)
        await settle(app, pilot)
        await flush(app, pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


class ScriptedPlayback(ScriptedSimulator):
    """A scripted simulator that is also a `Playback` (demo mode's remote control)."""

    steps = ("advance", "note", "edge_event", "note")

    def next(self) -> None:
        self.commands.append(("next",))

    def back(self) -> None:
        self.commands.append(("back",))

    def restart(self) -> None:
        self.commands.append(("restart",))

    def toggle_pause(self) -> None:
        self.commands.append(("toggle_pause",))


def test_demo_note_waiting_for_the_presenter(snap_compare: SnapCompare) -> None:
    simulator = ScriptedPlayback()
    app = make_app(simulator, demo=True)
    at = simulator.state.now

    async def before(pilot: Pilot[Any]) -> None:
        simulator.publish(StepStarted(at, 1, "note", "A new visitor lands on a beach page."))
        simulator.publish(PlaybackChanged(at, index=1, total=4, holding="key"))
        await flush(app, pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_inbox_at_80_by_24(snap_compare: SnapCompare) -> None:
    simulator = ScriptedSimulator()
    app = make_app(simulator)

    async def before(pilot: Pilot[Any]) -> None:
        for seq in range(1, 16):
            path = f"/v1/audiences/segment-{seq:04d}/members/batch"
            simulator.receive(partner_record(seq, 429 if seq % 4 == 0 else 200, path=path))
        at = simulator.state.now
        simulator.publish(ExportRetryScheduled(at, "acme", "e-12", 1, at + 15, "HTTP 429"))
        await flush(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


def test_flow_tab_at_80_by_24(snap_compare: SnapCompare) -> None:
    simulator = ScriptedSimulator()
    app = make_app(simulator)

    async def before(pilot: Pilot[Any]) -> None:
        await pilot.press("7")
        _traffic(simulator, app)
        await flush(app, pilot)
        app.tick()
        await flush(app, pilot)
        await settle(app, pilot)
        await flush(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


def test_demo_results_screen(snap_compare: SnapCompare) -> None:
    simulator = ScriptedPlayback()
    app = make_app(simulator, demo=True)
    outcomes = (
        Outcome("same page: the edge audience is in the first answer", "edge", True, "", "yes"),
        Outcome("the partner answered 429 three times", "partner", False, "3", "2 matching"),
    )

    async def before(pilot: Pilot[Any]) -> None:
        simulator.publish(PlaybackFinished(simulator.state.now, "personalization", outcomes))
        await flush(app, pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)
