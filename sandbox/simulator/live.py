"""`Simulator`: the core behind the commands its front ends give it, with a live stream of activity.

This is what `SimulatorApi` (the TUI) and `ScenarioApi` (the scenario runner) get. It is handed
everything from outside (clock, bus, the deliverer's HTTP client, the partner, the Edge, the services
to start with it) by the composition root, `sandbox.composition`; it builds none of them.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import replace
from typing import Any

from sandbox.clock import Clock
from sandbox.delivery.deliverer import Deliverer
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.rendering import template_context
from sandbox.edge import websdk
from sandbox.edge.client import EdgeClient, EdgeExchange, PageVisit
from sandbox.events import EventBus, RunStateChanged
from sandbox.events import RunState as RunStateName
from sandbox.simulator.activation import Activation
from sandbox.simulator.api import (
    AudienceSummary,
    DestinationSummary,
    ProfileSummary,
    RunState,
    Selection,
)
from sandbox.simulator.audience_sync import AudienceSync, with_notes
from sandbox.simulator.batch_job import BatchJob
from sandbox.simulator.connection import connect, drive
from sandbox.simulator.faults import preset_rules
from sandbox.simulator.ports import EdgePort, PartnerPort, Service
from sandbox.simulator.pql_preview import PqlPreview, preview_pql
from sandbox.simulator.setup import DestinationSlot, Setup
from sandbox.simulator.simulator import SimulatorCore
from sandbox.simulator.store import Profile
from sandbox.simulator.summaries import profile_summary
from sandbox.simulator.tasks import Tasks

TRAFFIC_EVERY = 30.0
"""Simulated seconds between bursts of live activity in the TUI."""


class Simulator:
    """The simulation as front ends drive it (implements `SimulatorApi` and `ScenarioApi`)."""

    def __init__(
        self,
        setup: Setup,
        core: SimulatorCore,
        *,
        engine: PebbleEngine,
        deliverer: Deliverer,
        partner: PartnerPort | None = None,
        edge: EdgePort | None = None,
        edge_client: EdgeClient | None = None,
        services: Sequence[Service] = (),
        traffic: bool = False,
        script: Callable[[], Coroutine[Any, Any, None]] | None = None,
    ) -> None:
        self.setup = setup
        self.core = core
        self.clock: Clock = core.clock
        self.bus: EventBus = core.bus
        self.engine = engine
        self._deliverer = deliverer
        self.partner = partner
        self.edge = edge
        self._edge_client = edge_client
        self._services = tuple(services)
        self._started: list[Service] = []
        self.batch_job = BatchJob(core, core.clock, core.bus, setup.batch_time)
        self._traffic = traffic
        self._script = script
        self._rng = random.Random(setup.seed + 1)
        self.tasks = Tasks(self.clock, self.bus)
        self._state: RunStateName = "stopped"
        self.audience_syncs: dict[str, AudienceSync] = {}
        """Each REST destination's audiences at the partner (audience metadata), by slot key."""

    # -- life cycle ---------------------------------------------------------------------------

    def spawn(self, work: Coroutine[Any, Any, None], name: str = "work") -> None:
        """Run `work` alongside the simulation; it is cancelled by `stop()`, its failure reported."""
        self.tasks.spawn(work, name)

    def set_script(self, script: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """A timeline to play once started (a scenario in demo mode)."""
        self._script = script

    async def start(self) -> None:
        """Start the services, generate the population and activate each destination, which
        backfills every profile already qualified. When connecting a destination calls nothing on
        the partner (no audience template, no dynamic dropdown), connecting first takes no
        simulation time, so each profile is backfilled as it is generated (the same exports, in
        the same order, without decoding the population again); otherwise the population is
        generated first, as AEP's exists before a connection is made."""
        for service in self._services:
            await service.start()
            self._started.append(service)
        connected_first = self._connects_without_calls()
        early = [await self._connect(s) for s in self.setup.destinations] if connected_first else []
        for activation in early:
            activation.follow(self.core.store)
        await self.core.generate(self.setup.population.count, backfill=early)
        if self.batch_job.at is not None:
            self.spawn(self.batch_job.run_daily(), "daily batch job")
        if connected_first:
            for activation in early:
                self.core.attach(activation)
            return
        for slot in self.setup.destinations:
            await self.core.add_activation(await self._connect(slot))

    def _connects_without_calls(self) -> bool:
        """Whether connecting every destination calls nothing on the partner (so takes no time)."""
        slots = self.setup.destinations
        return all(s.audience_template is None and not s.dynamic_servers for s in slots)

    async def _connect(self, slot: DestinationSlot) -> Activation:
        """The slot's activation, its connection to the partner made (audiences synced)."""
        endpoint = self.partner.url if slot.endpoint == "mock" and self.partner else slot.endpoint
        activation = Activation(
            slot.key,
            slot.bundle,
            engine=self.engine,
            deliverer=self._deliverer,
            clock=self.clock,
            bus=self.bus,
            endpoint=None if endpoint == "mock" else endpoint,
        )
        self.audience_syncs[slot.key] = await connect(
            activation,
            slot,
            core=self.core,
            deliverer=self._deliverer,
            client=self._deliverer.exchanger.client,
            engine=self.engine,
            clock=self.clock,
            bus=self.bus,
        )
        return activation

    async def stop(self) -> None:
        self.core.cancel()
        await self.tasks.stop()
        await self.core.drain_cancelled()
        while self._started:
            await self._started.pop().stop()
        self._set_state("stopped")

    async def run(self) -> None:
        """Start everything and keep the simulation going until cancelled (the TUI's worker)."""
        try:
            await self.start()
            self.spawn(self.clock.run(), "clock")
            self._set_state("paused" if self.clock.paused else "running")
            if self._traffic:
                self.spawn(self._live_traffic(), "live traffic")
            if self._script is not None:
                self.spawn(self._script(), "scenario")
            await asyncio.Event().wait()
        finally:
            await self.stop()

    async def _live_traffic(self) -> None:
        """A steady trickle of visits, cart adds, purchases and profile updates."""
        while True:
            await self.clock.sleep(TRAFFIC_EVERY)
            self.core.stream_events(self.core.population.choose(self._rng.randint(2, 8)))
            if self._rng.random() < 0.3:
                self.core.random_attribute_changes(1)
            if self._rng.random() < 0.1:
                await self.core.generate(1)

    def _set_state(self, state: RunStateName) -> None:
        self._state = state
        self.bus.publish(RunStateChanged(at=self.clock.now(), state=state, speed=self.clock.speed))

    # -- reading ------------------------------------------------------------------------------

    def run_state(self) -> RunState:
        return RunState(self._state, self.clock.speed, self.clock.now())

    def servers(self) -> dict[str, str]:
        found = {}
        if self.partner is not None and self.partner.url:
            found["partner"] = self.partner.url
        if self.edge is not None and self.edge.url:
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
                last_evaluated=self.batch_job.last_evaluated.get(audience.id),
            )
            for audience_id in membership.audiences.ids()
            if (audience := membership.audiences.get(audience_id)) is not None
        ]

    def audience_populations(self) -> dict[str, int]:
        membership = self.core.membership
        return {aid: membership.population[aid] for aid in membership.audiences.ids()}

    def profile_count(self) -> int:
        return len(self.core.store)

    def profiles_page(self, query: str, offset: int, limit: int) -> list[ProfileSummary]:
        return [profile_summary(p) for p in self.core.store.search(query, offset, limit)]

    def profile(self, profile_id: str) -> dict[str, Any] | None:
        return self.core.store.get(profile_id)

    def destinations(self) -> list[DestinationSummary]:
        rest = [
            with_notes(activation.summary(), self.audience_syncs.get(key))
            for key, activation in self.core.activations.items()
        ]
        edge = [
            DestinationSummary(
                id=d.destination_id,
                name=d.name,
                kind="personalization",
                endpoint=f"alias {d.alias}",
                auth="-",
                aggregation="profile request",
                mapped_audiences=d.audience_ids,
                destination_id=d.destination_id,
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

    async def partner_records(self) -> list[dict[str, Any]]:
        return await self.partner.records() if self.partner is not None else []

    # -- commands (the console's and the scenario steps') -------------------------------------

    def pause(self) -> None:
        self.clock.pause()
        self._set_state("paused")

    def resume(self) -> None:
        self.clock.resume()
        self._set_state("running")

    async def step(self, seconds: float) -> None:
        await self.clock.step(seconds)

    def set_speed(self, speed: float) -> None:
        self.clock.set_speed(speed)
        self._set_state(self._state)

    async def advance(self, seconds: float) -> None:
        await self.clock.advance(seconds)

    async def settle(self, limit: float) -> None:
        deadline = self.clock.now() + limit
        await self.clock.settle()
        while not self.core.idle and self.clock.now() < deadline:
            await self.clock.move_towards(deadline)

    async def generate_profiles(self, count: int) -> None:
        await self.core.generate(count)

    async def stream_events(self, count: int) -> None:
        self.core.stream_events(self.core.population.choose(count))

    async def stream_events_to(
        self, selection: Selection, kind: str | None = None, url: str | None = None
    ) -> int:
        return self.core.stream_events(self._select(selection), kind, url)

    async def set_attributes(self, selection: Selection, values: dict[str, Any]) -> int:
        return self.core.set_attributes(self._select(selection), values)

    async def evaluate_batch(self) -> int:
        return await self.core.evaluate_batch()

    async def set_audience_pql(self, audience_id: str, pql: str) -> None:
        await self.core.redefine_audience(audience_id, pql)

    async def run_batch_job(self) -> int:
        return await self.batch_job.run_now("on demand")

    async def preview_audience_pql(self, audience_id: str, pql: str) -> PqlPreview:
        return await preview_pql(self.core, audience_id, pql)

    async def set_partner_faults(self, preset: str) -> None:
        await self.set_partner_fault_rules(preset_rules(preset))

    async def set_partner_fault_rules(self, rules: list[dict[str, Any]]) -> None:
        await self._partner().set_faults(rules)

    async def expire_partner_tokens(self) -> int:
        return await self._partner().expire_tokens()

    # -- audience metadata (the partner's audience API, through the audience template) --------

    async def map_audience(
        self, destination: str, audience: str, name: str | None, mapping_id: str | None
    ) -> None:
        sync = self.audience_syncs[destination]
        await drive(self.clock, sync.map(audience, name, mapping_id))

    async def unmap_audience(self, destination: str, audience: str) -> None:
        await drive(self.clock, self.audience_syncs[destination].unmap(audience))

    async def rename_audience(self, destination: str | None, audience: str, name: str) -> None:
        for key, sync in self.audience_syncs.items():
            if destination in (None, key):
                await drive(self.clock, sync.rename(audience, name))

    async def end_activation(self, destination: str) -> None:
        await drive(self.clock, self.audience_syncs[destination].end())

    async def send_edge_event(
        self,
        identity: str,
        event_type: str = websdk.PAGE_VIEW,
        page: str | None = None,
        xdm: dict[str, Any] | None = None,
    ) -> EdgeExchange:
        visit = PageVisit(identity, self._identity_for(identity), event_type, xdm=xdm)
        if page:
            visit = replace(visit, page=page)
        return await self.visit_page(visit)

    async def visit_page(self, visit: PageVisit, profile: int | None = None) -> EdgeExchange:
        if self._edge_client is None:
            raise RuntimeError("this workspace has no Edge emulator")
        if profile is not None:
            found = self.core.population.by_index([profile])
            if not found:
                raise LookupError(f"no profile at index {profile}: {len(self.core.store)} exist")
            visit = replace(visit, identity_map=_ecid_map(found[0]))
        async with self.clock.busy():
            return await self._edge_client.visit(visit)

    def _partner(self) -> PartnerPort:
        if self.partner is None:
            raise RuntimeError("this simulation has no mock partner (no destination sends to it)")
        return self.partner

    def _select(self, selection: Selection) -> list[Profile]:
        population = self.core.population
        if selection.indexes is not None:
            return population.by_index(selection.indexes)
        if selection.sample is not None:
            return population.choose(selection.sample)
        return population.by_index(range(selection.first))

    def _identity_for(self, identity: str) -> dict[str, Any]:
        profile = self.core.store.get(identity)
        if profile is not None:
            return _ecid_map(profile)
        if "@" in identity:
            return websdk.identity_map("Email", identity)
        if identity.isdigit() and len(identity) == 38:
            return websdk.identity_map("ECID", identity, authenticated=False)
        return websdk.identity_map("CRMID", identity) if identity else {}


def _ecid_map(profile: Profile) -> dict[str, Any]:
    ecid = profile.get("identityMap", {}).get("ECID", [{}])[0].get("id")
    return websdk.identity_map("ECID", ecid, authenticated=False) if ecid else {}
