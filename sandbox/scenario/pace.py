"""Pacing a scenario for an audience (demo mode) without changing what it does.

A headless run (`sandbox run`) jumps over an `advance: 1h` in one go. A narrated playback runs the
very same `ScenarioRun` on the very same virtual clock, but lets time pass in chunks with a `frame()`
between them (the screen repaints; a paused presenter holds the story there) and waits after each
step for the presenter (`after_step`: a note stays until a key, or for its `hold`). Virtual time does
not move while the story waits, so the verdicts are those of `sandbox run`.
"""

from __future__ import annotations

from typing import Any, Protocol

from sandbox.clock import Clock

FRAMES_PER_STEP = 40
"""A long `advance` or `settle` plays in about this many chunks (a visible, moving clock)."""
SMALLEST_CHUNK = 1.0
"""Simulated seconds: time is never cut finer than this."""


class Pace(Protocol):
    """The presenter's side of a paced run."""

    async def frame(self) -> None:
        """Between two chunks of simulated time: repaint, and hold here while paused."""

    async def after_step(self, index: int, step: Any) -> None:
        """After step `index` finished: hold a note on screen for as long as it should stay."""


class Timekeeper(Protocol):
    """What pacing needs of the simulator (a `ScenarioApi` has it)."""

    clock: Clock

    async def advance(self, seconds: float) -> None: ...
    async def settle(self, limit: float) -> None: ...


def chunk_for(seconds: float) -> float:
    return max(seconds / FRAMES_PER_STEP, SMALLEST_CHUNK)


async def advance(world: Timekeeper, seconds: float, pace: Pace | None) -> None:
    """`seconds` of simulated time, in chunks when paced (same timers, same order)."""
    if pace is None:
        await world.advance(seconds)
        return
    end, chunk = world.clock.now() + seconds, chunk_for(seconds)
    while (left := end - world.clock.now()) > 0:
        await world.advance(min(chunk, left))
        await pace.frame()


async def settle(world: Timekeeper, limit: float, pace: Pace | None) -> None:
    """Follow retries and batch windows until idle, for at most `limit`; in chunks when paced.
    A chunk that returns before its end found the simulation idle, which ends the settle."""
    if pace is None:
        await world.settle(limit)
        return
    deadline, chunk = world.clock.now() + limit, chunk_for(limit)
    while True:
        target = min(deadline, world.clock.now() + chunk)
        await world.settle(target - world.clock.now())
        await pace.frame()
        if world.clock.now() < target or world.clock.now() >= deadline:
            return
