"""One received request in full: status line, headers, the pretty JSON body, and as curl."""

from __future__ import annotations

from rich.console import RenderableType
from rich.syntax import Syntax
from rich.text import Text
from textual import events
from textual.scroll_view import ScrollView
from textual.strip import Strip

from sandbox.tui.curl import as_curl
from sandbox.tui.received_request import ReceivedRequest
from sandbox.tui.widgets.inbox_table import human_size
from sandbox.tui.widgets.scroll_extent import set_virtual_height

PLACEHOLDER = "Select a request (↑/↓, Enter) to see its headers and body."


class RequestDetail(ScrollView):
    """What the partner received, secrets masked; `y` copies it as curl.

    Drawn line by line from strips rendered once per request shown (again only when the width
    or the style changes). Showing another request repaints this pane alone: its height changes
    without a layout of the screen (a `RichLog`, cleared and written, lays out every time).
    """

    DEFAULT_CSS = """
    RequestDetail {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: scroll;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.can_focus = False
        self.parts: tuple[RenderableType, ...] = (Text(PLACEHOLDER),)
        """What the pane shows, one block after the other."""
        self._lines: list[Strip] = []
        self._width = 0
        """The width `_lines` were rendered at (0: not rendered yet, or restyled)."""
        self._blank = Strip.blank(0)

    def show(self, request: ReceivedRequest, base_url: str) -> None:
        """Title, headers, body, answer and the curl command, one after the other."""
        self.parts = _parts(request, base_url)
        self._width = 0
        self._render_parts()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._render_parts()

    def notify_style_update(self) -> None:
        """CSS or theme changed: render the lines again in the new style."""
        super().notify_style_update()
        self._width = 0
        if self.is_attached:
            self._render_parts()

    def render_line(self, y: int) -> Strip:
        row = int(self.scroll_y) + y
        return self._lines[row] if row < len(self._lines) else self._blank

    def _render_parts(self) -> None:
        """Render the parts into styled strips at the content width, when it is known and new."""
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return
        console, style = self.app.console, self.rich_style
        options = console.options.update(width=width, highlight=False, markup=False)
        self._lines = [
            Strip(segments, width).apply_style(style)
            for part in _spaced(self.parts)
            for segments in console.render_lines(part, options, pad=True)
        ]
        self._width, self._blank = width, Strip.blank(width, style)
        set_virtual_height(self, len(self._lines), width)


def _parts(request: ReceivedRequest, base_url: str) -> tuple[RenderableType, ...]:
    headers = "\n".join(f"{name}: {value}" for name, value in request.headers)
    curl = as_curl(request, base_url)
    return (
        _title(request),
        Text(headers or "(no headers)"),
        _body(request),
        _answer(request),
        Text(f"curl (y copies it):\n{curl}", style="dim"),
    )


def _spaced(parts: tuple[RenderableType, ...]) -> list[RenderableType]:
    spaced: list[RenderableType] = []
    for part in parts:
        spaced += [part, Text("")]
    return spaced[:-1]


def _title(request: ReceivedRequest) -> Text:
    status = "no answer" if request.status is None else str(request.status)
    latency = "" if request.latency_ms is None else f", {request.latency_ms:.0f} ms"
    text = Text(f"#{request.seq}  {request.method} {request.target}\n", style="bold")
    text.append(f"→ {status}{latency}, {human_size(request.size)} received")
    return text


def _body(request: ReceivedRequest) -> Syntax | Text:
    if not request.body:
        return Text("(empty body)", style="dim")
    pretty, is_json = request.pretty_body()
    if is_json:
        return Syntax(pretty, "json", theme="ansi_dark", word_wrap=True, background_color="default")
    return Text(pretty)


def _answer(request: ReceivedRequest) -> Text:
    fault = f" (fault {request.fault})" if request.fault else ""
    status = "none" if request.status is None else str(request.status)
    text = Text(f"answer: {status}{fault}", style="bold")
    if request.answer_body:
        text.append("\n" + request.answer_body[:2000], style="")
    return text
