"""The Simulator: profiles, audiences and destinations on one clock, every change announced on the bus.

It owns the state; front ends (the TUI, the scenario runner, the Edge emulator) call its commands and
subscribe to its events. Time (`clock`), randomness (`seed`) and the network (`deliverer`, built on an
injected `httpx.AsyncClient`) are all handed in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import Any

from sandbox.clock import Clock
from sandbox.events import ChangeKind, EventBus, ProfileChanged, ProfilesGenerated
from sandbox.profiles import ProfileFactory
from sandbox.segments.audience_set import AudienceSet
from sandbox.segments.membership import Transition
from sandbox.simulator.activation import Activation
from sandbox.simulator.membership import Membership
from sandbox.simulator.pacing import YIELD_EVERY, paced
from sandbox.simulator.population import Population, set_path
from sandbox.simulator.population_work import PopulationWork, audience_spec
from sandbox.simulator.store import Profile, ProfileStore

GENERATION_CHUNK = 5_000
"""Profiles are generated, evaluated and stored this many at a time: only one chunk is ever held as
dicts (the store keeps them encoded)."""
MAX_BACKLOG = 512
"""Exports on their way to a partner at which generating pauses for the partner to catch up. A
backfill renders calls faster than a partner takes them; unchecked, a million profiles left
~40,000 rendered calls waiting (~0.4 GiB). Exports waiting to retry do not count: they wait on
the simulation clock, which does not move while profiles are generated."""


class SimulatorCore:
    """State and the commands that change it; no servers, no UI."""

    def __init__(
        self,
        *,
        clock: Clock,
        bus: EventBus,
        seed: int,
        factory: ProfileFactory,
        audiences: AudienceSet,
    ) -> None:
        self.clock = clock
        self.bus = bus
        self.seed = seed
        self.store = ProfileStore()
        self.population = Population(factory, self.store, seed)
        self.membership = Membership(audiences, self.store, clock, bus, self._after_transitions)
        self.activations: dict[str, Activation] = {}
        self.population_work: PopulationWork | None = None
        """Set (by `sandbox run --cluster`): new profiles are generated and evaluated there."""

    # -- wiring -------------------------------------------------------------------------------

    async def add_activation(self, activation: Activation) -> None:
        """Activate a destination; profiles already qualified are backfilled (AEP does)."""
        self.activations[activation.key] = activation
        activation.follow(self.store)
        async for profile in paced(self.store):
            activation.consider(profile, backfill=True)

    def attach(self, activation: Activation) -> None:
        """Activate a destination that has already backfilled the population (it followed the
        store and was handed each profile as it was generated: `generate(backfill=...)`)."""
        self.activations[activation.key] = activation

    def _after_transitions(self, profile: Profile, transitions: Sequence[Transition]) -> None:
        for activation in self.activations.values():
            if any(t.audience_id in activation.bundle.mapped_audience_ids for t in transitions):
                activation.consider(profile)

    def _changed(self, profile: Profile, kind: ChangeKind, paths: tuple[str, ...] = ()) -> None:
        """`profile` (a working copy) changed: re-evaluate it, keep it (with its memberships),
        consider exporting it."""
        self.bus.publish(
            ProfileChanged(
                at=self.clock.now(), profile_id=str(profile["_id"]), kind=kind, paths=paths
            )
        )
        self.membership.evaluate(profile, notify=False)
        self.store.put(profile)
        for activation in self.activations.values():
            activation.consider(profile, written=paths)

    # -- commands -----------------------------------------------------------------------------

    async def generate(self, count: int, backfill: Sequence[Activation] = ()) -> int:
        """New profiles arrive (streaming ingestion): streaming and edge audiences evaluate at once,
        then each profile is stored, and handed, as stored, to each activation in `backfill` (not
        yet attached: being connected, they backfill the population as it is made). Returns how
        many were made."""
        first = self.population.generated
        self.bus.publish(ProfilesGenerated(at=self.clock.now(), first_index=first, count=count))
        if self.population_work is not None:
            await self._generate_elsewhere(self.population_work, first, count, backfill)
            return count
        for chunk in self.population.generate(count, GENERATION_CHUNK):
            for start in range(0, len(chunk), YIELD_EVERY):
                part = chunk[start : start + YIELD_EVERY]
                self.membership.evaluate_new(part)
                for profile in part:
                    self._keep_new(profile, backfill)
                await self._catch_up(backfill)
        return count

    async def _catch_up(self, backfill: Sequence[Activation]) -> None:
        """Let the event loop breathe (as `paced` does), and wait while a partner lags behind."""
        await asyncio.sleep(0)
        for activation in (*self.activations.values(), *backfill):
            if activation.backlog > MAX_BACKLOG:
                await activation.catch_up(MAX_BACKLOG // 2)

    def _keep_new(self, profile: Profile, backfill: Sequence[Activation]) -> None:
        self.store.add(profile)
        for activation in backfill:
            activation.consider(profile, backfill=True)

    async def _generate_elsewhere(
        self, work: PopulationWork, first: int, count: int, backfill: Sequence[Activation]
    ) -> None:
        """The same as generating here, with the ranges generated and evaluated by `work`."""
        self.population.generated = first + count
        spec = audience_spec(self.membership.audiences)
        factory = self.population.factory
        async for evaluated in work(factory, spec, first, count, self.clock.now()):
            async for profile, transitions, when in paced(evaluated):
                self.membership.apply(profile, transitions, when)
                self._keep_new(profile, backfill)
            await self._catch_up(backfill)

    def stream_events(
        self, profiles: Iterable[Profile], kind: str | None = None, url: str | None = None
    ) -> int:
        count = 0
        for profile in profiles:
            self.population.add_event(
                profile, kind or self.population.random_kind(), self.clock.now(), url
            )
            self._changed(profile, "events")
            count += 1
        return count

    def ingest_event(self, profile: Profile, event: dict[str, Any]) -> None:
        """An experience event from outside (the Edge) for `profile` (a working copy): appended,
        kept, then streaming evaluation."""
        profile.setdefault("xEvent", []).append(event)
        self._changed(profile, "events")

    def set_attributes(self, profiles: Iterable[Profile], values: dict[str, Any]) -> int:
        count = 0
        for profile in profiles:
            for path, value in values.items():
                set_path(profile, path, value)
            self._changed(profile, "attributes", tuple(values))
            count += 1
        return count

    def random_attribute_changes(self, count: int) -> int:
        changed = 0
        for profile in self.population.choose(count):
            values = self.population.attribute_change(profile)
            changed += self.set_attributes([profile], values)
        return changed

    def link_identities(
        self, profile: Profile, identity_map: dict[str, list[dict[str, Any]]]
    ) -> None:
        namespaces = self.store.link(profile, identity_map)
        if namespaces:
            self._changed(profile, "identities", tuple(f"identityMap.{n}" for n in namespaces))

    async def evaluate_batch(self) -> int:
        """AEP's scheduled evaluation: batch audiences over every profile; returns how many
        memberships changed."""
        changed = 0
        async for profile in paced(self.store):
            changed += self.membership.evaluate_batch_one(profile)
        self.membership.batch_evaluated()
        return changed

    async def redefine_audience(self, audience_id: str, pql: str) -> None:
        """Replace an audience's PQL (raises InputError) and re-evaluate it over every profile."""
        self.membership.audiences.redefine(audience_id, pql)
        async for profile in paced(self.store):
            modes = frozenset({"streaming", "edge", "batch"})
            if self.membership.evaluate(profile, modes=modes, ids=[audience_id]):
                self.store.put(profile)

    # -- settling -----------------------------------------------------------------------------

    @property
    def idle(self) -> bool:
        return all(activation.idle for activation in self.activations.values())

    def flush(self) -> None:
        for activation in self.activations.values():
            activation.flush()

    async def drain(self) -> None:
        for activation in self.activations.values():
            await activation.drain()

    def cancel(self) -> None:
        self.membership.cancel()
        for activation in self.activations.values():
            activation.cancel()

    async def drain_cancelled(self) -> None:
        """Let cancelled deliveries unwind before their client is closed."""
        for activation in self.activations.values():
            await activation.drain()
