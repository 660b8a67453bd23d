"""Whatever the order of map, rename and unmap, the activation exports exactly the audiences the
partner holds, under the IDs the partner gave (the real mock partner app, in process)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from mock_partner import PartnerState, create_app
from sandbox.clock import VirtualClock
from sandbox.delivery import Deliverer
from sandbox.destinations.bundle import load_bundle
from sandbox.destinations.export_plan import aliases
from sandbox.destinations.pebble import PebbleEngine
from sandbox.events import EventBus
from sandbox.segments.audience_set import AudienceSet
from sandbox.segments.catalog import load_audiences
from sandbox.simulator.activation import Activation
from sandbox.simulator.audience_sync import AudienceSync, audience_caller
from sandbox.simulator.connection import drive
from sandbox.simulator.store import ProfileStore

ROOT = Path(__file__).resolve().parents[1]
ADSAPI = ROOT / "examples" / "destinations" / "adsapi-audiences"
AUDIENCES = load_audiences(ROOT / "examples" / "audiences" / "rest-audiences.json").audiences
IDS = [a.id for a in AUDIENCES[:3]]
NAMES = {a.id: a.name for a in AUDIENCES[:3]}
OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["map", "unmap", "rename"]), st.sampled_from(IDS)), max_size=10
)


async def play(operations: list[tuple[str, str]]) -> None:
    from sandbox.destinations.audience_templates import load_audience_template

    bundle = load_bundle(
        ADSAPI / "destination.json", ADSAPI / "server.json", ADSAPI / "activation.json"
    )
    bundle = type(bundle)(
        bundle.config,
        bundle.server,
        bundle.activation.model_copy(update={"audiences": []}) if bundle.activation else None,
        customer_data=bundle.customer_data,
        warnings=bundle.warnings,
        sources=bundle.sources,
        engine=bundle.engine,
    )
    template, _ = load_audience_template(
        ADSAPI / "audience-template.json", bundle.config, bundle.engine
    )
    state = PartnerState()
    clock, bus, engine = VirtualClock(), EventBus(), PebbleEngine()
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport) as client:
        deliverer = Deliverer(client, clock, bus)
        activation = Activation(
            "ads", bundle, engine=engine, deliverer=deliverer, clock=clock, bus=bus,
            endpoint="http://partner.test",
        )  # fmt: skip
        caller = audience_caller(activation, deliverer, engine, clock, bus)
        sync = AudienceSync(
            activation, template, caller, AudienceSet(AUDIENCES), ProfileStore(), clock
        )
        await drive(clock, sync.connect())
        expected: dict[str, str] = {}  # AEP id -> partner id
        names = dict(NAMES)
        created = 0
        for step, (operation, audience_id) in enumerate(operations):
            if operation == "map":
                await drive(clock, sync.map(audience_id, names[audience_id], None))
                if audience_id not in expected:
                    created += 1
                    expected[audience_id] = f"aud-{created:06d}"
            elif operation == "unmap":
                await drive(clock, sync.unmap(audience_id))
                expected.pop(audience_id, None)
            else:
                names[audience_id] = f"{NAMES[audience_id]} ({step})"
                await drive(clock, sync.rename(audience_id, names[audience_id]))
            exported = activation.bundle
            assert exported.mapped_audience_ids == set(expected)
            found = aliases(exported.activation, exported.config.segment_mapping_config)
            assert {aid: alias for (_, aid), alias in found.items()} == expected
            held = {a["id"]: a["name"] for a in state.audiences.list()}
            assert held == {pid: names[aid] for aid, pid in expected.items()}


@settings(max_examples=30, deadline=None)
@given(OPERATIONS)
def test_the_mapping_follows_the_partner_whatever_the_order(
    operations: list[tuple[str, str]],
) -> None:
    asyncio.run(play(operations))
