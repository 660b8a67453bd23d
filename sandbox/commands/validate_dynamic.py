"""`validate`'s dynamic dropdowns and dynamic schemas: it calls the partner's dynamic servers.

Given a destination configuration, its dynamic servers (by `instanceId`) and an activation, the
dropdown servers are called with the activation's customer data (and `queryParams`), their
options shown, and the activation's values checked against them; the schema server is called and
the activation's attribute mappings checked against the partner's schema. A server that cannot be
reached is a warning (nothing checked); a broken answer is an error naming the server file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from sandbox.destinations.activation import Activation
from sandbox.destinations.customer_fields import check_customer_data
from sandbox.destinations.destination_config import DestinationConfig
from sandbox.destinations.documents import Loaded
from sandbox.destinations.dropdowns import (
    dropdown_options,
    dynamic_fields,
    query_values,
    value_problems,
)
from sandbox.destinations.dynamic_enum import DynamicEnum
from sandbox.destinations.dynamic_schema import dynamic_mapping_problems, schema_targets
from sandbox.destinations.dynamic_servers import (
    DynamicServer,
    build_call,
    dynamic_server_from_data,
    read_answer,
)
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.problems import validate_model, warning
from sandbox.errors import InputError, Problem


@dataclass(frozen=True)
class _Connection:
    config: DestinationConfig
    config_file: str
    activation: Activation | None
    activation_file: str
    customer_data: dict[str, Any]


def needs_network(loaded: Sequence[Loaded]) -> bool:
    return any(item.kind == "dynamic_server" for item in loaded)


def check_dynamic(
    loaded: Sequence[Loaded], engine: PebbleEngine, client: httpx.Client
) -> list[Problem]:
    problems: list[Problem] = []
    servers: dict[str, tuple[DynamicServer, str]] = {}
    for item in loaded:
        if item.kind != "dynamic_server":
            continue
        try:
            server, found = dynamic_server_from_data(item.data, str(item.path), engine)
        except InputError as error:
            problems += error.problems
            continue
        problems += found
        servers[server.instance_id or str(item.path)] = (server, str(item.path))
    for connection in _connections(loaded):
        problems += _check_connection(connection, servers, engine, client)
    return problems


def _connections(loaded: Sequence[Loaded]) -> list[_Connection]:
    configs = [
        (config, str(item.path))
        for item in loaded
        if item.kind == "destination"
        and (config := validate_model(DestinationConfig, item.data, str(item.path))[0])
    ]
    found = []
    for config, config_file in configs:
        activations: list[tuple[Activation | None, str]] = [
            (activation, str(item.path))
            for item in loaded
            if item.kind == "activation"
            and (activation := validate_model(Activation, item.data, str(item.path))[0])
            and activation.destination in (config.name, config.instance_id, config.dest_config_id)
        ]
        for activation, file in activations or [(None, "")]:
            values = activation.customer_data if activation else {}
            data, _ = check_customer_data(config.customer_data_fields, values, file, "customerData")
            found.append(_Connection(config, config_file, activation, file, data))
    return found


def _check_connection(
    connection: _Connection,
    servers: dict[str, tuple[DynamicServer, str]],
    engine: PebbleEngine,
    client: httpx.Client,
) -> list[Problem]:
    problems: list[Problem] = []
    for path, field in dynamic_fields(connection.config.customer_data_fields):
        enum = field.dynamic_enum
        assert enum is not None
        problems += _dropdown(connection, path, enum, servers, engine, client)
    dynamic = connection.config.schema_config.dynamic_schema_config
    if dynamic is not None:
        problems += _schema(connection, dynamic.dynamic_enum, servers, engine, client)
    return problems


def _fetch(
    connection: _Connection,
    enum: DynamicEnum,
    servers: dict[str, tuple[DynamicServer, str]],
    engine: PebbleEngine,
    client: httpx.Client,
    where: str,
) -> tuple[dict[str, Any] | None, str, list[Problem]]:
    """The server's rendered response fields (None when not fetched) and its file."""
    if enum.destination_server_id not in servers:
        message = (
            f"its dynamic server {enum.destination_server_id!r} was not given; add that server "
            "file to check the values against the partner's answer"
        )
        return None, "", [warning(connection.config_file, where, message)]
    server, file = servers[enum.destination_server_id]
    query = query_values(enum, connection.customer_data)
    call = build_call(server, connection.customer_data, query, engine)
    try:
        answer = client.get(call.url, headers=list(call.headers))
    except httpx.HTTPError as error:
        message = f"could not reach the dynamic server at {call.url} ({error}); nothing checked"
        return None, file, [warning(file, "urlBasedDestination.url", message)]
    outputs = read_answer(
        server, answer.status_code, list(answer.headers.items()), answer.text, engine, file
    )
    return outputs, file, []


def _dropdown(
    connection: _Connection,
    path: str,
    enum: DynamicEnum,
    servers: dict[str, tuple[DynamicServer, str]],
    engine: PebbleEngine,
    client: httpx.Client,
) -> list[Problem]:
    where = f"customerDataFields ({path}).dynamicEnum"
    try:
        outputs, file, problems = _fetch(connection, enum, servers, engine, client, where)
        if outputs is None:
            return problems
        options = dropdown_options(enum, outputs, file)
    except InputError as error:
        return list(error.problems)
    value: Any = connection.customer_data
    for part in path.split(".")[1:]:
        value = value.get(part) if isinstance(value, dict) else None
    chosen = {str(v) for v in (value if isinstance(value, list) else [value]) if v is not None}
    shown = (
        ", ".join(o.label() + (" [chosen]" if o.value in chosen else "") for o in options) or "none"
    )
    info = Problem(file, path, f"dropdown options: {shown}", severity="info")
    if connection.activation is None:
        return [info]
    return [info, *value_problems(value, options, connection.activation_file, path)]


def _schema(
    connection: _Connection,
    enum: DynamicEnum,
    servers: dict[str, tuple[DynamicServer, str]],
    engine: PebbleEngine,
    client: httpx.Client,
) -> list[Problem]:
    where = "schemaConfig.dynamicSchemaConfig.dynamicEnum"
    try:
        outputs, file, problems = _fetch(connection, enum, servers, engine, client, where)
        if outputs is None:
            return problems
        targets = schema_targets(outputs, file)
    except InputError as error:
        return list(error.problems)
    info = Problem(file, "", f"the partner's schema fields: {', '.join(targets)}", severity="info")
    if connection.activation is None:
        return [info]
    found = dynamic_mapping_problems(
        connection.activation, targets, connection.activation_file, file
    )
    return [info, *found]
