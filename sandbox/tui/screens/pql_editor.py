"""Edit an audience's PQL; a bad expression stays open with the parser's caret message.

Before Ctrl+S applies an expression that reads a path no profile has, the editor says how many
profiles it would qualify and names the path with a did-you-mean; Ctrl+S again applies it anyway.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from sandbox.errors import InputError
from sandbox.simulator.api import AudienceSummary, SimulatorApi


class PqlEditorScreen(ModalScreen[bool]):
    """Ctrl+S applies (the population moves on), Escape cancels. Dismissed with True if applied."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "apply", "Apply"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, simulator: SimulatorApi, audience: AudienceSummary) -> None:
        super().__init__()
        self.simulator = simulator
        self.audience = audience
        self._warned = ""
        """The text last warned about: a second Ctrl+S on it applies it."""

    def compose(self) -> ComposeResult:
        with Vertical(id="pql-dialog", classes="dialog"):
            yield Static(
                f"Audience {self.audience.name} ({self.audience.mode}) · PQL",
                classes="dialog-title",
            )
            yield TextArea(self.audience.expression, id="pql-editor", soft_wrap=True)
            yield Static("", id="pql-problems")
            with Horizontal(classes="buttons"):
                yield Button("Apply (Ctrl+S)", id="pql-apply", variant="primary")
                yield Button("Cancel (Esc)", id="pql-cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "pql-apply":
            self.action_apply()
        else:
            self.action_cancel()

    def action_apply(self) -> None:
        pql = self.query_one(TextArea).text.strip()
        work: Callable[[], Awaitable[None]] = partial(self._apply, pql)
        self.run_worker(work, group="pql", exclusive=True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    async def _apply(self, pql: str) -> None:
        problems = self.query_one("#pql-problems", Static)
        try:
            if pql != self._warned:
                preview = await self.simulator.preview_audience_pql(self.audience.id, pql)
                if preview.warnings:
                    self._warned = pql
                    note = "\nCtrl+S again applies it as it is."
                    problems.update(Text(preview.summary() + note, style="bold yellow"))
                    return
            await self.simulator.set_audience_pql(self.audience.id, pql)
        except InputError as error:
            problems.update(Text(error.report(), style="bold red"))
            return
        self.dismiss(True)
