"""The console's PQL editor warns about unknown paths before applying; key b runs the batch job."""

from __future__ import annotations

from textual.widgets import TextArea

from sandbox.tui.screens.pql_editor import PqlEditorScreen
from tests.tui.fake_simulator import ScriptedSimulator
from tests.tui.harness import SIZE, flush, make_app, screen_text, settle


async def test_an_unknown_path_is_warned_about_then_applied_on_a_second_ctrl_s(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("enter")
        app.screen.query_one(TextArea).text = "loyalty.pointz > 5000"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        text = screen_text(app)
        assert isinstance(app.screen, PqlEditorScreen)
        assert "would qualify 0 of" in text
        assert "`loyalty.pointz` is not a field of these profiles" in text
        assert "did you mean `loyalty.points`?" in text
        assert ("set_audience_pql", "aud-loyal", "loyalty.pointz > 5000") not in simulator.commands

        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, PqlEditorScreen)
        assert simulator.commands[-1] == ("set_audience_pql", "aud-loyal", "loyalty.pointz > 5000")


async def test_key_b_runs_the_batch_job_and_the_card_says_when(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        assert "not evaluated yet" in screen_text(app)
        await pilot.press("b")
        await settle(app, pilot)
        await flush(app, pilot)
        assert ("run_batch_job",) in simulator.commands
        assert "evaluated 20" in screen_text(app)
