"""Keys typed into a text field stay there; `q` asks before quitting a running session."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from tests.tui.fake_simulator import ScriptedSimulator
from tests.tui.harness import SIZE, make_app, screen_text, settle, until

HOTKEY_COMMANDS = {"pause", "resume", "step", "generate_profiles", "stream_events"}


def _fired(simulator: ScriptedSimulator) -> set[str]:
    return {str(command[0]) for command in simulator.commands} & HOTKEY_COMMANDS


async def test_typing_in_the_template_editor_changes_the_text_and_fires_no_hotkey(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        editor = app.query_one("#playground-editor", TextArea)
        await until(pilot, lambda: editor.text != "")
        editor.focus()
        editor.move_cursor((0, 0))
        await pilot.press("e", "space", "q", "s", "g", "f", "1", "space")
        await settle(app, pilot)

        assert editor.text.startswith("e qsgf1 {")
        assert app.focused is editor and app.screen is app.screen_stack[0]
        assert _fired(simulator) == set()
        assert app.parts.tabs.active == "templates"
        assert app.is_running


async def test_a_hotkey_that_reaches_the_app_while_a_field_has_focus_stands_down(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        field = app.query_one("#edge-identity", Input)
        field.focus()
        await pilot.pause()
        for action in ("toggle_run", "generate", "confirm_quit", "show_tab('inbox')"):
            await app.run_action(action)  # as a binding would, were the key not typed
        await settle(app, pilot)

        assert _fired(simulator) == set()
        assert len(app.screen_stack) == 1 and app.parts.tabs.active == "websdk"


async def test_typing_in_the_pql_editor_fires_no_hotkey(simulator: ScriptedSimulator) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.focused, TextArea))
        await pilot.press("end", "space", "e", "q")
        await settle(app, pilot)

        assert isinstance(app.focused, TextArea) and app.focused.text.endswith(" eq")
        assert _fired(simulator) == set()


async def test_q_asks_before_quitting_a_running_session(simulator: ScriptedSimulator) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert "Quit the console?" in screen_text(app)
        assert "The simulation is running" in screen_text(app)

        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and "Quit the console?" not in screen_text(app)

        await pilot.press("q", "y")
        await pilot.pause()
        assert not app.is_running
