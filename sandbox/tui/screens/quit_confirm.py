"""Asked before `q` ends a session whose simulation is still going: y quits, n or Escape stays."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class QuitConfirm(ModalScreen[bool]):
    """Dismissed with True to quit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Quit"),
        Binding("n,escape", "answer(False)", "Stay"),
    ]

    def __init__(self, state: str) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-dialog", classes="dialog"):
            yield Static("Quit the console?", classes="dialog-title")
            yield Static(f"The simulation is {self.state}; quitting stops it and its servers.")
            yield Static("y quits · n or Escape stays", classes="hint")

    def action_answer(self, quit: bool) -> None:
        self.dismiss(quit)
