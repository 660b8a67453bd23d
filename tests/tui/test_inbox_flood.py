"""The inbox under a flood: only what changed is repainted, and nothing lays the screen out."""

from __future__ import annotations

import gc

import pytest
from textual.geometry import Region, Size

from sandbox.heap import StartupHeap
from sandbox.tui.widgets.inbox_table import InboxTable
from sandbox.tui.widgets.request_detail import RequestDetail
from tests.tui.fake_simulator import ScriptedSimulator, partner_record
from tests.tui.harness import SIZE, flush, make_app


def _arrive(simulator: ScriptedSimulator, first: int, last: int) -> None:
    for seq in range(first, last + 1):
        simulator.receive(partner_record(seq))


def _rows_on_screen(table: InboxTable) -> list[int]:
    top = int(table.scroll_y)
    return [table.request_at(row).seq for row in range(top, top + table.size.height - 1)]


async def test_a_cursor_move_repaints_only_the_two_rows_it_changes(
    simulator: ScriptedSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        _arrive(simulator, 1, 50)
        await flush(app, pilot)
        await pilot.press("down", "down")
        table = app.query_one(InboxTable)
        repainted: list[tuple[Region, ...]] = []
        monkeypatch.setattr(table, "refresh", lambda *regions, **_: repainted.append(regions))

        await pilot.press("down")

        width = table.size.width
        assert sorted(repainted) == [(Region(0, 2, width, 1),), (Region(0, 3, width, 1),)]


async def test_scrolled_down_the_rows_in_view_stay_put_as_requests_arrive(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        _arrive(simulator, 1, 100)
        await flush(app, pilot)
        table = app.query_one(InboxTable)
        await pilot.press(*["down"] * 40)  # past the first screen: the list scrolls
        shown, selected = _rows_on_screen(table), table.highlighted

        _arrive(simulator, 101, 130)
        await flush(app, pilot)

        assert table.scroll_y > 0 and _rows_on_screen(table) == shown
        assert table.highlighted == selected


async def test_a_selection_holds_the_view_until_home_follows_the_newest_again(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        _arrive(simulator, 1, 100)
        await flush(app, pilot)
        table = app.query_one(InboxTable)
        await pilot.press("down", "down")  # #99, second from the top
        shown = _rows_on_screen(table)

        _arrive(simulator, 101, 200)
        await flush(app, pilot)
        held = _rows_on_screen(table)
        await pilot.press("home")

        assert held == shown and table.highlighted is None
        assert _rows_on_screen(table)[0] == 200 and table.scroll_y == 0


async def test_rows_that_fall_off_the_end_give_way_to_the_oldest_kept(
    simulator: ScriptedSimulator,
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        _arrive(simulator, 1, 500)
        await flush(app, pilot)
        table = app.query_one(InboxTable)
        await pilot.press("down", "pagedown", "pagedown")

        _arrive(simulator, 501, 1000)
        await flush(app, pilot)

        assert table.row_count == 500 and table.highlighted is None  # its request left
        assert _rows_on_screen(table)[-1] == 501  # the oldest kept, at the bottom
        assert table.scroll_y == table.max_scroll_y


async def test_showing_requests_repaints_the_detail_without_a_layout(
    simulator: ScriptedSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(simulator)
    async with app.run_test(size=SIZE) as pilot:
        _arrive(simulator, 1, 3)
        simulator.receive(partner_record(4, body='{"profiles": [' + "1, " * 400 + "2]}"))
        await flush(app, pilot)
        layouts: list[bool] = []
        screen = app.screen
        refresh_layout = screen._refresh_layout

        def counted(size: Size | None = None, scroll: bool = False) -> None:
            layouts.append(scroll)
            refresh_layout(size, scroll)

        monkeypatch.setattr(screen, "_refresh_layout", counted)
        detail = app.query_one(RequestDetail)

        await pilot.press("enter")  # #4, a long body
        long = detail.virtual_size.height
        await pilot.press("down", "enter")  # #3, short
        await pilot.pause()

        assert not layouts
        assert long > detail.virtual_size.height > 10
        assert "#3  POST" in detail.render_line(0).text


def test_the_startup_heap_is_frozen_once_and_given_back() -> None:
    heap = StartupHeap()
    before = gc.get_freeze_count()
    if before:
        pytest.skip("something else froze objects already")
    heap.freeze()
    heap.freeze()
    assert heap.frozen and gc.get_freeze_count() > 0

    heap.release()

    assert not heap.frozen and gc.get_freeze_count() == 0


def test_someone_elses_freeze_stays_theirs() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        heap = StartupHeap()
        heap.freeze()
        heap.release()
        assert not heap.frozen and gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
