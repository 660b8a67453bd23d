"""Demo mode's pacing: chunked time passes the same timers in the same order; notes wait."""

from __future__ import annotations

import asyncio
from typing import Any

from sandbox.clock import Clock, VirtualClock
from sandbox.events import Event
from sandbox.scenario import model, pace
from sandbox.scenario.playback import PlaybackChanged
from sandbox.scenario.presenter import Presenter


class World:
    """A `Timekeeper`: a virtual clock and nothing else."""

    def __init__(self) -> None:
        self.clock: Clock = VirtualClock(0.0)

    async def advance(self, seconds: float) -> None:
        await self.clock.advance(seconds)

    async def settle(self, limit: float) -> None:
        deadline = self.clock.now() + limit
        await self.clock.settle()
        while self.clock.next_timer is not None and self.clock.now() < deadline:
            await self.clock.move_towards(deadline)


class Frames:
    def __init__(self) -> None:
        self.count = 0

    async def frame(self) -> None:
        self.count += 1

    async def after_step(self, index: int, step: Any) -> None:
        """Nothing to hold."""


async def fired_at(paced: bool) -> tuple[list[float], int]:
    world, frames, fired = World(), Frames(), []

    async def timer(after: float) -> None:
        await world.clock.sleep(after)
        fired.append(world.clock.now())

    tasks = [asyncio.create_task(timer(t)) for t in (10.0, 25.0, 95.0, 3599.0)]
    await asyncio.sleep(0)
    await pace.advance(world, 3600.0, frames if paced else None)
    await asyncio.gather(*tasks)
    return fired, frames.count


async def test_a_paced_advance_fires_the_same_timers_at_the_same_times_in_chunks() -> None:
    plain, _ = await fired_at(paced=False)
    paced, frames = await fired_at(paced=True)
    assert paced == plain == [10.0, 25.0, 95.0, 3599.0]
    assert frames == pace.FRAMES_PER_STEP


async def test_a_paced_settle_ends_when_nothing_is_left_to_do() -> None:
    world, frames = World(), Frames()
    await pace.settle(world, 7200.0, frames)
    assert world.clock.now() < 7200.0 / pace.FRAMES_PER_STEP + 1
    assert frames.count == 1


def presenter(events: list[Event], replay_to: int = 0) -> Presenter:
    return Presenter(events.append, lambda: 0.0, 5, replay_to=replay_to, frame_seconds=0.0)


async def test_a_note_waits_for_next_and_a_held_note_counts_down() -> None:
    events: list[Event] = []
    shown = presenter(events)
    waiting = asyncio.create_task(shown.after_step(1, model.Note(note="hello")))
    await asyncio.sleep(0.05)
    assert not waiting.done() and shown.note_index == 1
    assert isinstance(events[-1], PlaybackChanged) and events[-1].holding == "key"
    shown.next()
    await asyncio.wait_for(waiting, 1.0)
    assert shown.note_index is None

    await asyncio.wait_for(shown.after_step(2, model.Note(note="held", hold=0.3)), 2.0)
    countdowns = [e for e in events if isinstance(e, PlaybackChanged) and e.holding == "countdown"]
    assert countdowns and countdowns[0].remaining == 0.3


async def test_replaying_skips_every_wait_up_to_the_step_asked_for() -> None:
    events: list[Event] = []
    replay = presenter(events, replay_to=3)
    await asyncio.wait_for(replay.after_step(0, model.Note(note="skipped")), 0.5)
    assert replay.replaying
    await asyncio.wait_for(replay.after_step(1, model.Note(note="skipped too")), 0.5)
    await asyncio.wait_for(replay.after_step(2, model.Note(note="and this")), 0.5)
    assert not replay.replaying
    waiting = asyncio.create_task(replay.after_step(3, model.Note(note="shown")))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    replay.next()
    await asyncio.wait_for(waiting, 1.0)
