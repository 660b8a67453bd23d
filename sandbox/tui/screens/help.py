"""The help screen (`?` / F1): a first-minute tour and every key, read from the live bindings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

TOUR = """\
The first minute
  1       Inbox: what the mock partner receives arrives at the top. ↑/↓ opens a request on the
          right (headers and JSON body, secrets masked); y copies it as a curl command.
  f       Break the partner (429 storm, 5xx, latency, down) and watch the retries in the
          activity log and the Destinations tab; f → clear mends it.
  w       Web SDK console: type an identity or pick a profile, Enter sends a page view to the
          Edge emulator; its answer's destinations are shown on top.
  Ctrl+P  Every command, searchable: speeds, steps, faults, audiences, themes."""

Section = tuple[str, Sequence[BindingType]]


KEY_NAMES = {
    "question_mark": "?",
    "space": "Space",
    "plus": "+",
    "minus": "-",
    "equals_sign": "=",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "slash": "/",
    "enter": "Enter",
    "escape": "Esc",
    "f1": "F1",
    "home": "Home",
    "up": "↑",
    "down": "↓",
}


def key_label(keys: str) -> str:
    """`plus,equals_sign` → `+ / =`; `ctrl+t` → `Ctrl+T`."""
    return " / ".join(KEY_NAMES.get(k, _ctrl(k)) for k in keys.split(","))


def _ctrl(key: str) -> str:
    return f"Ctrl+{key[5:].upper()}" if key.startswith("ctrl+") else key


def key_table(sections: Sequence[Section]) -> Table:
    """One row per described binding, grouped under its section title."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for title, bindings in sections:
        table.add_row(Text(title, style="underline"), "")
        for entry in bindings:
            binding = entry if isinstance(entry, Binding) else Binding(*entry)
            if binding.description:
                table.add_row(binding.key_display or key_label(binding.key), binding.description)
    return table


class HelpScreen(ModalScreen[None]):
    """Escape, ? or F1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q", "dismiss", "Close")
    ]

    def __init__(self, sections: Sequence[Section]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static("Destination Sandbox · keys", classes="dialog-title")
            with VerticalScroll():
                yield Static(Text(TOUR), id="help-tour")
                yield Static(key_table(self.sections), id="help-keys")
            yield Static("Escape closes", classes="hint")
