"""Making a REST destination's connection: what AEP does before the first export.

The partner's dynamic dropdowns and schema are read and the connection checked against them
(`dynamic_checks`), then the audience template's `validate` and `create` calls run
(`audience_sync`). Only then are the activation's audiences backfilled.
"""

from __future__ import annotations

import httpx

from sandbox.clock import Clock
from sandbox.delivery.deliverer import Deliverer
from sandbox.destinations.pebble import PebbleEngine
from sandbox.events import EventBus
from sandbox.simulator.activation import Activation
from sandbox.simulator.audience_sync import AudienceSync, connect_audiences
from sandbox.simulator.dynamic_checks import check_dynamic_values
from sandbox.simulator.setup import DestinationSlot
from sandbox.simulator.simulator import SimulatorCore


async def connect(
    activation: Activation,
    slot: DestinationSlot,
    *,
    core: SimulatorCore,
    deliverer: Deliverer,
    client: httpx.AsyncClient,
    engine: PebbleEngine,
    clock: Clock,
    bus: EventBus,
) -> AudienceSync:
    """Check the connection against the partner, then sync its audiences (raises InputError)."""
    if slot.dynamic_servers:
        await check_dynamic_values(activation, slot.dynamic_servers, client, engine, clock, bus)
    return await connect_audiences(
        activation,
        slot.audience_template,
        audiences=core.membership.audiences,
        store=core.store,
        deliverer=deliverer,
        engine=engine,
        clock=clock,
        bus=bus,
    )
