"""Pick a partner fault preset (a 429 storm, 5xx, 503, latency, down) or clear them, or edit
the highlighted one (status, share, first N, latency, path) and apply that."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from sandbox.simulator.api import FAULT_PRESETS
from sandbox.simulator.faults import preset_rules
from sandbox.tui.fault_form import FIELDS, LABELS, FaultForm, rule_from

FAULT_DESCRIPTIONS = {
    "429-storm": "429 storm: the partner throttles every call (watch the retries)",
    "5xx": "5xx: the partner fails with server errors",
    "503": "503: the partner is unavailable (Retry-After 30 s)",
    "latency": "latency: the partner answers slowly, some calls time out",
    "down": "down: the partner refuses connections (a connection error, no HTTP answer)",
    "clear": "clear: the partner answers normally again",
}

FaultChoice = str | list[dict[str, Any]]
"""A preset's name, or the rules edited in the screen."""


def fault_title(preset: str) -> str:
    return FAULT_DESCRIPTIONS.get(preset, preset)


class FaultsScreen(ModalScreen[FaultChoice | None]):
    """Enter on a preset applies it; its fields below can be edited, Ctrl+S applies those;
    Escape leaves the partner as it is."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Cancel"),
        Binding("ctrl+s", "apply_edited", "Apply the edited fault"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._form = FaultForm()

    def compose(self) -> ComposeResult:
        with Vertical(id="faults-dialog", classes="dialog"):
            yield Static("Break the partner (or mend it)", classes="dialog-title")
            yield OptionList(*[Option(fault_title(p), id=p) for p in FAULT_PRESETS])
            for name in FIELDS:
                with Horizontal(classes="fault-field"):
                    yield Label(LABELS[name], classes="fault-label")
                    yield Input(id=f"fault-{name}", classes="fault-input")
            yield Static("", id="fault-problem")
            yield Static(
                "Enter applies a preset · Tab edits its fields, Ctrl+S applies them · Escape "
                "cancels",
                classes="hint",
            )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        preset = event.option.id or "clear"
        rules = preset_rules(preset) if preset in FAULT_PRESETS else []
        self._form = FaultForm.from_rule(rules[0] if rules else None)
        for name, value in self._form.values().items():
            self.query_one(f"#fault-{name}", Input).value = value

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_apply_edited()

    def action_apply_edited(self) -> None:
        values = {name: self.query_one(f"#fault-{name}", Input).value for name in FIELDS}
        rule = rule_from(values, reset=self._form.reset)
        if isinstance(rule, str):
            self.query_one("#fault-problem", Static).update(Text(rule, style="bold red"))
            return
        self.dismiss([rule])
