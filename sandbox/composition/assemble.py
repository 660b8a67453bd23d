"""Building a simulation from a `Setup`: the one place where the pieces are chosen and wired.

Everything the simulator core and its front ends are handed (clock, bus, HTTP clients, the mock
partner, the Edge emulator, the journal) is made here and nowhere else.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import httpx

from sandbox.clock import Clock
from sandbox.composition.servers import EdgeLink, PartnerLink
from sandbox.composition.services import Clients, Journal
from sandbox.delivery.deliverer import Deliverer
from sandbox.delivery.transport import make_client
from sandbox.destinations.pebble import PebbleEngine
from sandbox.edge.client import EdgeClient
from sandbox.events import EventBus
from sandbox.profiles import ProfileFactory
from sandbox.segments.audience_set import AudienceSet
from sandbox.simulator.edge_link import SimulatorEdgeBackend
from sandbox.simulator.live import Simulator
from sandbox.simulator.population_work import PopulationWork
from sandbox.simulator.ports import Service
from sandbox.simulator.setup import Setup, setup_secrets
from sandbox.simulator.simulator import SimulatorCore

EDGE_TIMEOUT = 10.0
"""Seconds a Web SDK call to the Edge emulator may take."""


@dataclass(frozen=True)
class Options:
    journal: bool = True
    traffic: bool = False
    """A steady stream of live activity (the console), and partner arrivals relayed to the bus."""
    edge_port: int = 0
    client: httpx.AsyncClient | None = None
    """The deliverer's client (tests hand one in); by default one is built and closed here."""
    population_work: PopulationWork | None = None
    """Where new profiles are generated and evaluated (`sandbox run --cluster`: on Ray)."""


@dataclass(frozen=True)
class Assembled:
    simulator: Simulator
    journal: Journal | None


def core_for(setup: Setup, clock: Clock, bus: EventBus) -> SimulatorCore:
    spec = setup.population
    factory = ProfileFactory(
        setup.seed,
        spec.locales,
        now=clock.now(),
        lookback_days=spec.lookback_days,
        max_events=spec.max_events,
    )
    return SimulatorCore(
        clock=clock,
        bus=bus,
        seed=setup.seed,
        factory=factory,
        audiences=AudienceSet(setup.audiences),
    )


def assemble(
    setup: Setup, clock: Clock, bus: EventBus | None = None, options: Options = Options()
) -> Assembled:
    """A simulator ready to `start()` or `run()`; no I/O happens until then."""
    bus = bus or EventBus()
    core = core_for(setup, clock, bus)
    core.population_work = options.population_work
    services: list[Service] = []
    journal = Journal(clock, bus, setup.name) if options.journal else None
    if journal is not None:
        services.append(journal)
    partner = None
    if setup.needs_partner:
        partner = PartnerLink(
            clock,
            bus,
            auth=setup.partner_auth,
            faults=setup.partner_faults,
            relay=options.traffic or options.journal,  # journaled: arrivals written as they come
            seed=setup.partner_seed,
            secrets=setup_secrets(setup),
        )
        services.append(partner)
    edge, edge_client = None, None
    owned: list[httpx.AsyncClient] = []
    if setup.edge is not None:
        backend = SimulatorEdgeBackend(core, setup.edge.datastreams)
        edge = EdgeLink(backend, setup.edge, clock, bus, options.edge_port, seed=setup.seed + 3)
        services.append(edge)
        web = httpx.AsyncClient(verify=False, timeout=EDGE_TIMEOUT)  # our own self-signed Edge
        owned.append(web)
        edge_client = EdgeClient(web, lambda: edge.url if edge else "")
    client = options.client
    if client is None:
        client = make_client()
        owned.append(client)
    services.append(Clients(owned))
    simulator = Simulator(
        setup,
        core,
        engine=PebbleEngine(autoescape=True),
        deliverer=Deliverer(client, clock, bus, setup.delivery, rng=random.Random(setup.seed + 2)),
        partner=partner,
        edge=edge,
        edge_client=edge_client,
        services=services,
        traffic=options.traffic,
    )
    return Assembled(simulator, journal)
