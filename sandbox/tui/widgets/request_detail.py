"""One received request in full: status line, headers, the pretty JSON body, and as curl."""

from __future__ import annotations

from rich.console import RenderableType
from rich.syntax import Syntax
from rich.text import Text
from textual.widgets import RichLog

from sandbox.tui.curl import as_curl
from sandbox.tui.received_request import ReceivedRequest
from sandbox.tui.widgets.inbox_table import human_size

PLACEHOLDER = "Select a request (↑/↓, Enter) to see its headers and body."


class RequestDetail(RichLog):
    """What the partner received, secrets masked; `y` copies it as curl.

    A `RichLog` renders what it is given into lines once, then scrolls them: showing another
    request repaints this pane only, with no layout of the screen (which a resized `Static`
    would need on every cursor move).
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            id=id, wrap=True, markup=False, highlight=False, auto_scroll=False, min_width=20
        )
        self.can_focus = False

    def on_mount(self) -> None:
        self.write(PLACEHOLDER)

    def show(self, request: ReceivedRequest, base_url: str) -> None:
        """Title, headers, body, answer and the curl command, one after the other."""
        headers = "\n".join(f"{name}: {value}" for name, value in request.headers)
        curl = as_curl(request, base_url)
        parts = (
            _title(request),
            Text(headers or "(no headers)"),
            _body(request),
            _answer(request),
            Text(f"curl (y copies it):\n{curl}", style="dim"),
        )
        self.clear()
        for part in _spaced(parts):
            self.write(part, expand=True)
        self.scroll_home(animate=False, immediate=True)


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
