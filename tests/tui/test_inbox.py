"""The Inbox tab: partner requests arrive batched and bounded, open in full, copy as curl."""

from __future__ import annotations

from textual.message import Message

from sandbox.events import ExportRetryScheduled, FailureReported, PartnerRequestReceived
from sandbox.tui.messages import SimulatorEvent
from sandbox.tui.widgets.inbox_table import InboxTable
from sandbox.tui.widgets.partner_inbox import PartnerInboxPanel
from tests.tui.fake_simulator import ScriptedSimulator, partner_record
from tests.tui.harness import SIZE, flush, make_app, screen_text


async def test_the_console_starts_the_simulator_and_shows_its_servers(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await flush(app, pilot)
        app.refresh_status()
        await pilot.pause()

        assert simulator.commands[0] == ("run",)
        text = screen_text(app)
        assert "partner http://127.0.0.1:8787" in text
        assert "2026-01-01T01:02:03Z" in text and "speed 60×" in text
        assert "partner listening on http://127.0.0.1:8787" in text


async def test_arrivals_skip_the_message_queue_and_land_in_one_bounded_batch(
    simulator: ScriptedSimulator,
) -> None:
    messages: list[Message] = []
    app = make_app(simulator)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.pause()
        for seq in range(1, 601):
            simulator.receive(partner_record(seq, 429 if seq % 2 else 200))
        await pilot.pause()
        table = app.query_one(InboxTable)
        assert table.row_count == 0  # nothing drawn before the flush

        await flush(app, pilot)

        assert not any(
            isinstance(m, SimulatorEvent) and isinstance(m.event, PartnerRequestReceived)
            for m in messages
        )
        assert table.row_count == 500 and table.received == 600
        assert table.request_at(0).seq == 600 and table.request_at(499).seq == 101
        assert "600 received" in screen_text(app)


async def test_a_request_opens_with_secrets_masked_and_copies_as_curl(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        for seq in (1, 2, 3):
            simulator.receive(partner_record(seq))
        await flush(app, pilot)

        await pilot.press("down", "down", "enter")  # Enter opens at once; ↓ alone previews
        text = screen_text(app)
        assert "#2  POST /v1/audiences/members?dest=acme" in text
        assert "authorization: Bearer ***" in text
        assert "s3cr3t" not in text

        await pilot.press("y")
        assert app.clipboard.startswith(
            "curl -X POST 'http://127.0.0.1:8787/v1/audiences/members?dest=acme'"
        )
        assert "Bearer ***" in app.clipboard and "s3cr3t" not in app.clipboard


async def test_the_open_request_stays_put_while_new_ones_arrive(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        for seq in range(1, 11):
            simulator.receive(partner_record(seq))
        await flush(app, pilot)
        await pilot.press("down", "down", "down", "enter")
        table = app.query_one(InboxTable)
        assert table.highlighted is not None and table.highlighted.seq == 8

        for seq in range(11, 16):
            simulator.receive(partner_record(seq))
        await flush(app, pilot)

        assert table.highlighted is not None and table.highlighted.seq == 8
        assert app.query_one(PartnerInboxPanel).shown is not None


async def test_retries_show_in_the_activity_log(simulator: ScriptedSimulator) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        at = simulator.state.now
        simulator.publish(ExportRetryScheduled(at, "acme", "e-1", 1, at + 15, "HTTP 429"))
        await flush(app, pilot)

        assert "↻ export e-1 failed (HTTP 429); retry 1 at 01:02:18" in screen_text(app)


async def test_copy_without_a_request_says_what_to_do(simulator: ScriptedSimulator) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("y")
        await pilot.pause()

        assert [n.message for n in app._notifications] == [
            "Select a request first (↑/↓ in the inbox)."
        ]


async def test_a_failure_shows_in_the_activity_log_and_as_a_toast(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        at = simulator.state.now
        simulator.publish(FailureReported(at, "task", "scenario", "KeyError: 'x'"))
        await flush(app, pilot)

        assert "✗ task scenario failed: KeyError: 'x'" in screen_text(app)
        assert [(n.title, n.message) for n in app._notifications] == [
            ("A task failed", "scenario: KeyError: 'x'")
        ]
