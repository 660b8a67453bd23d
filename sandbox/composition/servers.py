"""The real servers a simulation talks to: the mock partner (a child process) and the Edge (HTTPS).

The sandbox never imports `mock_partner`: it starts `python -m mock_partner` on a free loopback port and
follows its admin API; arrivals are relayed onto the bus as `PartnerRequestReceived`. Each server is a
`Service` the simulator starts and stops, and the port (`PartnerPort`, `EdgePort`) it reaches it by.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sandbox.clock import Clock
from sandbox.demo.site import DemoSite
from sandbox.edge.app import EdgeApp
from sandbox.edge.backend import EdgeBackend
from sandbox.edge.interactions import EdgeOptions
from sandbox.edge.server import EdgeServer
from sandbox.edge.workspace import Workspace as EdgeWorkspace
from sandbox.events import EventBus, PartnerRequestReceived, ServerStarted
from sandbox.partner.admin import PartnerAdmin
from sandbox.partner.process import PartnerProcess
from sandbox.simulator.tasks import Tasks


class PartnerLink:
    """The mock partner process, its admin client, and the relay of what it receives."""

    def __init__(
        self,
        clock: Clock,
        bus: EventBus,
        *,
        auth: dict[str, Any] | None = None,
        faults: tuple[dict[str, Any], ...] = (),
        relay: bool = False,
        seed: int | None = None,
    ) -> None:
        self._clock = clock
        self._bus = bus
        self._auth = auth
        self._faults = faults
        self._relay = relay
        self._seed = seed
        self.process = PartnerProcess()
        self._admin: PartnerAdmin | None = None
        self._url = ""
        self._tasks = Tasks(clock, bus)

    @property
    def url(self) -> str:
        return self._url

    @property
    def admin(self) -> PartnerAdmin:
        if self._admin is None:
            raise RuntimeError("the mock partner has not started")
        return self._admin

    async def start(self) -> None:
        self._url = await asyncio.to_thread(self.process.start)
        self._admin = PartnerAdmin(self._url, clock=self._clock)
        if self._auth:
            await self._admin.set_auth(**self._auth)
        if self._faults:
            await self.set_faults(list(self._faults))
        if self._relay:
            self._tasks.spawn(self._follow(), "partner arrival relay")
        self._bus.publish(ServerStarted(at=self._clock.now(), name="partner", url=self._url))

    async def _follow(self) -> None:
        """Relay arrivals; yield after each one, or a burst already buffered in the stream would
        hold the event loop (and freeze the TUI) until it is all read."""
        async for record in self.admin.stream_records():
            self._bus.publish(PartnerRequestReceived(at=self._clock.now(), record=record))
            await asyncio.sleep(0)

    async def set_faults(self, rules: list[dict[str, Any]]) -> None:
        if rules:
            await self.admin.set_faults(rules, seed=self._seed)
        else:
            await self.admin.clear_faults()

    async def expire_tokens(self) -> int:
        return await self.admin.expire_tokens()

    async def records(self) -> list[dict[str, Any]]:
        found = await self.admin.requests(limit=1_000_000)
        return [r.model_dump(mode="json", by_alias=True) for r in found]

    async def stop(self) -> None:
        await self._tasks.stop()
        if self._admin is not None:
            await self._admin.aclose()
        await asyncio.to_thread(self.process.stop)


class EdgeLink:
    """The Edge emulator (and the demo site) served over HTTPS on loopback."""

    def __init__(
        self,
        backend: EdgeBackend,
        workspace: EdgeWorkspace,
        clock: Clock,
        bus: EventBus,
        port: int = 0,
        seed: int | None = None,
    ) -> None:
        app = EdgeApp(backend, EdgeOptions(seed=seed), demo=DemoSite(workspace))
        self._clock = clock
        self._bus = bus
        self.server = EdgeServer(app, port=port)

    @property
    def url(self) -> str:
        return self.server.url if self.server.port else ""

    async def start(self) -> None:
        await self.server.start()
        now = self._clock.now()
        self._bus.publish(ServerStarted(at=now, name="edge", url=self.server.url))
        self._bus.publish(ServerStarted(at=now, name="demo", url=f"{self.server.url}/demo/"))

    async def stop(self) -> None:
        await self.server.stop()
