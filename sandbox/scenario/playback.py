"""Demo mode's story as the console sees it: what the presenter is waiting for, and the results.

The console drives a `Playback` (next, back, pause, restart) and reads these events from its bus;
neither side knows how the other is built (the composition root joins them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from sandbox.events import Event
from sandbox.scenario.checks import Outcome

Holding = Literal["key", "countdown", "fast-forward", "playing", "replaying", "done"]
"""key: a note waits for the presenter; countdown: a note with a `hold`; fast-forward: a long
`advance`/`settle` plays in chunks; replaying: back/restart rebuilds up to a step; done: results."""


@dataclass(frozen=True)
class PlaybackChanged(Event):
    index: int
    """The step playing (or the last one played), 0-based."""
    total: int
    holding: Holding
    paused: bool = False
    remaining: float = 0.0
    """Wall seconds left on a note's countdown."""


@dataclass(frozen=True)
class PlaybackFinished(Event):
    """The story ended: every expectation's verdict, as `sandbox run` gives it."""

    scenario: str
    outcomes: tuple[Outcome, ...]

    @property
    def passed(self) -> bool:
        return all(outcome.passed for outcome in self.outcomes)


@dataclass(frozen=True)
class PlaybackRestarted(Event):
    """The world was rebuilt from the scenario; the story replays up to step `to`."""

    to: int


@runtime_checkable
class Playback(Protocol):
    """The presenter's remote control."""

    def next(self) -> None:
        """End the note on screen (or the pause) and go on."""

    def back(self) -> None:
        """Replay from the start up to the note before the current one."""

    def restart(self) -> None:
        """Replay from the first step."""

    def toggle_pause(self) -> None: ...
