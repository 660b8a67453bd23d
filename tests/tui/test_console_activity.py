"""The activity log keeps up: bounded, the newest line visible past its capacity, held when the
user scrolls up (with an "N new" marker), filtered by destination and to failures."""

from __future__ import annotations

from sandbox.events import ExportDelivered, ExportDropped, ExportRetryScheduled
from sandbox.tui.digest import ACTIVITY_LINES
from tests.tui.fake_simulator import ScriptedSimulator
from tests.tui.harness import SIZE, flush, make_app, screen_text


def _deliveries(simulator: ScriptedSimulator, first: int, count: int, dest: str = "acme") -> None:
    at = simulator.state.now
    for n in range(first, first + count):
        simulator.publish(ExportDelivered(at + n, dest, f"e-{n}", 1))


async def test_the_newest_line_stays_visible_past_the_capacity(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        for batch in range(16):  # 1,600 lines in 16 flushes, as a flood would bring them
            _deliveries(simulator, batch * 100, 100)
            await flush(app, pilot)
        log = app.parts.inbox.activity

        assert len(log.lines) == ACTIVITY_LINES
        assert "export e-1599 delivered to Acme CRM" in screen_text(app)
        assert "export e-1599 " in log.lines[-1]


async def test_scrolled_up_the_view_holds_and_counts_what_is_new(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        _deliveries(simulator, 0, 50)
        await flush(app, pilot)
        log = app.parts.inbox.activity
        log.focus()
        await pilot.press("up", "up", "up")
        _deliveries(simulator, 50, 7)
        await flush(app, pilot)

        assert log.held
        text = screen_text(app)
        assert "▼ 7 new · End follows the newest" in text
        assert "export e-56 " not in text

        await pilot.press("end")
        await pilot.pause()
        assert not log.held
        assert "export e-56 delivered" in screen_text(app)


async def test_filters_show_failures_only_and_one_destination(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        at = simulator.state.now
        _deliveries(simulator, 0, 3)
        _deliveries(simulator, 3, 2, dest="perso")
        simulator.publish(ExportRetryScheduled(at, "acme", "e-9", 1, at + 15, "HTTP 429"))
        simulator.publish(ExportDropped(at, "perso", "e-8", 5, "HTTP 503"))
        await flush(app, pilot)
        log = app.parts.inbox.activity
        log.focus()

        await pilot.press("x")
        await pilot.pause()
        assert [line[10:13] for line in log.lines] == ["↻ e", "✗ e"]
        assert "Activity · failures only" in screen_text(app)

        await pilot.press("x", "d", "d")  # everything, then Acme CRM, then Web personalization
        await pilot.pause()
        assert log.destination == "Web personalization"
        assert all("e-3" in ln or "e-4" in ln or "e-8" in ln for ln in log.lines)
        assert len(log.lines) == 3
        assert "destination Web personalization" in screen_text(app)


async def test_the_palette_offers_the_activity_filters(simulator: ScriptedSimulator) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        at = simulator.state.now
        _deliveries(simulator, 0, 2)
        simulator.publish(ExportDropped(at, "perso", "e-8", 5, "HTTP 503"))
        await flush(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"failures only")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)

        assert app.parts.inbox.activity.failures_only
        assert len(app.parts.inbox.activity.lines) == 1
