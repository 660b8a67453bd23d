"""The real servers a simulation talks to: the mock partner (a child process) and the Edge (HTTPS).

The sandbox never imports `mock_partner`: it starts `python -m mock_partner` on a free loopback port and
follows its admin API; arrivals are relayed onto the bus as `PartnerRequestReceived`.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from sandbox.clock import Clock
from sandbox.demo.site import DemoSite
from sandbox.edge.app import EdgeApp
from sandbox.edge.server import EdgeServer
from sandbox.edge.workspace import Workspace as EdgeWorkspace
from sandbox.events import EventBus, ServerStarted
from sandbox.partner.admin import PartnerAdmin
from sandbox.partner.process import PartnerProcess
from sandbox.partner.redaction import arrival
from sandbox.simulator.edge_link import SimulatorEdgeBackend

CATCH_UP_SECONDS = 0.3
"""Longest a stopping link spends relaying arrivals the stream had not delivered yet."""


class PartnerLink:
    """The mock partner process, its admin client, and the relay of what it receives."""

    def __init__(self, clock: Clock, bus: EventBus, secrets: tuple[str, ...] = ()) -> None:
        self._clock = clock
        self._secrets = secrets
        self._bus = bus
        self.process = PartnerProcess()
        self.admin: PartnerAdmin | None = None
        self.url = ""
        self._relay: asyncio.Task[None] | None = None
        self.relayed: set[int] = set()
        """Sequence numbers of the records already relayed onto the bus."""

    async def start(
        self,
        auth: dict[str, Any] | None,
        faults: tuple[dict[str, Any], ...],
        relay: bool,
        seed: int | None = None,
    ) -> str:
        self.url = await asyncio.to_thread(self.process.start)
        self.admin = PartnerAdmin(self.url, clock=self._clock)
        if auth:
            await self.admin.set_auth(**auth)
        if faults:
            await self.admin.set_faults(list(faults), seed=seed)
        if relay:
            self._relay = asyncio.create_task(self._follow())
        self._bus.publish(ServerStarted(at=self._clock.now(), name="partner", url=self.url))
        return self.url

    async def _catch_up(self, within: float = CATCH_UP_SECONDS) -> None:
        """Relay what arrived but was not relayed yet (the run is ending, perhaps interrupted);
        bounded in time, and silent if the partner is gone."""
        if self.admin is None:
            return
        since = max(self.relayed, default=0)
        with contextlib.suppress(Exception):
            async with asyncio.timeout(within):
                for request in await self.admin.requests(since=since):
                    record = request.model_dump(mode="json", by_alias=True)
                    if record.get("sequence") not in self.relayed:
                        self.relayed.add(record.get("sequence", -1))
                        self._bus.publish(arrival(self._clock.now(), record, self._secrets))

    async def _follow(self) -> None:
        """Relay arrivals; yield after each one, or a burst already buffered in the stream would
        hold the event loop (and freeze the TUI) until it is all read."""
        assert self.admin is not None
        async for record in self.admin.stream_records():
            self.relayed.add(record.get("sequence", -1))
            self._bus.publish(arrival(self._clock.now(), record, self._secrets))
            await asyncio.sleep(0)

    async def stop(self) -> None:
        if self._relay is not None:
            await self._catch_up()
            self._relay.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._relay
        if self.admin is not None:
            await self.admin.aclose()
        await asyncio.to_thread(self.process.stop)


class EdgeLink:
    """The Edge emulator (and the demo site) served over HTTPS on loopback."""

    def __init__(
        self,
        backend: SimulatorEdgeBackend,
        workspace: EdgeWorkspace,
        clock: Clock,
        bus: EventBus,
        port: int = 0,
    ) -> None:
        app = EdgeApp(backend, demo=DemoSite(workspace))
        self._clock = clock
        self._bus = bus
        self.server = EdgeServer(app, port=port)

    @property
    def url(self) -> str:
        return self.server.url

    async def start(self) -> str:
        await self.server.start()
        now = self._clock.now()
        self._bus.publish(ServerStarted(at=now, name="edge", url=self.server.url))
        self._bus.publish(ServerStarted(at=now, name="demo", url=f"{self.server.url}/demo/"))
        return self.server.url

    async def stop(self) -> None:
        await self.server.stop()
