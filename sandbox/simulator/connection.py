"""Making a REST destination's connection: what AEP does before the first export.

The partner's dynamic dropdowns and schema are read and the connection checked against them
(`dynamic_checks`), then the audience template's `validate` and `create` calls run
(`audience_sync`). Only then are the activation's audiences backfilled.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

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

T = TypeVar("T")


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
    offered = {}
    if slot.dynamic_servers:
        offered = await check_dynamic_values(
            activation, slot.dynamic_servers, client, engine, clock, bus
        )
    work = connect_audiences(
        activation,
        slot.audience_template,
        audiences=core.membership.audiences,
        store=core.store,
        deliverer=deliverer,
        engine=engine,
        clock=clock,
        bus=bus,
    )
    sync = await drive(clock, work)
    sync.dynamic_values = offered
    return sync


async def drive(clock: Clock, work: Awaitable[T]) -> T:
    """Await `work` while moving the clock on towards its next timer: on a virtual clock nothing
    else advances time while a retried partner call sleeps 15 s on it (a real clock moves anyway)."""
    task = asyncio.ensure_future(work)
    while not task.done():
        await clock.settle()
        upcoming = clock.next_timer
        if task.done():
            break
        if upcoming is None:
            await asyncio.wait({task}, timeout=0.01)
        else:
            await clock.move_towards(upcoming)
    return task.result()
