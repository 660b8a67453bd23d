"""Keys, dialogs and the command palette become simulator commands, and nothing else does."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from sandbox.tui.screens.count_prompt import CountPrompt
from sandbox.tui.screens.faults import FaultsScreen
from sandbox.tui.screens.help import HelpScreen
from tests.tui.fake_simulator import ScriptedSimulator
from tests.tui.harness import SIZE, flush, make_app, screen_text, settle, until


def sent(simulator: ScriptedSimulator) -> list[tuple[object, ...]]:
    """The commands given, leaving out the run itself and read-only page queries."""
    return [c for c in simulator.commands if c[0] not in ("run", "profiles_page")]


async def test_space_pauses_and_resumes_and_plus_minus_change_speed(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "plus", "plus", "minus")
        await pilot.pause()

        assert sent(simulator) == [
            ("pause",),
            ("resume",),
            ("set_speed", 3600.0),
            ("set_speed", 0.0),
            ("set_speed", 3600.0),
        ]
        assert "speed 3600×" in screen_text(app)


async def test_step_pauses_first_then_moves_time_on(simulator: ScriptedSimulator) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await settle(app, pilot)
        app.refresh_status()
        await pilot.pause()

        assert sent(simulator) == [("pause",), ("step", 60.0)]
        assert "paused" in screen_text(app) and "2026-01-01T01:03:03Z" in screen_text(app)


async def test_faults_dialog_breaks_the_partner_and_the_header_says_so(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, FaultsScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        app.refresh_status()
        await pilot.pause()

        assert sent(simulator) == [("set_partner_faults", "429-storm")]
        assert "partner faults: 429-storm" in screen_text(app)

        await pilot.press("f", "end", "enter")
        await settle(app, pilot)
        assert sent(simulator)[-1] == ("set_partner_faults", "clear")
        assert app.steering.faults == "none"


async def test_generate_asks_how_many_and_checks_the_answer(simulator: ScriptedSimulator) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        assert isinstance(app.screen, CountPrompt)
        app.screen.query_one(Input).value = "0"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CountPrompt)
        assert "Must be between 1 and 1000000." in screen_text(app)

        app.screen.query_one(Input).value = "250"
        await pilot.press("enter")
        await settle(app, pilot)

        assert sent(simulator) == [("generate_profiles", 250)]


async def test_a_failing_command_becomes_a_notification_not_a_crash(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.steering.set_faults("meteor-strike")
        await settle(app, pilot)

        [note] = [n for n in app._notifications if n.severity == "error"]
        assert note.title == "Command failed"
        assert "unknown preset 'meteor-strike'" in note.message
        assert app.is_running


async def test_the_palette_offers_every_command(simulator: ScriptedSimulator) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"5xx")
        options = app.screen.query_one(OptionList)
        await until(pilot, lambda: options.option_count == 1)  # it searches in its own worker
        await pilot.press("enter")
        await settle(app, pilot)

        assert sent(simulator) == [("set_partner_faults", "5xx")]


async def test_help_lists_the_tour_and_the_keys_and_closes(simulator: ScriptedSimulator) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "The first minute" in text and "Run/Pause" in text and "Go to Web SDK" in text

        simulator.receive({"sequence": 1})
        await flush(app, pilot)  # a dialog on top must not stop the updates below
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
