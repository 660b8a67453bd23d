"""The presenter of a narrated playback: the `Pace` a demo's `ScenarioRun` is played with.

Notes stay on screen until `next()` (or for their `hold`, counting down in wall seconds); long
steps fast-forward one chunk per `frame_seconds` of wall time; `pause()` holds the story between
two chunks or two steps. While replaying (back/restart) up to step `replay_to`, nothing waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

from sandbox.events import Event
from sandbox.scenario import model
from sandbox.scenario.playback import Holding, PlaybackChanged

TICK = 0.25
"""Wall seconds between two repaints of a note's countdown."""


class Presenter:
    def __init__(
        self,
        publish: Callable[[Event], None],
        now: Callable[[], float],
        total: int,
        *,
        replay_to: int = 0,
        frame_seconds: float = 0.05,
    ) -> None:
        self._publish = publish
        self._now = now
        self.total = total
        self.frame_seconds = frame_seconds
        self.replay_to = replay_to
        """Steps before this one play without waiting (back/restart rebuilt the world)."""
        self.index = -1
        """The last step finished."""
        self.note_index: int | None = None
        """The note on screen, if one is waiting."""
        self._go = asyncio.Event()
        self._running = asyncio.Event()
        self._running.set()

    @property
    def replaying(self) -> bool:
        return self.index + 1 < self.replay_to

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    # -- the presenter's keys -------------------------------------------------------------------

    def next(self) -> None:
        self._running.set()
        self._go.set()

    def toggle_pause(self) -> None:
        if self.paused:
            self._running.set()
        else:
            self._running.clear()
        self.announce("playing")

    # -- the Pace a ScenarioRun calls -----------------------------------------------------------

    async def frame(self) -> None:
        if self.replaying:
            await asyncio.sleep(0)
            return
        self.announce("fast-forward")
        await asyncio.sleep(self.frame_seconds)
        await self._running.wait()

    async def after_step(self, index: int, step: Any) -> None:
        self.index = index
        if index < self.replay_to:  # rebuilt up to a later step: no waiting on the way
            return
        if isinstance(step, model.Note):
            self.note_index = index
            await self._hold(step.hold)
            self.note_index = None
        elif self.paused:
            self.announce("playing")
            await self._running.wait()
        self.announce("playing")

    async def _hold(self, hold: float | None) -> None:
        self._go.clear()
        if hold is None:
            self.announce("key")
            await self._go.wait()
            return
        remaining = hold
        while remaining > 0 and not self._go.is_set():
            self.announce("countdown", remaining)
            started = time.monotonic()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._go.wait(), timeout=min(TICK, remaining))
            if not self.paused:
                remaining -= time.monotonic() - started

    def announce(self, holding: Holding, remaining: float = 0.0) -> None:
        self._publish(
            PlaybackChanged(
                at=self._now(),
                index=max(self.index, 0),
                total=self.total,
                holding="replaying" if self.replaying else holding,
                paused=self.paused,
                remaining=remaining,
            )
        )
