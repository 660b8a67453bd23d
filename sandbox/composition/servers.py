"""The real servers a simulation talks to: the mock partner (a child process) and the Edge (HTTPS).

The sandbox never imports `mock_partner`: it starts `python -m mock_partner` on a free loopback port and
follows its admin API; arrivals are relayed onto the bus as `PartnerRequestReceived`. Each server is a
`Service` the simulator starts and stops, and the port (`PartnerPort`, `EdgePort`) it reaches it by.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from sandbox.clock import Clock
from sandbox.demo.site import DemoSite
from sandbox.edge.app import EdgeApp
from sandbox.edge.backend import EdgeBackend
from sandbox.edge.interactions import EdgeOptions
from sandbox.edge.server import EdgeServer
from sandbox.edge.workspace import Workspace as EdgeWorkspace
from sandbox.events import EventBus, ServerStarted
from sandbox.partner.admin import PartnerAdmin
from sandbox.partner.process import PartnerProcess
from sandbox.partner.redaction import arrival
from sandbox.simulator.tasks import Tasks

CATCH_UP_SECONDS = 0.3
"""Longest a stopping link spends relaying arrivals the stream had not delivered yet."""


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
        secrets: tuple[str, ...] = (),
    ) -> None:
        self._clock = clock
        self._secrets = secrets
        self._bus = bus
        self._auth = auth
        self._faults = faults
        self._relay = relay
        self._seed = seed
        self.process = PartnerProcess()
        self._admin: PartnerAdmin | None = None
        self._url = ""
        self._tasks = Tasks(clock, bus)
        self.relayed: set[int] = set()
        """Sequence numbers of the records already relayed onto the bus."""

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

    async def _catch_up(self, within: float = CATCH_UP_SECONDS) -> None:
        """Relay what arrived but was not relayed yet (the run is ending, perhaps interrupted);
        bounded in time, and silent if the partner is gone."""
        if self._admin is None:
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
        async for record in self.admin.stream_records():
            self.relayed.add(record.get("sequence", -1))
            self._bus.publish(arrival(self._clock.now(), record, self._secrets))
            await asyncio.sleep(0)

    async def set_faults(self, rules: list[dict[str, Any]]) -> None:
        if rules:
            await self.admin.set_faults(rules, seed=self._seed)
        else:
            await self.admin.clear_faults()

    async def expire_tokens(self) -> int:
        return await self.admin.expire_tokens()

    async def records(self) -> list[dict[str, Any]]:
        """Everything the partner received (raw: scenario checks read it in memory); what the live
        relay has not passed on yet is relayed now, redacted, so the journal has every arrival."""
        found = await self.admin.requests(limit=1_000_000)
        records = [r.model_dump(mode="json", by_alias=True) for r in found]
        for record in records:
            if record.get("sequence") not in self.relayed:
                self.relayed.add(record.get("sequence", -1))
                self._bus.publish(arrival(self._clock.now(), record, self._secrets))
        return records

    async def stop(self) -> None:
        if self._relay and self._admin is not None:
            await self._catch_up()
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
