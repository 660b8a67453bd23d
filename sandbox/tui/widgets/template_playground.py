"""The Templates tab: edit a destination's template and see it render as you type.

Rendering waits for a pause in typing (debounced) and runs in an exclusive worker, so a new
keystroke cancels a render still pending. Errors come back as `InputError` problems with their
line:column and a caret excerpt; escaping warnings are listed under the output.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Select, Static, TextArea

from sandbox.destinations.body_checks import json_fault
from sandbox.errors import InputError, Problem
from sandbox.simulator.api import SimulatorApi
from sandbox.tui.names import profile_name
from sandbox.tui.widgets.live_panel import LivePanel

RENDER_DELAY = 0.3
"""Seconds of quiet typing before the template renders."""


def describe_warnings(rendered: Any) -> str:
    """One line per warning of a render (`Rendered.warnings`: escape warnings or problems)."""
    warnings = list(getattr(rendered, "warnings", ()))
    lines = [_warning(w) for w in warnings]
    count = getattr(rendered, "escape_count", 0)
    if isinstance(count, int) and count > len(warnings):
        lines.append(f"… {count - len(warnings):,} more values changed by autoescaping")
    return "\n".join(lines)


def _warning(warning: Any) -> str:
    if isinstance(warning, Problem):
        return warning.render()
    message = getattr(warning, "message", None)
    return str(message()) if callable(message) else str(warning)


class TemplatePlayground(LivePanel):
    """Pick a destination; its template opens in the editor; the output follows your edits."""

    def __init__(self, simulator: SimulatorApi, *, id: str | None = None) -> None:
        super().__init__(simulator, id=id)
        self.profile_id: str | None = None
        self.destination_id: str | None = None
        self._timer: Timer | None = None
        self._offered: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(
            "Template playground · renders for the profile chosen in Profiles as you type",
            classes="caption",
        )
        with Horizontal(id="playground-bar"):
            yield Select[str]([], prompt="destination", id="playground-destination")
            yield Static("profile: the first one", id="playground-profile")
        with Horizontal(id="playground-panes"):
            yield TextArea("", id="playground-editor", show_line_numbers=True, soft_wrap=False)
            with VerticalScroll(id="playground-output-pane"):
                yield Static("", id="playground-output")
        yield Static("", id="playground-problems")

    def focus_primary(self) -> None:
        self.query_one(TextArea).focus()

    def reload(self) -> None:
        """Offer the current destinations; open the first one's template if none is open."""
        destinations = self.simulator.destinations()
        options = [(d.name, d.id) for d in destinations if d.kind == "rest"]  # the templated ones
        select = self.query_one("#playground-destination", Select)
        if [value for _, value in options] != self._offered:
            self._offered = [value for _, value in options]
            select.set_options(options)
            if options and self.destination_id is None:
                select.value = options[0][1]

    def use_profile(self, profile_id: str) -> None:
        self.profile_id = profile_id
        profile = self.simulator.profile(profile_id)
        shown = profile_name(profile) if profile is not None else profile_id
        self.query_one("#playground-profile", Static).update(f"profile: {shown}")
        self._schedule()

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.destination_id:
            self.destination_id = event.value
            source = self.simulator.template_source(event.value)
            self.query_one(TextArea).load_text(source)
            self._schedule()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._schedule()

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(RENDER_DELAY, self.render_now)

    def render_now(self) -> None:
        if self.destination_id is None:
            return
        template = self.query_one(TextArea).text
        work: Callable[[], Awaitable[None]] = partial(
            self._render_preview, self.destination_id, template, self.profile_id
        )
        self.run_worker(work, group="playground", exclusive=True)

    async def _render_preview(
        self, destination_id: str, template: str, profile_id: str | None
    ) -> None:
        problems = self.query_one("#playground-problems", Static)
        try:
            rendered = self.simulator.render_preview(destination_id, template, profile_id)
        except InputError as error:
            problems.update(Text(error.report(), style="bold red"))
            problems.set_class(True, "error")
            return
        problems.set_class(False, "error")
        self.query_one("#playground-output", Static).update(_output(str(rendered.text)))
        warnings = "\n".join(filter(None, [describe_warnings(rendered), json_note(rendered.text)]))
        problems.update(Text(warnings, style="yellow") if warnings else Text("no warnings"))


def json_note(text: object) -> str:
    """The `render` command's JSON check, for output that is meant to be JSON (starts with { or [)."""
    rendered = str(text)
    if not rendered.lstrip().startswith(("{", "[")):
        return ""
    fault = json_fault(rendered)
    return f"warning: {fault.describe()}\n{fault.excerpt}" if fault else ""


def _output(text: str) -> Syntax | Text:
    """The rendered text exactly as rendered (whitespace matters), highlighted when it is JSON."""
    try:
        json.loads(text)
    except ValueError:
        return Text(text)
    return Syntax(text, "json", theme="ansi_dark", word_wrap=True, background_color="default")
