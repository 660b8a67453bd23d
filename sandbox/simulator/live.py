"""`Simulator`: the core with its servers, its journal and (in the TUI) a live stream of activity.

This is what `SimulatorApi` front ends get. Nothing here is UI: the TUI and the scenario runner call the
same commands and read the same events.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Callable, Coroutine
from typing import Any

import httpx

from sandbox.clock import Clock, RealClock
from sandbox.delivery.deliverer import Deliverer
from sandbox.delivery.transport import make_client
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.rendering import template_context
from sandbox.edge import websdk
from sandbox.events import EventBus, RunStateChanged
from sandbox.journal.recorder import JournalRecorder
from sandbox.profiles import ProfileFactory
from sandbox.segments.audience_set import AudienceSet
from sandbox.simulator.activation import Activation
from sandbox.simulator.api import (
    AudienceSummary,
    DestinationSummary,
    EdgeExchange,
    ProfileSummary,
    RunState,
)
from sandbox.simulator.edge_link import SimulatorEdgeBackend
from sandbox.simulator.faults import preset_rules
from sandbox.simulator.servers import EdgeLink, PartnerLink
from sandbox.simulator.setup import Setup, setup_secrets
from sandbox.simulator.simulator import SimulatorCore
from sandbox.simulator.summaries import profile_summary

TRAFFIC_EVERY = 30.0
"""Simulated seconds between bursts of live activity in the TUI."""


class Simulator:
    """The simulation as front ends drive it (implements `SimulatorApi`)."""

    def __init__(
        self,
        setup: Setup,
        *,
        clock: Clock,
        bus: EventBus | None = None,
        client: httpx.AsyncClient | None = None,
        journal: bool = True,
        traffic: bool = False,
        edge_port: int = 0,
        script: Callable[[], Coroutine[Any, Any, None]] | None = None,
    ) -> None:
        self.setup = setup
        self.clock = clock
        self.bus = bus or EventBus()
        spec = setup.population
        factory = ProfileFactory(
            setup.seed,
            spec.locales,
            now=clock.now(),
            lookback_days=spec.lookback_days,
            max_events=spec.max_events,
        )
        self.core = SimulatorCore(
            clock=clock,
            bus=self.bus,
            seed=setup.seed,
            factory=factory,
            audiences=AudienceSet(setup.audiences),
        )
        self.engine = PebbleEngine(autoescape=True)
        self._client = client
        self._journal = journal
        self._traffic = traffic
        self._rng = random.Random(setup.seed + 1)
        self.partner: PartnerLink | None = None
        self.edge: EdgeLink | None = None
        self.edge_backend: SimulatorEdgeBackend | None = None
        self._edge_port = edge_port
        self._script = script
        self.recorder: JournalRecorder | None = None
        self._tasks: list[asyncio.Task[Any]] = []
        self._state = "stopped"
        self._cookies: dict[str, dict[str, str]] = {}
        self._owned_client: httpx.AsyncClient | None = None

    # -- life cycle ---------------------------------------------------------------------------

    def spawn(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` alongside the simulation; it is cancelled by `stop()`."""
        self._tasks.append(asyncio.create_task(work))

    def set_script(self, script: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """A timeline to play once started (a scenario in demo mode)."""
        self._script = script

    async def start(self) -> None:
        if self._journal:
            self.recorder = JournalRecorder(self.bus, name=self.setup.name)
            self._tasks.append(asyncio.create_task(self.recorder.run_flusher()))
        if self.setup.needs_partner:
            self.partner = PartnerLink(self.clock, self.bus, setup_secrets(self.setup))
            await self.partner.start(
                self.setup.partner_auth,
                self.setup.partner_faults,
                relay=self._traffic or self._journal,  # journaled: arrivals written as they come
                seed=self.setup.partner_seed,
            )
        if self.setup.edge is not None:
            self.edge_backend = SimulatorEdgeBackend(self.core, self.setup.edge.datastreams)
            self.edge = EdgeLink(
                self.edge_backend, self.setup.edge, self.clock, self.bus, self._edge_port
            )
            await self.edge.start()
        client = self._client or make_client()
        if self._client is None:
            self._owned_client = client
        deliverer = Deliverer(client, self.clock, self.bus, self.setup.delivery)
        await self.core.generate(self.setup.population.count)
        for slot in self.setup.destinations:
            endpoint = (
                self.partner.url if slot.endpoint == "mock" and self.partner else slot.endpoint
            )
            await self.core.add_activation(
                Activation(
                    slot.key,
                    slot.bundle,
                    engine=self.engine,
                    deliverer=deliverer,
                    clock=self.clock,
                    bus=self.bus,
                    endpoint=None if endpoint == "mock" else endpoint,
                )
            )

    async def stop(self) -> None:
        self.core.cancel()
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.core.drain_cancelled()
        if self._owned_client is not None:
            await self._owned_client.aclose()
        if self.edge is not None:
            await self.edge.stop()
        if self.partner is not None:
            await self.partner.stop()
        if self.recorder is not None:
            self.recorder.close()
        self._set_state("stopped")

    async def run(self) -> None:
        """Start everything and keep the simulation going until cancelled (the TUI's worker)."""
        try:
            await self.start()
            if isinstance(self.clock, RealClock):
                self.spawn(self.clock.run())
            self._set_state("paused" if getattr(self.clock, "paused", False) else "running")
            if self._traffic:
                self._tasks.append(asyncio.create_task(self._live_traffic()))
            if self._script is not None:
                self._tasks.append(asyncio.create_task(self._script()))
            await asyncio.Event().wait()
        finally:
            await self.stop()

    async def _live_traffic(self) -> None:
        """A steady trickle of visits, cart adds, purchases and profile updates, daily batch runs."""
        since_batch = 0.0
        while True:
            await self.clock.sleep(TRAFFIC_EVERY)
            self.core.stream_events(self.core.population.choose(self._rng.randint(2, 8)))
            if self._rng.random() < 0.3:
                self.core.random_attribute_changes(1)
            if self._rng.random() < 0.1:
                await self.core.generate(1)
            since_batch += TRAFFIC_EVERY
            if since_batch >= 86_400:
                since_batch = 0.0
                await self.core.evaluate_batch()

    def _set_state(self, state: str) -> None:
        self._state = state
        speed = getattr(self.clock, "speed", 0.0)
        self.bus.publish(RunStateChanged(at=self.clock.now(), state=state, speed=speed))

    # -- reading ------------------------------------------------------------------------------

    def run_state(self) -> RunState:
        return RunState(self._state, getattr(self.clock, "speed", 0.0), self.clock.now())

    def servers(self) -> dict[str, str]:
        found = {}
        if self.partner is not None and self.partner.url:
            found["partner"] = self.partner.url
        if self.edge is not None and self.edge.server.port:
            found["edge"] = self.edge.url
            found["demo"] = f"{self.edge.url}/demo/"
        return found

    def audiences(self) -> list[AudienceSummary]:
        membership = self.core.membership
        return [
            AudienceSummary(
                audience.id,
                audience.name,
                audience.mode,
                audience.expression,
                **membership.summary(audience.id),
            )
            for audience_id in membership.audiences.ids()
            if (audience := membership.audiences.get(audience_id)) is not None
        ]

    def profile_count(self) -> int:
        return len(self.core.store)

    def profiles_page(self, query: str, offset: int, limit: int) -> list[ProfileSummary]:
        return [profile_summary(p) for p in self.core.store.search(query, offset, limit)]

    def profile(self, profile_id: str) -> dict[str, Any] | None:
        return self.core.store.get(profile_id)

    def destinations(self) -> list[DestinationSummary]:
        rest = [activation.summary() for activation in self.core.activations.values()]
        edge = [
            DestinationSummary(
                id=d.destination_id,
                name=d.name,
                kind="personalization",
                endpoint=f"alias {d.alias}",
                auth="-",
                aggregation="profile request",
                mapped_audiences=d.audience_ids,
            )
            for d in (self.setup.edge.destinations if self.setup.edge else ())
        ]
        return rest + edge

    def template_source(self, destination_id: str) -> str:
        activation = self.core.activations.get(destination_id)
        template = activation.bundle.server.http_template if activation else None
        body = template.request_body if template else None
        return str(body.value) if body is not None else ""

    def render_preview(self, destination_id: str, template: str, profile_id: str | None) -> Any:
        activation = self.core.activations[destination_id]
        profile = self.core.store.get(profile_id or "") or next(iter(self.core.store), {})
        target = activation.bundle.export_profile(profile)
        context = template_context(activation.bundle, (target,), None)
        return self.engine.compile(template, "<playground>").render(context)

    # -- commands -----------------------------------------------------------------------------

    def pause(self) -> None:
        if isinstance(self.clock, RealClock):
            self.clock.pause()
            self._set_state("paused")

    def resume(self) -> None:
        if isinstance(self.clock, RealClock):
            self.clock.resume()
            self._set_state("running")

    async def step(self, seconds: float) -> None:
        if isinstance(self.clock, RealClock):
            await self.clock.step(seconds)

    def set_speed(self, speed: float) -> None:
        if isinstance(self.clock, RealClock):
            self.clock.set_speed(speed)
            self._set_state(self._state)

    async def generate_profiles(self, count: int) -> None:
        await self.core.generate(count)

    async def stream_events(self, count: int) -> None:
        self.core.stream_events(self.core.population.choose(count))

    async def set_audience_pql(self, audience_id: str, pql: str) -> None:
        await self.core.redefine_audience(audience_id, pql)

    async def set_partner_faults(self, preset: str) -> None:
        if self.partner is None or self.partner.admin is None:
            return
        rules = preset_rules(preset)
        if rules:
            await self.partner.admin.set_faults(rules)
        else:
            await self.partner.admin.clear_faults()

    async def send_edge_event(
        self, identity: str, event_type: str = websdk.PAGE_VIEW
    ) -> EdgeExchange:
        if self.edge is None:
            raise RuntimeError("this workspace has no Edge emulator")
        identities = self._identity_for(identity)
        cookies = self._cookies.get(identity, {})
        xdm = websdk.page_view("https://rentals.example.com/", "home", identities or None)
        xdm["eventType"] = event_type
        body = websdk.interact_body(xdm, cookies, domain="rentals.example.com")
        url = f"{self.edge.url}/ee/v1/interact?configId=sandbox-datastream"
        async with httpx.AsyncClient(verify=False, timeout=10) as client:
            answer = await client.post(
                url, json=body, headers={"Origin": "https://rentals.example.com"}
            )
        response = answer.json() if answer.content else {}
        self._cookies[identity] = {**cookies, **websdk.cookies_to_store(response)}
        return EdgeExchange(url, body, answer.status_code, response, websdk.destinations(response))

    def _identity_for(self, identity: str) -> dict[str, Any]:
        profile = self.core.store.get(identity)
        if profile is not None:
            ecid = profile.get("identityMap", {}).get("ECID", [{}])[0].get("id")
            return websdk.identity_map("ECID", ecid, authenticated=False) if ecid else {}
        if "@" in identity:
            return websdk.identity_map("Email", identity)
        if identity.isdigit() and len(identity) == 38:
            return websdk.identity_map("ECID", identity, authenticated=False)
        return websdk.identity_map("CRMID", identity) if identity else {}
