"""The activity log: deliveries, retries, drops, steps and expectations, one line each.

Drawn line by line from a bounded deque (Textual's `Log` with `max_lines` stopped repainting
once it began dropping old lines: the log froze at its first thousand). It follows the newest
line unless the user scrolled up: then the lines in view stay put and the last row counts what
came in since (`End` follows again). Filters: failures only (`x`), one destination (`d` cycles).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from sandbox.tui.activity import ActivityLine
from sandbox.tui.digest import ACTIVITY_LINES
from sandbox.tui.widgets.scroll_extent import set_virtual_height


class ActivityLog(ScrollView, can_focus=True):
    """The newest `capacity` lines; the view follows them unless held."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "toggle_failures", "Failures only"),
        Binding("d", "next_destination", "Destination filter"),
        Binding("end", "follow", "Follow newest", show=False),
        Binding("up,k", "scroll_lines(-1)", "Up", show=False),
        Binding("down,j", "scroll_lines(1)", "Down", show=False),
        Binding("pageup", "scroll_lines(-10)", "Page up", show=False),
        Binding("pagedown", "scroll_lines(10)", "Page down", show=False),
    ]
    COMPONENT_CLASSES = {"activity--failure", "activity--marker"}

    class FilterChanged(Message):
        """The filters changed (the caption says which are on)."""

        def __init__(self, description: str) -> None:
            super().__init__()
            self.description = description

    def __init__(self, capacity: int = ACTIVITY_LINES, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._all: deque[ActivityLine] = deque(maxlen=capacity)
        self._shown: deque[ActivityLine] = deque(maxlen=capacity)
        self.failures_only = False
        self.destination: str | None = None
        self.held = False
        """The user scrolled up: new lines do not move the view."""
        self.unseen = 0
        """Lines that arrived (and pass the filters) since the view was held."""

    @property
    def lines(self) -> list[str]:
        """The text of the lines the filters let through, oldest first."""
        return [line.text for line in self._shown]

    def destinations(self) -> list[str]:
        """Destinations the kept lines mention, in order of first mention."""
        return list(dict.fromkeys(ln.destination for ln in self._all if ln.destination))

    def add(self, lines: Iterable[ActivityLine | str]) -> None:
        batch = [ln if isinstance(ln, ActivityLine) else ActivityLine(ln) for ln in lines]
        if not batch:
            return
        self._all.extend(batch)
        passing = [ln for ln in batch if self._passes(ln)]
        if not passing:
            return
        before = len(self._shown)
        self._shown.extend(passing)
        dropped = before + len(passing) - len(self._shown)
        if self.held:
            self.unseen += len(passing)
            set_virtual_height(self, len(self._shown))
            if dropped:  # keep the same lines in view while older ones fall off the top
                self.scroll_to(y=max(self.scroll_y - dropped, 0), animate=False, immediate=True)
            self.refresh()
        else:
            self._follow()

    def clear(self) -> None:
        """Start over empty (demo mode rebuilt the world); the filters stay."""
        self._all.clear()
        self._shown.clear()
        self.held, self.unseen = False, 0
        self._follow()

    def _passes(self, line: ActivityLine) -> bool:
        if self.failures_only and not line.failure:
            return False
        return self.destination is None or line.destination == self.destination

    def _follow(self) -> None:
        set_virtual_height(self, len(self._shown))
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
        self.refresh()

    def _refilter(self) -> None:
        self._shown.clear()
        self._shown.extend(ln for ln in self._all if self._passes(ln))
        self.held, self.unseen = False, 0
        self._follow()
        self.post_message(self.FilterChanged(self.describe_filters()))

    def describe_filters(self) -> str:
        parts = ["failures only" if self.failures_only else ""]
        parts.append(f"destination {self.destination}" if self.destination else "")
        return " · ".join(p for p in parts if p) or "everything"

    def action_toggle_failures(self) -> None:
        self.failures_only = not self.failures_only
        self._refilter()

    def action_next_destination(self) -> None:
        """Cycle: every destination, then each one the log mentions."""
        choices: list[str | None] = [None, *self.destinations()]
        at = choices.index(self.destination) if self.destination in choices else 0
        self.destination = choices[(at + 1) % len(choices)]
        self._refilter()

    def set_filters(self, *, failures_only: bool, destination: str | None) -> None:
        self.failures_only, self.destination = failures_only, destination
        self._refilter()

    def action_follow(self) -> None:
        self.held, self.unseen = False, 0
        self._follow()

    def action_scroll_lines(self, delta: int) -> None:
        self.scroll_to(y=self.scroll_y + delta, animate=False, immediate=True)
        self._hold_unless_at_end()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self.call_after_refresh(self._hold_unless_at_end)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self.call_after_refresh(self._hold_unless_at_end)

    def _hold_unless_at_end(self) -> None:
        at_end = self.scroll_y >= self.max_scroll_y
        if at_end:
            self.held, self.unseen = False, 0
        elif not self.held:
            self.held, self.unseen = True, 0
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if self.held and y == self.size.height - 1:
            text = f" ▼ {self.unseen:,} new · End follows the newest "
            style = base + self.get_component_rich_style("activity--marker")
            return Strip([Segment(text, style)]).adjust_cell_length(width, base)
        row = int(self.scroll_y) + y
        if row >= len(self._shown):
            return Strip.blank(width, base)
        line = self._shown[row]
        style = base + self._failure_style() if line.failure else base
        return Strip([Segment(line.text, style)]).adjust_cell_length(width, base)

    def _failure_style(self) -> Style:
        return self.get_component_rich_style("activity--failure")
