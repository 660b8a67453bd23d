"""When a connection is made: the partner's dynamic dropdowns and dynamic schema, checked.

AEP's UI fills dynamic dropdowns and the mapping step's target fields from the partner's dynamic
servers, so a connection cannot hold a value the dropdown does not offer, nor map to a field the
partner's schema lacks. A run checks the same, against the partner actually running: the options
and fields found are announced (`DynamicValuesFetched`), and anything the partner does not offer
(or a server that cannot be reached, or a broken answer) stops the run as bad input (exit 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from sandbox.clock import Clock
from sandbox.delivery.endpoint import EndpointOverride
from sandbox.destinations.dropdowns import (
    dropdown_options,
    dynamic_fields,
    query_values,
    value_problems,
)
from sandbox.destinations.dynamic_enum import DynamicEnum
from sandbox.destinations.dynamic_schema import dynamic_mapping_problems, schema_targets
from sandbox.destinations.dynamic_servers import DynamicServer, build_call, read_answer
from sandbox.destinations.pebble import PebbleEngine
from sandbox.errors import InputError, Problem
from sandbox.events import DynamicValuesFetched, EventBus
from sandbox.simulator.activation import Activation, rebase_url

DynamicServers = Sequence[tuple[DynamicServer, str]]


async def check_dynamic_values(
    activation: Activation,
    servers: DynamicServers,
    client: httpx.AsyncClient,
    engine: PebbleEngine,
    clock: Clock,
    bus: EventBus,
) -> dict[str, tuple[str, ...]]:
    """What the partner offers, by field (`schema` for the schema's fields).

    Raises:
        InputError: naming every value or mapping the partner does not offer.
    """
    bundle = activation.bundle
    config = bundle.config
    file = bundle.sources[2]
    by_id = {server.instance_id: (server, path) for server, path in servers}
    override = EndpointOverride.parse(activation.endpoint) if activation.endpoint else None
    problems: list[Problem] = []
    offered: dict[str, tuple[str, ...]] = {}
    for path, field in dynamic_fields(config.customer_data_fields):
        assert field.dynamic_enum is not None
        outputs, server_file = await _fetch(
            field.dynamic_enum, by_id, bundle.customer_data, client, engine, clock, override
        )
        options = dropdown_options(field.dynamic_enum, outputs, server_file)
        offered[path] = tuple(o.label() for o in options)
        bus.publish(
            DynamicValuesFetched(
                at=clock.now(),
                destination_id=bundle.destination_id,
                field=path,
                values=offered[path],
            )
        )
        problems += value_problems(_value(bundle.customer_data, path), options, file, path)
    dynamic = config.schema_config.dynamic_schema_config
    if dynamic is not None and bundle.activation is not None:
        enum = dynamic.dynamic_enum
        outputs, server_file = await _fetch(
            enum, by_id, bundle.customer_data, client, engine, clock, override
        )
        targets = schema_targets(outputs, server_file)
        offered["schema"] = tuple(targets)
        bus.publish(
            DynamicValuesFetched(
                at=clock.now(),
                destination_id=bundle.destination_id,
                field="schema",
                values=tuple(targets),
            )
        )
        problems += dynamic_mapping_problems(bundle.activation, targets, file, server_file)
    if problems:
        raise InputError(problems)
    return offered


async def _fetch(
    enum: DynamicEnum,
    servers: dict[str | None, tuple[DynamicServer, str]],
    customer_data: dict[str, Any],
    client: httpx.AsyncClient,
    engine: PebbleEngine,
    clock: Clock,
    override: EndpointOverride | None,
) -> tuple[dict[str, Any], str]:
    server, file = servers[enum.destination_server_id]
    call = build_call(server, customer_data, query_values(enum, customer_data), engine)
    url = rebase_url(call.url, override) if override else call.url
    try:
        async with clock.busy():
            answer = await client.get(url, headers=list(call.headers), timeout=10.0)
    except httpx.HTTPError as error:
        raise InputError.single(
            file, "urlBasedDestination.url", f"the partner could not be reached at {url}: {error}"
        ) from None
    headers = list(answer.headers.items())
    return read_answer(server, answer.status_code, headers, answer.text, engine, file), file


def _value(customer_data: dict[str, Any], path: str) -> Any:
    value: Any = customer_data
    for part in path.split(".")[1:]:
        value = value.get(part) if isinstance(value, dict) else None
    return value
