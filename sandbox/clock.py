"""Simulation time: a virtual clock for headless runs and tests, a real clock with a speed for the TUI.

Both keep the same timer heap and the same two awaitables, `sleep` and `sleep_until`, so the
simulator never knows which one it runs on (SimPy's Environment / RealtimeEnvironment split).
Time is epoch seconds (UTC) as a float. Real I/O (an HTTP call) runs inside `clock.busy()`, so the
virtual clock waits for it before it jumps ahead: a 30-minute retry costs no wall time, yet no
answer is ever overtaken by the clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import heapq
import inspect
import itertools
import time
from datetime import UTC, datetime
from typing import Any

from sandbox.errors import SimulationError

DEFAULT_EPOCH = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
"""Where simulation time starts unless told otherwise (so generated data is reproducible)."""


@functools.lru_cache(maxsize=8192)
def isoformat(at: float, millis: bool = False) -> str:
    """`2026-01-01T00:00:00Z`, the form AEP writes `lastQualificationTime` in."""
    moment = datetime.fromtimestamp(at, UTC)
    if millis:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> float:
    """Epoch seconds from an ISO 8601 timestamp (`Z` or an offset; naive means UTC)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


class ClockError(SimulationError):
    """A clock was asked for something that means nothing on it."""

    def __init__(self, action: str) -> None:
        super().__init__(
            f"cannot {action} a virtual clock: it jumps from timer to timer when a scenario "
            "advances it, with no wall-clock pace; use the real clock (`--realtime`, the console)"
        )


class _Busy:
    """Real I/O in flight on a clock, for `async with` or, on hot paths, plain `with` (entering
    and leaving never wait, and a plain `with` creates no coroutines). It holds no state of its
    own, so one can be kept and entered any number of times, nested or concurrently."""

    __slots__ = ("_clock",)

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def __enter__(self) -> None:  # `_enter_busy`, inlined: one call fewer on every exchange
        clock = self._clock
        clock._busy += 1
        if clock._busy == 1:
            clock._idle.clear()

    def __exit__(self, *exc: object) -> None:  # `_leave_busy`, inlined
        clock = self._clock
        clock._busy -= 1
        if clock._busy == 0:
            clock._idle.set()

    async def __aenter__(self) -> None:
        self._clock._enter_busy()

    async def __aexit__(self, *exc: object) -> None:
        self._clock._leave_busy()


class Clock:
    """The timer heap shared by both clocks."""

    def __init__(self, start: float = DEFAULT_EPOCH) -> None:
        self._now = start
        self._timers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._sequence = itertools.count()
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def now(self) -> float:
        return self._now

    # -- the interface both clocks share: the simulator never asks which clock it has ----------

    @property
    def speed(self) -> float:
        """Simulated seconds per wall second; 0 means as fast as possible."""
        return 0.0

    @property
    def paused(self) -> bool:
        return False

    def pause(self) -> None:
        raise ClockError("pause")

    def resume(self) -> None:
        raise ClockError("resume")

    def set_speed(self, speed: float) -> None:
        raise ClockError("set a speed on")

    async def step(self, seconds: float) -> None:
        """Move time on by `seconds` and run what falls due (a paused console's single step)."""
        await self.advance(seconds)

    async def advance(self, seconds: float) -> None:
        """Let `seconds` of simulation time pass (a scenario's `advance` step)."""
        await self.sleep(seconds)

    async def move_towards(self, deadline: float) -> None:
        """Let some time pass, never beyond `deadline` (one turn of a settle loop)."""
        await self.sleep(min(1.0, max(deadline - self.now(), 0.0)))

    async def run(self) -> None:
        """Drive the timers until cancelled; a clock that moves only when told returns at once."""

    @property
    def next_timer(self) -> float | None:
        self._drop_cancelled()
        return self._timers[0][0] if self._timers else None

    async def sleep(self, seconds: float) -> None:
        await self.sleep_until(self.now() + seconds)

    async def sleep_until(self, when: float) -> None:
        if when <= self.now():
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._timers, (when, next(self._sequence), future))
        self._timer_added()
        await future

    def busy(self) -> _Busy:
        """`async with clock.busy():` marks real I/O in flight, so simulation time does not jump
        past it. A plain class, not a generator: it wraps every HTTP exchange on the hot path
        (which keeps one and enters it with a plain `with`)."""
        return _Busy(self)

    def _enter_busy(self) -> None:
        self._busy += 1
        if self._busy == 1:
            self._idle.clear()

    def _leave_busy(self) -> None:
        self._busy -= 1
        if self._busy == 0:
            self._idle.set()

    def _release_due(self, now: float) -> int:
        released = 0
        while self._timers and self._timers[0][0] <= now:
            _, _, future = heapq.heappop(self._timers)
            if not future.done():
                future.set_result(None)
                released += 1
        return released

    def _drop_cancelled(self) -> None:
        while self._timers and self._timers[0][2].done():
            heapq.heappop(self._timers)

    def _timer_added(self) -> None:
        """Hook for clocks that must wake up when an earlier timer arrives."""

    async def settle(self) -> None:
        """Wait until no task can run and no real I/O is in flight (see `_can_run`)."""
        while True:
            for _ in range(SETTLE_ROUNDS):
                await asyncio.sleep(0)
                if not _ready_tasks():
                    break
            if self._busy == 0:
                await asyncio.sleep(0)
                if self._busy == 0 and not _ready_tasks():
                    return
            else:
                await self._idle.wait()


SETTLE_ROUNDS = 10_000
"""At most this many yields per pass: a task that never blocks cannot hang `settle`."""


def _ready_tasks() -> bool:
    """Whether any task but the caller could run now."""
    current = asyncio.current_task()
    return any(task is not current and _can_run(task) for task in asyncio.all_tasks())


def _can_run(task: asyncio.Task[Any]) -> bool:
    """Read from public attributes only: follow the task's chain of awaits (`cr_await`,
    `gi_yieldfrom`) to its bottom. A future there (or a future's iterator, whose future
    `gc.get_referents` gives) means ready once done; a bare yield (`asyncio.sleep(0)`) means
    ready; an opaque awaitable (an async generator's `asend`) counts as waiting on I/O, which
    `busy()` covers for every call the simulation makes."""
    awaited: Any = task.get_coro()
    if inspect.iscoroutine(awaited) and inspect.getcoroutinestate(awaited) == inspect.CORO_CREATED:
        return True  # scheduled, not yet started
    while (
        inner := getattr(awaited, "cr_await", None) or getattr(awaited, "gi_yieldfrom", None)
    ) is not None:
        awaited = inner
    if isinstance(awaited, asyncio.Future):
        return awaited.done()
    futures = [r for r in gc.get_referents(awaited) if isinstance(r, asyncio.Future)]
    if futures:
        return futures[0].done()
    return inspect.isgenerator(awaited)


class VirtualClock(Clock):
    """Instant time: `run_until` jumps from timer to timer once everything else has settled."""

    async def advance(self, seconds: float) -> None:
        await self.run_until(self._now + seconds)

    async def move_towards(self, deadline: float) -> None:
        nxt = self.next_timer
        await self.run_until(min(nxt if nxt is not None else deadline, deadline))

    async def run_until(self, target: float) -> None:
        while True:
            await self.settle()
            self._drop_cancelled()
            if not self._timers or self._timers[0][0] > target:
                break
            self._now = max(self._now, self._timers[0][0])
            self._release_due(self._now)
        self._now = max(self._now, target)
        await self.settle()

    async def run_while_timers(self, horizon: float) -> None:
        """Follow every pending timer, but never past `horizon`."""
        await self.run_until(horizon)


class RealClock(Clock):
    """Wall-clock time scaled by `speed`; `speed == 0` means as fast as possible. Can pause."""

    def __init__(self, start: float = DEFAULT_EPOCH, speed: float = 1.0) -> None:
        super().__init__(start)
        self._speed = speed
        self._paused = False
        self._anchor_wall = time.monotonic()
        self._wake = asyncio.Event()

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def paused(self) -> bool:
        return self._paused

    def now(self) -> float:
        if self._paused or self._speed == 0:
            return self._now
        return self._now + (time.monotonic() - self._anchor_wall) * self._speed

    def _reanchor(self) -> None:
        self._now = self.now()
        self._anchor_wall = time.monotonic()
        self._wake.set()

    def set_speed(self, speed: float) -> None:
        self._reanchor()
        self._speed = max(speed, 0.0)

    def pause(self) -> None:
        self._reanchor()
        self._paused = True

    def resume(self) -> None:
        self._anchor_wall = time.monotonic()
        self._paused = False
        self._wake.set()

    async def step(self, seconds: float) -> None:
        """While paused, move time on by `seconds` and run what falls due."""
        target = self.now() + seconds
        while (nxt := self.next_timer) is not None and nxt <= target:
            self._now = max(self._now, nxt)
            self._release_due(self._now)
            await self.settle()
        self._now = max(self._now, target)
        self._anchor_wall = time.monotonic()

    def _timer_added(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        """Release timers as their time comes; runs until cancelled."""
        while True:
            self._wake.clear()
            nxt = self.next_timer
            if self._paused or nxt is None:
                await self._wake.wait()
                continue
            if self._speed == 0:
                await self.settle()
                self._now = max(self._now, nxt)
                self._anchor_wall = time.monotonic()
                self._release_due(self._now)
                continue
            delay = (nxt - self.now()) / self._speed
            if delay > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=delay)
                continue
            self._release_due(self.now())
            await asyncio.sleep(0)
