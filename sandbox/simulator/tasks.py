"""The simulation's background tasks, none of whose failures goes unseen.

A task that ends with an exception (other than being cancelled) is logged and published as
`FailureReported` the moment it ends; `stop()` cancels the rest and waits for them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from sandbox.clock import Clock
from sandbox.errors import RunAborted
from sandbox.events import EventBus, failure


class Tasks:
    """Spawned work, watched: every failure reaches the bus."""

    def __init__(self, clock: Clock, bus: EventBus) -> None:
        self._clock = clock
        self._bus = bus
        self._running: set[asyncio.Task[Any]] = set()

    def spawn(self, work: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.create_task(work, name=name)
        self._running.add(task)
        task.add_done_callback(self._ended)
        return task

    def _ended(self, task: asyncio.Task[Any]) -> None:
        self._running.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None and not isinstance(error, RunAborted):  # RunAborted: already told
            self._bus.publish(failure(self._clock.now(), "task", task.get_name(), error))

    async def stop(self) -> None:
        """Cancel what still runs and wait for it; failures have been reported as they ended."""
        running = tuple(self._running)
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
