"""The Flow tab (key 7): profiles → audiences → destinations → partner, with rates on the arrows
and a throughput line per destination, counted from the bus."""

from __future__ import annotations

import dataclasses

from sandbox.events import (
    CallOutcome,
    ExportDelivered,
    ExportDropped,
    ExportRetryScheduled,
    HttpCall,
    HttpCallRecorded,
    MembershipChanged,
)
from sandbox.tui.flow import FlowTally
from tests.tui.fake_simulator import ScriptedSimulator, partner_record
from tests.tui.harness import SIZE, flush, make_app, screen_text, settle


def call(at: float, destination: str, status: int | None) -> HttpCallRecorded:
    outcome: CallOutcome = (
        "ok" if status and status < 300 else "http_error" if status else "connect_error"
    )
    return HttpCallRecorded(
        at,
        HttpCall(
            "t", "e", destination, 1, "activation", "POST", "http://p/x", (), "", status, (), "",
            at, 3.0, outcome,
        ),
    )  # fmt: skip


def one_minute_of_traffic(simulator: ScriptedSimulator, start: float) -> None:
    """In one simulated minute: 30 qualify, Acme gets 12 exports (10 × 2xx, 2 × 429, a retry),
    Web personalization has one dropped after a 503; the partner receives 13 requests."""
    for n in range(30):
        simulator.publish(MembershipChanged(start + n, f"p-{n}", "aud-loyal", "realized", None))
    for n in range(12):
        simulator.publish(call(start + n, "acme", 200 if n < 10 else 429))
        simulator.publish(ExportDelivered(start + n, "acme", f"e-{n}", 1))
    simulator.publish(ExportRetryScheduled(start, "acme", "e-10", 1, start + 15, "HTTP 429"))
    simulator.publish(call(start, "perso", 503))
    simulator.publish(ExportDropped(start, "perso", "e-99", 5, "HTTP 503"))
    for seq in range(13):
        simulator.receive(partner_record(seq + 1))


def test_rates_are_per_simulated_minute_over_the_samples() -> None:
    tally = FlowTally()
    tally.sample(0.0)
    for n in range(6):
        tally.add(ExportDelivered(n, "acme", f"e-{n}", 1))
        tally.add(MembershipChanged(n, f"p-{n}", "aud", "realized", None))
    tally.add(MembershipChanged(9, "p-0", "aud", "realized", "realized"))  # not a new entry
    tally.sample(30.0)

    assert tally.per_minute("exports", "acme") == 12.0
    assert tally.per_minute("qualified") == 12.0
    assert tally.history("exports", "acme") == [6.0]


async def test_the_flow_tab_draws_the_diagram_with_live_rates(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        start = simulator.state.now
        app.tick()
        one_minute_of_traffic(simulator, start)
        await flush(app, pilot)
        simulator.state = dataclasses.replace(simulator.state, now=start + 60)
        app.tick()
        await flush(app, pilot)
        await settle(app, pilot)
        await flush(app, pilot)
        text = screen_text(app)

        assert app.parts.tabs.active == "flow"
        for title in ("Profiles", "Audiences", "Destinations", "Partner"):
            assert title in text
        assert "250" in text and "120 Loyal" in text
        assert "▁" in text and "█" in text  # Acme's throughput line
        assert "qualifying" in text and "30.0/min" in text
        assert "12.0/min Acme CRM" in text
        assert "13 received" in text
        assert "2xx 10 4xx 2 5xx 0 ↻ 1 ✗ 0" in text
        assert "2xx 0 4xx 0 5xx 1 ↻ 0 ✗ 1" in text
