"""The Audiences, Profiles, Web SDK and Templates tabs, and demo mode, driven by keys."""

from __future__ import annotations

from textual.widgets import Input, Sparkline, TabbedContent, Tabs, TextArea

from sandbox.events import StepStarted
from sandbox.tui.screens.pql_editor import PqlEditorScreen
from sandbox.tui.screens.profile_detail import ProfileDetailScreen
from sandbox.tui.widgets.template_playground import TemplatePlayground
from sandbox.tui.widgets.web_sdk_console import WebSdkConsole
from tests.tui.fake_simulator import ScriptedSimulator
from tests.tui.harness import SIZE, flush, make_app, screen_text, settle


async def test_a_bad_pql_shows_the_caret_message_and_a_good_one_moves_the_population(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, PqlEditorScreen)

        app.screen.query_one(TextArea).text = 'loyalty.tier ? "gold"'
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        text = screen_text(app)
        assert "<pql>: line 1, column 14: error: unexpected `?`" in text
        lines = [line.strip(" █") for line in text.splitlines()]
        excerpt = lines.index('loyalty.tier ? "gold"')
        assert lines[excerpt + 1] == "^" and text.splitlines()[excerpt + 1].index("^") == (
            text.splitlines()[excerpt].index("?")
        )
        assert isinstance(app.screen, PqlEditorScreen)

        app.screen.query_one(TextArea).text = 'loyalty.tier = "platinum"'
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, PqlEditorScreen)
        await flush(app, pilot)

        assert simulator.commands[-1] == (
            "set_audience_pql",
            "aud-loyal",
            'loyalty.tier = "platinum"',
        )
        assert "220 members" in screen_text(app)


async def test_audiences_keep_a_population_history_for_their_sparklines(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        for population in (130, 160):
            simulator.audience_list[0] = simulator.audience_list[0].__class__(
                **{**simulator.audience_list[0].__dict__, "population": population}
            )
            simulator.state = simulator.state.__class__("running", 60.0, simulator.state.now + 60)
            app.tick()
        await flush(app, pilot)

        sparkline = app.query(Sparkline).first()
        assert list(sparkline.data or []) == [120.0, 130.0, 160.0]


async def test_profiles_search_and_open_in_full(simulator: ScriptedSimulator) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        await pilot.press("slash", *"grace", "enter")
        await settle(app, pilot)

        assert ("profiles_page", "grace", 0, 100) in simulator.commands
        assert "showing 1–50 matching 'grace'" in screen_text(app)

        await pilot.press("enter")
        assert isinstance(app.screen, ProfileDetailScreen)
        text = screen_text(app)
        assert "profile p-0001" in text and "identities" in text and "crm-p-0001" in text
        assert "audiences" in text  # by name, first


async def test_the_web_sdk_console_sends_an_event_and_shows_destinations(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        await pilot.press("down")  # choose p-0001 in Profiles
        await pilot.press("w")
        await settle(app, pilot)
        assert app.query_one(WebSdkConsole).identity == "p-0001"

        await pilot.press("enter")
        await settle(app, pilot)

        assert simulator.commands[-1] == (
            "send_edge_event",
            "p-0001",
            "web.webpagedetails.pageViews",
        )
        text = screen_text(app)
        assert "(web-perso): Loyal customers" in text and "activation:pull ×1" in text

        await pilot.press("ctrl+r")  # the raw answer, ids included
        await settle(app, pilot)
        text = screen_text(app)
        assert '"type": "profileLookup"' in text and '"alias": "web-perso"' in text
        assert "Response 200" in text


async def test_the_playground_renders_as_you_type_and_reports_errors_with_position(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await settle(app, pilot)
        playground = app.query_one(TemplatePlayground)
        playground.render_now()
        await settle(app, pilot)
        assert '{"profiles": [{"name": "Ada Lovelace"}]}' in screen_text(app)

        playground.use_profile("p-0003")
        playground.render_now()
        await settle(app, pilot)
        text = screen_text(app)
        assert "Ben &amp; Jerry" in text
        assert "autoescaping changed `&` to `&amp;`" in text

        app.query_one(TextArea).load_text('{"name": "{{ profile.name "}')
        playground.render_now()
        await settle(app, pilot)
        assert "<template>: line 1, column 11: error: `{{` is never closed" in screen_text(app)


async def test_escape_leaves_a_text_field_so_one_key_commands_work_again(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        assert isinstance(app.focused, Tabs)
        await pilot.press("space")
        assert simulator.commands[-1] == ("pause",)


async def test_demo_mode_narrates_each_step_and_shows_the_tab_it_is_about(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Demo mode: the scenario's narration appears here" in screen_text(app)

        simulator.publish(
            StepStarted(
                simulator.state.now, 3, "edge_event", "A visitor lands on the product page."
            )
        )
        await flush(app, pilot)

        assert app.query_one(TabbedContent).active == "websdk"
        assert "Step 4 · edge_event\nA visitor lands on the product page." in "\n".join(
            line.strip(" │╭╮╰╯─") for line in screen_text(app).splitlines()
        )


async def test_outside_demo_mode_steps_without_notes_stay_quiet(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        simulator.publish(StepStarted(simulator.state.now, 1, "edge_event"))
        await flush(app, pilot)

        assert app.query_one(TabbedContent).active == "inbox"
        assert "Step 1" not in screen_text(app).split("Activity")[0]
