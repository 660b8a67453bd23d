"""How the console follows a narrated playback: the narration's status line, the results screen
at the end, and a clean slate when back/restart rebuilds the world."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType

from sandbox.events import Event
from sandbox.scenario.playback import (
    Playback,
    PlaybackChanged,
    PlaybackFinished,
    PlaybackRestarted,
)
from sandbox.simulator.api import SimulatorApi
from sandbox.tui.names import audience_names, destination_names
from sandbox.tui.parts import ConsoleParts
from sandbox.tui.screens.results import Choice, ResultsScreen

DEMO_BINDINGS: list[BindingType] = [
    Binding("n", "playback('next')", "Next"),
    Binding("p", "playback('back')", "Back"),
    Binding("r", "playback('restart')", "Restart"),
]
"""The presenter's keys (space pauses, as it pauses the live console)."""
PLAYBACK_KEYS: list[BindingType] = [
    *DEMO_BINDINGS,
    Binding("space", "", "Pause / resume the story (a countdown waits too)"),
    Binding("escape", "", "Close the results screen to explore the console"),
]
"""The help screen's table for demo mode."""


class PlaybackView:
    """Routes the playback's events to the screen and the presenter's keys to the playback."""

    def __init__(
        self,
        app: App[Any],
        playback: Playback,
        simulator: SimulatorApi,
        parts: ConsoleParts,
        total: int,
    ) -> None:
        self.app = app
        self.playback = playback
        self.simulator = simulator
        self.parts = parts
        self.parts.narration.status_total = total
        self.finished: PlaybackFinished | None = None
        self.last: PlaybackChanged | None = None

    def handle(self, event: Event) -> bool:
        """Whether `event` was the playback's (and is handled)."""
        if isinstance(event, PlaybackChanged):
            self.last = event
            self.parts.narration.show_status(event)
        elif isinstance(event, PlaybackFinished):
            self.finished = event
            self.app.push_screen(ResultsScreen(event, self._names()), self._chosen)
        elif isinstance(event, PlaybackRestarted):
            self._clean_slate()
        else:
            return False
        return True

    def _names(self) -> dict[str, str]:
        simulator = self.simulator
        destinations = destination_names(simulator.destinations())
        return {**destinations, **audience_names(simulator.audiences())}

    def command(self, what: str) -> None:
        if what == "next":
            self.playback.next()
        elif what == "back":
            self.playback.back()
        elif what == "restart":
            self.playback.restart()
        elif what == "pause":
            self.playback.toggle_pause()

    def _chosen(self, choice: Choice | None) -> None:
        if choice in ("restart", "back"):
            self.command(choice)

    def _clean_slate(self) -> None:
        self.finished = None
        if isinstance(self.app.screen, ResultsScreen):
            self.app.pop_screen()
        self.parts.narration.clear()
        self.parts.inbox.clear()
        self.parts.web_sdk.clear_exchange()
