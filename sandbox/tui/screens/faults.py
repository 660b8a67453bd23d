"""Pick a partner fault preset (a 429 storm, 5xx, latency, down) or clear them."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sandbox.simulator.api import FAULT_PRESETS

FAULT_DESCRIPTIONS = {
    "429-storm": "429 storm: the partner throttles every call (watch the retries)",
    "5xx": "5xx: the partner fails with server errors",
    "latency": "latency: the partner answers slowly, some calls time out",
    "503": "503: the partner is unavailable (Retry-After 30 s)",
    "down": "down: the partner refuses connections (a connection error, no HTTP answer)",
    "clear": "clear: the partner answers normally again",
}


def fault_title(preset: str) -> str:
    return FAULT_DESCRIPTIONS.get(preset, preset)


class FaultsScreen(ModalScreen[str | None]):
    """Enter applies the highlighted preset; Escape leaves the partner as it is."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="faults-dialog", classes="dialog"):
            yield Static("Break the partner (or mend it)", classes="dialog-title")
            yield OptionList(*[Option(fault_title(p), id=p) for p in FAULT_PRESETS])
            yield Static("Enter applies · Escape cancels", classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
