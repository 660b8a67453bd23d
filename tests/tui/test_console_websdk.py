"""The Web SDK tab takes a page URL and XDM (JSON, checked, with a clear error)."""

from __future__ import annotations

from textual.widgets import Input

from sandbox.edge.client import merged
from tests.tui.fake_simulator import ScriptedSimulator
from tests.tui.harness import SIZE, make_app, screen_text, settle


def sent(simulator: ScriptedSimulator) -> list[tuple[object, ...]]:
    return [c for c in simulator.commands if c[0] == "send_edge_event"]


async def test_a_page_url_and_xdm_go_with_the_event(simulator: ScriptedSimulator) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(app, pilot)
        app.query_one("#edge-identity", Input).value = "ada.0@example.com"
        app.query_one("#edge-page", Input).value = "https://shop.example/beach?x=1"
        app.query_one("#edge-xdm", Input).value = '{"web": {"webPageDetails": {"name": "beach"}}}'
        app.query_one("#edge-xdm", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)

        assert sent(simulator) == [
            (
                "send_edge_event",
                "ada.0@example.com",
                "web.webpagedetails.pageViews",
                "https://shop.example/beach?x=1",
                {"web": {"webPageDetails": {"name": "beach"}}},
            )
        ]


async def test_bad_xdm_or_url_is_explained_and_nothing_is_sent(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(app, pilot)
        app.query_one("#edge-identity", Input).value = "ada.0@example.com"
        xdm = app.query_one("#edge-xdm", Input)
        xdm.value = '{"web": '
        xdm.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert "XDM: not JSON (Expecting value: line 1 column 8" in screen_text(app)

        xdm.value = "[1, 2]"
        await pilot.press("enter")
        await settle(app, pilot)
        assert "XDM: a JSON object is needed, not list" in screen_text(app)

        xdm.value = ""
        app.query_one("#edge-page", Input).value = "shop.example/beach"
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Page URL: 'shop.example/beach' is not an http(s) URL" in screen_text(app)
        assert sent(simulator) == []


def test_xdm_merges_over_the_page_view_key_by_key() -> None:
    base = {"eventType": "web.webpagedetails.pageViews", "web": {"webPageDetails": {"URL": "u"}}}
    extra = {"web": {"webPageDetails": {"name": "beach"}}, "commerce": {"order": 1}}
    assert merged(base, extra) == {
        "eventType": "web.webpagedetails.pageViews",
        "web": {"webPageDetails": {"URL": "u", "name": "beach"}},
        "commerce": {"order": 1},
    }
