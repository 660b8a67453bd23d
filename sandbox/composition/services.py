"""The journal and the HTTP clients, as `Service`s that start and stop with a simulation."""

from __future__ import annotations

from collections.abc import Sequence

import httpx

from sandbox.clock import Clock
from sandbox.events import EventBus
from sandbox.journal.recorder import JournalRecorder
from sandbox.simulator.tasks import Tasks


class Journal:
    """The run's SQLite journal: every bus event recorded, flushed in the background."""

    def __init__(self, clock: Clock, bus: EventBus, name: str) -> None:
        self._bus = bus
        self._name = name
        self._tasks = Tasks(clock, bus)
        self.recorder: JournalRecorder | None = None

    @property
    def run_id(self) -> str:
        return self.recorder.run_id if self.recorder else ""

    async def start(self) -> None:
        self.recorder = JournalRecorder(self._bus, name=self._name)
        self._tasks.spawn(self.recorder.run_flusher(), "journal flusher")

    async def stop(self) -> None:
        await self._tasks.stop()
        if self.recorder is not None:
            self.recorder.close()


class Clients:
    """HTTP clients the composition root built: closed when the simulation stops."""

    def __init__(self, clients: Sequence[httpx.AsyncClient]) -> None:
        self._clients = tuple(clients)

    async def start(self) -> None:
        """Nothing to open: a client connects on its first request."""

    async def stop(self) -> None:
        for client in self._clients:
            await client.aclose()
