"""The Profiles tab: a searchable, paged table of profiles; Enter opens one in full."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from sandbox.simulator.api import ProfileSummary, SimulatorApi
from sandbox.tui.names import audience_names
from sandbox.tui.screens.profile_detail import ProfileDetailScreen
from sandbox.tui.widgets.live_panel import LivePanel

PAGE_SIZE = 100
SEARCH_DELAY = 0.25
"""Seconds of quiet typing before the search runs."""
COLUMNS = ("Name", "Email", "City", "Country", "Audiences", "Events")
"""Names, not IDs: a profile's ID is in its detail view (Enter)."""


class ProfilesPanel(LivePanel):
    """`/` searches (name, email, city, id…), `[` and `]` page, Enter opens the profile."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        Binding("left_square_bracket", "page(-1)", "Prev page"),
        Binding("right_square_bracket", "page(1)", "Next page"),
    ]

    class Chosen(Message):
        """The cursor is on a profile (the Web SDK console and the playground follow it)."""

        def __init__(self, profile_id: str) -> None:
            super().__init__()
            self.profile_id = profile_id

    def __init__(self, simulator: SimulatorApi, *, id: str | None = None) -> None:
        super().__init__(simulator, id=id)
        self.search_text = ""
        self.page_start = 0
        self.shown: list[ProfileSummary] = []
        self._search_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Search profiles: name, email, city, id…", id="profile-search")
        yield Static("Profiles", id="profiles-caption", classes="caption")
        yield DataTable(id="profile-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)

    def focus_primary(self) -> None:
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one(Input).focus()

    def action_page(self, delta: int) -> None:
        if delta > 0 and len(self.shown) < PAGE_SIZE:
            return
        self.page_start = max(self.page_start + delta * PAGE_SIZE, 0)
        self.reload()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search_text = event.value.strip()
        self.page_start = 0
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self.reload)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter searches at once (no waiting for the typing pause) and goes to the results."""
        if self._search_timer is not None:
            self._search_timer.stop()
        self.reload()
        self.focus_primary()

    def reload(self) -> None:
        # the work as a function, so a load superseded before it starts makes no coroutine
        work: Callable[[], Awaitable[None]] = self._load
        self.run_worker(work, group="profiles", exclusive=True, exit_on_error=False)

    async def _load(self) -> None:
        self.shown = self.simulator.profiles_page(self.search_text, self.page_start, PAGE_SIZE)
        total = self.simulator.profile_count()
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        table.add_rows(
            [(p.name, p.email, p.city, p.country, p.audiences, p.events) for p in self.shown]
        )
        if self.shown:
            table.move_cursor(row=min(row, len(self.shown) - 1))
        self.query_one("#profiles-caption", Static).update(self._caption(total))

    def _caption(self, total: int) -> str:
        first, last = self.page_start + 1, self.page_start + len(self.shown)
        where = f" matching {self.search_text!r}" if self.search_text else ""
        span = f"{first:,}–{last:,}" if self.shown else "none"
        return f"Profiles · {total:,} in all · showing {span}{where} · Enter opens · [ ] pages"

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.shown):
            self.post_message(self.Chosen(self.shown[event.cursor_row].id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if not 0 <= event.cursor_row < len(self.shown):
            return
        profile_id = self.shown[event.cursor_row].id
        profile = self.simulator.profile(profile_id)
        if profile is None:
            self.notify(f"Profile {profile_id} is gone.", severity="warning")
            return
        names = audience_names(self.simulator.audiences())
        self.app.push_screen(ProfileDetailScreen(profile_id, profile, names))
