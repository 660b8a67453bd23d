"""The end of a narrated playback: every expectation ✓ or ✗ with what was observed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Literal

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from sandbox.scenario.playback import PlaybackFinished
from sandbox.tui.names import with_names

Choice = Literal["restart", "back", "explore"]


def results_table(finished: PlaybackFinished, names: Mapping[str, str] | None = None) -> Table:
    """One row per outcome; ids in what was observed read as names (`names`: id → name)."""
    names = names or {}
    table = Table(expand=True, show_lines=False, header_style="bold")
    table.add_column("", width=1, no_wrap=True)
    table.add_column("expectation", ratio=2)
    table.add_column("observed", ratio=3)
    for outcome in finished.outcomes:
        mark = Text("✓", style="bold green") if outcome.passed else Text("✗", style="bold red")
        observed = Text(with_names(outcome.observed, names))
        if not outcome.passed:
            observed.append(f"\nexpected: {outcome.expected}", style="dim")
        table.add_row(mark, outcome.name, observed)
    return table


def verdict_line(finished: PlaybackFinished) -> Text:
    passed = sum(outcome.passed for outcome in finished.outcomes)
    total = len(finished.outcomes)
    if not total:
        return Text(f"{finished.scenario}: no expectations to check", style="bold")
    style = "bold green" if finished.passed else "bold red"
    word = "PASSED" if finished.passed else "FAILED"
    return Text(f"{finished.scenario}: {word} · {passed} of {total} expectations met", style=style)


class ResultsScreen(ModalScreen[Choice]):
    """r replays the story, p goes back a note, Escape closes it to explore the console."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('restart')", "Restart"),
        Binding("p", "choose('back')", "Back"),
        Binding("escape", "choose('explore')", "Explore the console"),
    ]

    def __init__(self, finished: PlaybackFinished, names: Mapping[str, str] | None = None) -> None:
        super().__init__(id="results")
        self.finished = finished
        self.names = names or {}

    def compose(self) -> ComposeResult:
        with Vertical(id="results-dialog", classes="dialog"):
            yield Static("Results", classes="dialog-title")
            yield Static(verdict_line(self.finished), id="results-verdict")
            with VerticalScroll(id="results-list"):
                yield Static(results_table(self.finished, self.names), id="results-table")
            yield Static("r restart · p back · Escape explore the console · q quit", classes="hint")

    def action_choose(self, choice: Choice) -> None:
        self.dismiss(choice)
