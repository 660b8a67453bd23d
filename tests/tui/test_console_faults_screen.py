"""Fault presets are editable in the faults screen: status, share, first N, latency, path."""

from __future__ import annotations

from textual.widgets import Input

from sandbox.simulator.faults import preset_rules
from sandbox.tui.fault_form import FaultForm, rule_from
from tests.tui.fake_simulator import ScriptedSimulator
from tests.tui.harness import SIZE, make_app, screen_text, settle, until


def test_a_preset_becomes_fields_and_fields_become_a_rule() -> None:
    storm = FaultForm.from_rule(preset_rules("429-storm")[0])
    assert storm.values() == {
        "status": "429", "share": "100", "first": "", "latency": "", "path": "*"
    }  # fmt: skip
    assert rule_from({**storm.values(), "share": "25", "first": "10", "path": "/v1/*"}) == {
        "name": "edited in the console",
        "match": {"path": "/v1/*"},
        "statuses": {429: 25.0},
        "first": 10,
    }
    down = FaultForm.from_rule(preset_rules("down")[0])
    assert rule_from({**down.values(), "latency": "0.5"}, reset=down.reset) == {
        "name": "edited in the console",
        "match": {"path": "*"},
        "reset": True,
        "latency": {"kind": "fixed", "seconds": 0.5},
    }


def test_bad_fields_name_the_field_and_what_it_takes() -> None:
    assert rule_from({"status": "700"}) == "status (200-599; empty: none): 700 is outside 200-599"
    assert (
        rule_from({"status": "503", "share": "lots"}) == "share % (1-100): 'lots' is not a number"
    )
    assert rule_from({"path": "/x"}).startswith("give a status or a latency")  # type: ignore[union-attr]


async def test_an_edited_preset_is_applied_as_a_rule(simulator: ScriptedSimulator) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await until(pilot, lambda: bool(app.screen.query("#fault-status")))
        await until(pilot, lambda: bool(app.screen.query_one("#fault-status", Input).value))
        assert app.screen.query_one("#fault-status", Input).value == "429"

        app.screen.query_one("#fault-share", Input).value = "40"
        app.screen.query_one("#fault-path", Input).value = "/v1/*"
        field = app.screen.query_one("#fault-first", Input)
        field.focus()
        await pilot.press("5", "q", "f")  # typed, not the quit or faults keys
        assert field.value == "5qf"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "first N requests (empty: all): '5qf' is not a number" in screen_text(app)

        field.value = "5"
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        assert ("set_partner_fault_rules", [
            {"name": "edited in the console", "match": {"path": "/v1/*"},
             "statuses": {429: 40.0}, "first": 5}
        ]) in simulator.commands  # fmt: skip
        assert len(app.screen_stack) == 1
