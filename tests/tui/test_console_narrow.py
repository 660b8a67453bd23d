"""At 80×24 the columns that matter stay readable: paths are cut in the middle, not the end."""

from __future__ import annotations

from sandbox.tui.widgets.inbox_table import middle_cut
from tests.tui.fake_simulator import ScriptedSimulator, partner_record
from tests.tui.harness import flush, make_app, screen_text

NARROW = (80, 24)


def test_a_long_path_keeps_its_start_and_its_end() -> None:
    assert middle_cut("/v1/audiences/seg-0042/members", 16) == "/v1/audi…members"
    assert middle_cut("/short", 16) == "/short"
    assert len(middle_cut("x" * 100, 21)) == 21


async def test_at_80_columns_the_inbox_shows_both_ends_of_each_path(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=NARROW) as pilot:
        for seq in range(1, 6):
            path = f"/v1/audiences/segment-{seq:04d}/members/batch"
            simulator.receive(partner_record(seq, 429 if seq == 3 else 200, path=path))
        await flush(app, pilot)
        rows = [line for line in screen_text(app).splitlines() if " POST " in line]

        assert len(rows) == 5
        for row in rows:
            assert "/v1/audi" in row and "dest=acme" in row and "…" in row
            assert " 12 ms" in row  # the last column is still there
        assert any(" 429 " in row for row in rows)
