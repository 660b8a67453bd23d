"""The console's bench stages run the real app: what they feed it arrives, and the keys land."""

from __future__ import annotations

from sandbox.bench import tui_memory
from sandbox.bench.console_feed import press
from sandbox.bench.tui_memory import RecordFeed
from sandbox.events import Event, PartnerRequestReceived
from sandbox.tui.app import SandboxApp
from sandbox.tui.widgets.inbox_table import InboxTable
from tests.tui.harness import SIZE, until


async def test_the_record_feed_publishes_fresh_partner_records_in_sequence() -> None:
    feed = RecordFeed(3)
    seen: list[Event] = []
    feed.bus.subscribe(seen.append)

    await feed.run()

    records = [e.record for e in seen if isinstance(e, PartnerRequestReceived)]
    assert [r["sequence"] for r in records] == [1, 2, 3] and feed.relayed == 3
    assert records[0] is not records[1] and records[0]["answer"]["status"] == 200
    assert feed.finished.is_set()


async def test_keys_handed_to_the_driver_move_the_inbox_cursor() -> None:
    feed = RecordFeed(40)
    app = SandboxApp(feed)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(InboxTable)
        await until(pilot, lambda: table.row_count == 40)

        press(app, "down")
        press(app, "down")
        await until(pilot, lambda: table.highlighted is not None and table.cursor == 1)

        assert table.highlighted is not None and table.highlighted.seq == 39


async def test_the_memory_stage_counts_every_payload_the_console_received() -> None:
    result = await tui_memory._measure(3_000)

    assert result.name == "tui.memory" and result.unit == "MiB" and result.target == 1.0
    assert result.note.startswith("3,000 of 3,000 payloads received by the console")
    assert 0 < result.ratio <= tui_memory.RATIO_CAP
