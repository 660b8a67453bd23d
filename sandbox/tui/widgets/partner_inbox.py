"""The Inbox tab: what the partner received, one request in full, and the delivery activity."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Static

from sandbox.simulator.api import SimulatorApi
from sandbox.tui.activity import ActivityLine
from sandbox.tui.curl import as_curl
from sandbox.tui.received_request import ReceivedRequest
from sandbox.tui.widgets.activity_log import ActivityLog
from sandbox.tui.widgets.inbox_table import InboxTable
from sandbox.tui.widgets.request_detail import RequestDetail

PREVIEW_DELAY = 0.05
"""Seconds the cursor rests on a request before the detail pane renders it: longer than a held
key repeats (~33 ms), so holding ↓ renders no detail on the way (the costly part of a frame)."""
PREVIEW_EVERY = 0.25
"""At most one preview this often: stepping quickly through a flood, the cursor moves at every
key and the detail follows a few times a second."""


class PartnerInboxPanel(Vertical):
    """Requests arrive at the top of the list; ↑/↓ opens one on the right; `y` copies it as curl."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "copy_curl", "Copy as curl"),
        Binding("home", "newest", "Follow newest", show=False),
    ]

    def __init__(self, simulator: SimulatorApi, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.simulator = simulator
        self.shown: ReceivedRequest | None = None
        """The request open in the detail pane."""
        self._preview: Timer | None = None
        self._previewed = 0.0
        """When the last preview was shown (`time.monotonic()`)."""
        self._count = Static(self._caption(0), id="inbox-caption", classes="caption")
        self._table = InboxTable(id="inbox-table")
        self._detail = RequestDetail(id="request-detail")
        self._activity = ActivityLog(id="activity")
        self._activity_caption = Static(_activity_caption("everything"), classes="caption")
        """Held, not queried: the flush timer may fire while the console closes, when a query
        would find nothing."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="inbox-top"):
            with Vertical(id="inbox-list"):
                yield self._count
                yield self._table
            yield self._detail
        yield self._activity_caption
        yield self._activity

    @property
    def table(self) -> InboxTable:
        return self._table

    def focus_primary(self) -> None:
        self.table.focus()

    def add_requests(self, requests: Sequence[ReceivedRequest], arrived: int | None = None) -> None:
        table = self.table
        table.add(requests, arrived)
        if requests:
            self._count.update(self._caption(table.received), layout=False)  # one fixed line

    @property
    def activity(self) -> ActivityLog:
        return self._activity

    def clear(self) -> None:
        """Start over empty (demo mode rebuilt the world from its scenario)."""
        self.table.clear()
        self._count.update(self._caption(0), layout=False)
        self._activity.clear()

    def add_activity(self, lines: Iterable[ActivityLine | str]) -> None:
        self._activity.add(lines)

    def on_activity_log_filter_changed(self, message: ActivityLog.FilterChanged) -> None:
        self._activity_caption.update(_activity_caption(message.description))

    def on_inbox_table_highlighted(self, message: InboxTable.Highlighted) -> None:
        """The cursor moves at once; the detail follows when the cursor rests (a preview)."""
        if self._preview is not None:
            self._preview.stop()
        request = message.request
        wait = max(PREVIEW_DELAY, self._previewed + PREVIEW_EVERY - time.monotonic())
        self._preview = self.set_timer(wait, lambda: self._show_preview(request))

    def _show_preview(self, request: ReceivedRequest) -> None:
        self._previewed = time.monotonic()
        self.show_request(request)

    def on_inbox_table_selected(self, message: InboxTable.Selected) -> None:
        self.show_request(message.request)

    def show_request(self, request: ReceivedRequest) -> None:
        """Show `request` in full on the right."""
        self.shown = request
        self._detail.show(request, self._base_url())

    def action_copy_curl(self) -> None:
        request = self.table.highlighted or self.shown
        if request is None:
            self.notify("Select a request first (↑/↓ in the inbox).", severity="warning")
            return
        self.app.copy_to_clipboard(as_curl(request, self._base_url()))
        self.notify(f"Request #{request.seq} copied as curl (secrets masked).", title="Copied")

    def action_newest(self) -> None:
        self.table.action_newest()

    def _base_url(self) -> str:
        return self.simulator.servers().get("partner", "http://127.0.0.1")

    @staticmethod
    def _caption(received: int) -> str:
        return f"Partner inbox · {received:,} received · newest first"


def _activity_caption(filters: str) -> str:
    return f"Activity · {filters} · x failures only · d destination · End newest"
