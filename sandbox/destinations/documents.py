"""Recognising the kind of an input document, and checking destination-family documents together.

`sandbox validate` hands any mix of files: destination configs, server configs and activations are
checked on their own, then against each other. An activation is checked against the destination
it names among the files given, else against `destination.json` beside it; a destination against
the server its `destinationDelivery` names, else against `server.json` beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sandbox.destinations.config_rules import pairing_problems
from sandbox.destinations.destination_config import DestinationConfig
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.problems import load_document, warning
from sandbox.destinations.server_config import DestinationServer
from sandbox.destinations.trial_renders import BundleCheck, trial_renders
from sandbox.destinations.validation import check_activation, check_destination, check_server
from sandbox.errors import InputError, Problem

DESTINATION_KEYS = frozenset({
    "destinationDelivery", "customerAuthenticationConfigurations", "identityNamespaces",
    "aggregation", "segmentMappingConfig", "schemaConfig", "customerDataFields", "uiAttributes",
})  # fmt: skip
SCENARIO_KEYS = frozenset({"steps", "expect", "population", "personalization", "partner"})
SERVER_KEYS = frozenset({"destinationServerType", "urlBasedDestination", "httpTemplate"})
ACTIVATION_KEYS = frozenset({"identityMappings", "attributeMappings", "audiences", "credentials",
                             "customerData", "destinationInstanceId"})  # fmt: skip
KIND_NAMES = {"destination": "destination configuration", "server": "destination server",
              "activation": "activation", "audiences": "audience definitions",
              "scenario": "scenario", "audience_template": "audience template",
              "dynamic_server": "dynamic (dropdown or schema) server"}  # fmt: skip


def document_kind(data: Any) -> str | None:
    """`destination`, `server`, `activation`, `audiences`, `scenario`, or None when unknown."""
    if isinstance(data, list):
        return (
            "audiences"
            if data and all(isinstance(d, dict) and "expression" in d for d in data)
            else None
        )
    if not isinstance(data, dict):
        return None
    keys = set(data)
    if "expression" in keys:
        return "audiences"
    if keys & SCENARIO_KEYS:
        return "scenario"
    if "metadataTemplate" in keys:
        return "audience_template"
    if "responseFields" in keys and "destinationServerType" in keys:
        return "dynamic_server"
    if keys & SERVER_KEYS and not keys & DESTINATION_KEYS:
        return "server"
    if "destination" in keys and keys & ACTIVATION_KEYS:
        return "activation"
    if keys & DESTINATION_KEYS:
        return "destination"
    return "audiences" if "audiences" in keys or "segments" in keys else None


@dataclass
class Loaded:
    path: Path
    data: Any
    kind: str | None


def check_destination_family(
    loaded: list[Loaded], engine: PebbleEngine, extra_checks: Sequence[BundleCheck] = ()
) -> list[Problem]:
    """Every problem of the destination, server and activation documents, and of their pairing,
    then of their dry run (`dry_run`, and `extra_checks`)."""
    problems: list[Problem] = []
    configs: dict[Path, DestinationConfig] = {}
    servers: dict[Path, DestinationServer] = {}
    for item in loaded:
        if item.kind == "destination":
            config, found = check_destination(item.data, str(item.path), engine)
            problems += found
            if config:
                configs[item.path] = config
        elif item.kind == "server":
            server, found = check_server(item.data, str(item.path), engine)
            problems += found
            if server:
                servers[item.path] = server
    problems += _pairings(configs, servers, engine)
    for item in loaded:
        if item.kind == "activation":
            problems += _activation_problems(item, configs, engine)
    return problems + trial_renders(loaded, configs, servers, engine, extra_checks)


def _pairings(
    configs: dict[Path, DestinationConfig],
    servers: dict[Path, DestinationServer],
    engine: PebbleEngine,
) -> list[Problem]:
    problems = []
    for path, config in configs.items():
        wanted = {d.destination_server_id for d in config.destination_delivery}
        match = next(((p, s) for p, s in servers.items() if s.instance_id in wanted), None)
        if match is None and (path.parent / "server.json").is_file():
            server_path = path.parent / "server.json"
            server, _ = check_server(_quiet_load(server_path), str(server_path), engine)
            match = (server_path, server) if server else None
        if match is not None:
            problems += pairing_problems(config, match[1], str(path), str(match[0]))
    return problems


def _activation_problems(
    item: Loaded, configs: dict[Path, DestinationConfig], engine: PebbleEngine
) -> list[Problem]:
    reference = item.data.get("destination") if isinstance(item.data, dict) else None
    config = next(
        (c for c in configs.values() if reference in (c.name, c.instance_id, c.dest_config_id)),
        None,
    )
    beside = item.path.parent / "destination.json"
    if config is None and beside.is_file():
        config, _ = check_destination(_quiet_load(beside), str(beside), engine)
    _, _, problems = check_activation(item.data, str(item.path), config)
    if config is None:
        problems.append(
            warning(
                str(item.path),
                "destination",
                "not checked against its "
                "destination configuration: give that file too (or put it "
                "beside this one as destination.json)",
            )
        )
    return problems


def _quiet_load(path: Path) -> Any:
    try:
        return load_document(path)
    except InputError:
        return None
