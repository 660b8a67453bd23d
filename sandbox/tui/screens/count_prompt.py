"""Ask how many (profiles to generate, events to stream), with the range checked as you type."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Number
from textual.widgets import Input, Static


class CountPrompt(ModalScreen[int | None]):
    """Enter confirms a whole number in [1, maximum]; Escape cancels (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, default: int, maximum: int = 1_000_000) -> None:
        super().__init__()
        self.title_text = title
        self.default = default
        self.maximum = maximum

    def compose(self) -> ComposeResult:
        with Vertical(id="count-dialog", classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Input(
                str(self.default),
                type="integer",
                validators=[Number(minimum=1, maximum=self.maximum)],
                id="count-input",
            )
            yield Static(
                f"a whole number from 1 to {self.maximum:,}", id="count-hint", classes="hint"
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.validation_result is not None and not event.validation_result.is_valid:
            message = " ".join(event.validation_result.failure_descriptions)
            self.query_one("#count-hint", Static).update(message)
            return
        self.dismiss(int(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
