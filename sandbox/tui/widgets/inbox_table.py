"""The partner inbox list: newest request first, drawn line by line so floods stay cheap.

Textual's Line API renders only the rows in view, from a bounded list; adding a thousand rows is
a list extend and one refresh. (`DataTable` re-measures on every add and removes rows in O(n),
about 70 ms per 150-row batch here, too slow for a partner taking 1,000 requests a second.)
What a frame repaints is kept to what changed: a cursor move repaints its two rows; arrivals
repaint nothing when the rows in view stay put (scrolled, or a request selected); the length of
the list changes without a layout of the screen (`scroll_extent`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from sandbox.tui.activity import clock_time
from sandbox.tui.received_request import ReceivedRequest
from sandbox.tui.widgets.scroll_extent import set_virtual_height, shift_view

FIXED_WIDTH = 9 + 7 + 5 + 9 + 10
"""Cells taken by every column but the path."""
ROWS_CACHED = 256
"""Rows kept drawn (a few screens' worth): in a flood, rows that scrolled out never come back,
and each cached row is some twenty objects the garbage collector scans."""


def human_size(size: int) -> str:
    return f"{size} B" if size < 1024 else f"{size / 1024:.1f} kB"


class InboxTable(ScrollView, can_focus=True):
    """Requests the partner received: time, method, path, status, size, latency."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("pageup", "move(-20)", "Page up", show=False),
        Binding("pagedown", "move(20)", "Page down", show=False),
        Binding("home", "newest", "Newest", show=False),
        Binding("enter", "select", "Open", show=False),
    ]
    COMPONENT_CLASSES = {
        "inbox--header",
        "inbox--cursor",
        "inbox--ok",
        "inbox--client-error",
        "inbox--server-error",
        "inbox--no-answer",
    }

    class Highlighted(Message):
        """The cursor moved onto a request."""

        def __init__(self, request: ReceivedRequest) -> None:
            super().__init__()
            self.request = request

    class Selected(Highlighted):
        """A request was opened (Enter or a click)."""

    def __init__(self, capacity: int = 500, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.capacity = capacity
        self._rows: list[ReceivedRequest] = []
        """Oldest first; row 0 on screen is the last one."""
        self.cursor: int | None = None
        """Row index on screen (0 = newest), or None: follow the newest arrivals."""
        self.received = 0
        self._styles: dict[str, Style] | None = None
        self._strips: LRUCache[tuple[int, float, bool, int], Strip] = LRUCache(ROWS_CACHED)

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def request_at(self, row: int) -> ReceivedRequest:
        return self._rows[-1 - row]

    @property
    def highlighted(self) -> ReceivedRequest | None:
        return None if self.cursor is None else self.request_at(self.cursor)

    def clear(self) -> None:
        """No rows (demo mode rebuilt the world)."""
        self._rows.clear()
        self.cursor, self.received = None, 0
        set_virtual_height(self, 1)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def add(self, requests: Sequence[ReceivedRequest], arrived: int | None = None) -> None:
        """Append new arrivals (`arrived` counts any the digest had to leave out). Following the
        newest (at the top, nothing selected), they show as they come; scrolled down or with a
        request selected, the rows in view stay put (Home follows the newest again)."""
        self.received += len(requests) if arrived is None else arrived
        if not requests:
            return
        self._rows.extend(requests)
        del self._rows[: max(0, len(self._rows) - self.capacity)]
        added = min(len(requests), len(self._rows))
        if self.cursor is not None:
            self.cursor += added
            if self.cursor >= len(self._rows):
                self.cursor = None
        anchored = self.scroll_y > 0 or self.cursor is not None
        set_virtual_height(self, len(self._rows) + 1)
        if not anchored:
            self.refresh()
        elif self.scroll_y + added <= self.max_scroll_y:
            shift_view(self, self.scroll_y + added)  # the rows in view are still those
        else:
            self.scroll_to(y=self.scroll_y + added, animate=False, immediate=True)
            self.refresh()  # the rows in view fell off the end

    def action_move(self, delta: int) -> None:
        if not self._rows:
            return
        before = self.cursor
        start = -1 if before is None else before
        self.cursor = min(max(start + delta, 0), len(self._rows) - 1)
        self._show_cursor(before)
        self.post_message(self.Highlighted(self.request_at(self.cursor)))

    def action_newest(self) -> None:
        self.cursor = None
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def action_select(self) -> None:
        if self.cursor is None and self._rows:
            self.cursor = 0
            self.refresh()
        if self.cursor is not None:
            self.post_message(self.Selected(self.request_at(self.cursor)))

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= row < len(self._rows):
            self.cursor = row
            self.refresh()
            self.post_message(self.Selected(self.request_at(row)))

    def _show_cursor(self, before: int | None) -> None:
        """Scroll the cursor into view; if no scroll was needed, repaint only the two rows
        whose selection changed (a whole-list repaint costs a frame several milliseconds)."""
        visible = max(self.size.height - 1, 1)
        top = int(self.scroll_y)
        if self.cursor is not None and self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor is not None and self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)
        if int(self.scroll_y) != top:
            self.refresh()
            return
        for row in (before, self.cursor):
            if row is not None:
                self.refresh_row(row)

    def refresh_row(self, row: int) -> None:
        """Repaint one row, if it is in view."""
        line = 1 + row - int(self.scroll_y)
        if 1 <= line < self.size.height:
            self.refresh(Region(0, line, self.size.width, 1))

    def notify_style_update(self) -> None:
        """CSS or theme changed: forget cached styles and rows."""
        super().notify_style_update()
        self._styles = None
        self._strips.clear()

    def _style(self, name: str) -> Style:
        if self._styles is None:
            base = self.rich_style
            styles = {name: self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}
            self._styles = {"": base} | {
                name: _foreground(style) if name in _STATUS else style
                for name, style in styles.items()
            }
        return self._styles[name]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            return self._header(width)
        row = int(self.scroll_y) + y - 1
        if row >= len(self._rows):
            return Strip.blank(width, self._style(""))
        request = self.request_at(row)
        key = (request.seq, request.at, row == self.cursor, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._row(request, row == self.cursor, width)
        return strip

    def _header(self, width: int) -> Strip:
        path = max(width - FIXED_WIDTH, 4)
        columns = [
            ("time", 9),
            ("method", 7),
            ("path", path),
            ("stat", 5),
            ("size", 9),
            ("latency", 10),
        ]
        text = "".join(
            _fit(title, size, right=title in ("size", "latency")) for title, size in columns
        )
        style = self._style("") + self._style("inbox--header")
        return Strip([Segment(text, style)]).adjust_cell_length(width, style)

    def _row(self, request: ReceivedRequest, selected: bool, width: int) -> Strip:
        base = self._style("") + self._style("inbox--cursor") if selected else self._style("")
        path = max(width - FIXED_WIDTH, 4)
        status = "—" if request.status is None else str(request.status)
        latency = "" if request.latency_ms is None else f"{request.latency_ms:.0f} ms"
        before = (
            _fit(clock_time(request.at), 9)
            + _fit(request.method, 7)
            + _fit(middle_cut(request.target, path - 1), path)
        )
        after = _fit(human_size(request.size), 9, right=True) + _fit(latency, 10, right=True)
        cells = [
            Segment(before, base),
            Segment(_fit(status, 5), base + self._style(_status_class(request.status))),
            Segment(after, base),
        ]
        return Strip(cells).adjust_cell_length(width, base)


_STATUS = ("inbox--ok", "inbox--client-error", "inbox--server-error", "inbox--no-answer")


def _status_class(status: int | None) -> str:
    if status is None:
        return "inbox--no-answer"
    if status >= 500:
        return "inbox--server-error"
    return "inbox--client-error" if status >= 400 else "inbox--ok"


def _foreground(style: Style) -> Style:
    """Only the foreground of a status class, so the cursor's background shows through."""
    return Style(color=style.color, bold=style.bold, italic=style.italic)


def middle_cut(text: str, width: int) -> str:
    """`text` in at most `width` cells, cut in the middle (`/v1/aud…/members`): the start and
    the end of a path or URL are what tell requests apart."""
    if len(text) <= width:
        return text
    if width < 3:
        return text[:width]
    tail = (width - 1) // 2
    return text[: width - 1 - tail] + "…" + text[len(text) - tail :]


def _fit(text: str, width: int, right: bool = False) -> str:
    """`text` in exactly `width` cells (one of them a gap), cut with an ellipsis when too long."""
    room = width - 1
    if len(text) > room:
        text = text[: max(room - 1, 0)] + "…"
    return (text.rjust(room) + " ") if right else text.ljust(width)
