"""Names, not IDs: no UUID on any tab of the console, on the bundled workspace and in demo mode.

IDs stay one key away (a profile's detail view, a request's detail, copy-as-curl, Ctrl+R in the
Web SDK tab); the default views read in names. The real simulator runs (mock partner, Edge).
"""

from __future__ import annotations

import re
import time

import pytest
from textual.pilot import Pilot

from sandbox.composition.console import build_simulator
from sandbox.tui.app import SandboxApp
from sandbox.tui.layout import TABS
from tests.tui.harness import screen_text

UUID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"  # 8-4-4-4-12
    r"|(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])"  # 32 hex digits
    r"|(?<![0-9a-z])[0-9a-f]{8}-[0-9a-f]{0,4}…",  # one cut short
    re.IGNORECASE,
)
SIZE = (160, 45)


PAYLOADS = ("#playground-output-pane",)
"""Where the screen shows a payload as the partner receives it (the Templates tab's rendered
output): an export, whose ids are its content, as in the request detail and copy-as-curl."""


def uuids_on_screen(app: SandboxApp) -> list[str]:
    """Lines of the screen that show an id, the payload previews blanked out."""
    lines = screen_text(app).splitlines()
    for selector in PAYLOADS:
        for widget in app.screen.query(selector):
            region = widget.region
            for y in range(region.y, min(region.bottom, len(lines))):
                line = lines[y]
                lines[y] = line[: region.x] + " " * region.width + line[region.right :]
    return [line.strip() for line in lines if UUID.search(line)]


async def scan_every_tab(app: SandboxApp, pilot: Pilot[None]) -> dict[str, list[str]]:
    found = {}
    for tab, _ in TABS:
        app.action_show_tab(tab)
        await pilot.pause(0.6)
        found[tab] = uuids_on_screen(app)
    return found


def test_the_pattern_finds_the_ids_the_console_used_to_show() -> None:
    assert UUID.search("delivered to c4a9d2e1-6b7f-4a8c-9d0e-1f2a3b4c5d22")
    assert UUID.search("profile 9812baec867b45bebe9c1c69e45fee38")
    assert UUID.search("delivered to c4a9d2e1-…")
    assert not UUID.search("ECID 12345678901234567890123456789012345678")
    assert not UUID.search("export adnet-bearer-000007 delivered to AdNet prospecting")


@pytest.mark.slow
async def test_no_uuid_on_any_tab_of_the_bundled_workspace() -> None:
    app = SandboxApp(build_simulator(speed=600.0), flush_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        started = time.monotonic()
        while app.parts.inbox.table.row_count < 5:
            assert time.monotonic() - started < 60, "no delivery reached the inbox"
            await pilot.pause(0.2)
        found = await scan_every_tab(app, pilot)
        destinations = [d.instance_id for d in app.simulator.destinations()]
    assert any(UUID.fullmatch(i) for i in destinations), "the workspace has UUID ids to hide"
    assert found == {tab: [] for tab, _ in TABS}
