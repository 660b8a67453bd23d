"""Checking destination, server and activation documents: types, then rules, then templates.

Each `check_*` returns the model (None when it has errors) and every problem found, errors and
warnings alike, so a caller can report them all at once (`problems.raise_on_errors`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sandbox.destinations import activation_rules as rules
from sandbox.destinations.activation import Activation
from sandbox.destinations.config_rules import destination_problems, pairing_problems
from sandbox.destinations.credential_rules import credential_problems
from sandbox.destinations.customer_fields import check_customer_data
from sandbox.destinations.destination_config import DestinationConfig
from sandbox.destinations.dynamic_schema import activation_schema_problems, schema_config_problems
from sandbox.destinations.file_based import file_based_problem
from sandbox.destinations.identities import COOKIE_NAMESPACES
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.problems import load_document, raise_on_errors, validate_model
from sandbox.destinations.server_config import DestinationServer, server_problems
from sandbox.destinations.template_checks import (
    destination_templates,
    server_templates,
    template_problems,
)
from sandbox.errors import Problem, errors_only


@dataclass(frozen=True)
class Checked:
    """The outcome of checking one destination + server (+ activation)."""

    config: DestinationConfig | None
    server: DestinationServer | None
    activation: Activation | None
    customer_data: dict[str, Any] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


def check_destination(
    data: Any, file: str, engine: PebbleEngine
) -> tuple[DestinationConfig | None, list[Problem]]:
    file_based = file_based_problem(data, file)
    if file_based is not None:
        return None, [file_based]
    config, problems = validate_model(DestinationConfig, data, file)
    if config is None:
        return None, problems
    problems += destination_problems(config, file)
    problems += schema_config_problems(config, file)
    problems += template_problems(destination_templates(config), engine, file)
    return (None if errors_only(problems) else config), problems


def check_server(
    data: Any, file: str, engine: PebbleEngine
) -> tuple[DestinationServer | None, list[Problem]]:
    server, problems = validate_model(DestinationServer, data, file)
    if server is None:
        return None, problems
    if server.destination_server_type != "URL_BASED":
        return None, server_problems(server, file)  # one error: the file-based server type
    problems += server_problems(server, file)
    problems += template_problems(server_templates(server), engine, file)
    return (None if errors_only(problems) else server), problems


def check_activation(
    data: Any,
    file: str,
    config: DestinationConfig | None,
    cookies: frozenset[str] = COOKIE_NAMESPACES,
) -> tuple[Activation | None, dict[str, Any], list[Problem]]:
    """Types always; the rules against `config` when there is one."""
    activation, problems = validate_model(Activation, data, file)
    if activation is None or config is None:
        return activation, {}, problems
    customer_data, data_problems = check_customer_data(
        config.customer_data_fields, activation.customer_data, file, "customerData"
    )
    problems += [
        *rules.reference_problems(activation, config, file),
        *data_problems,
        *credential_problems(activation, config, file),
        *rules.audience_problems(activation, config, file),
        *rules.identity_problems(activation, config, file, cookies),
        *rules.attribute_problems(activation, config, file),
        *activation_schema_problems(activation, config, file),
    ]
    return (None if errors_only(problems) else activation), customer_data, problems


def check_all(
    documents: tuple[Any, Any, Any | None],
    files: tuple[str, str, str],
    engine: PebbleEngine,
    cookies: frozenset[str] = COOKIE_NAMESPACES,
) -> Checked:
    """Destination, server and (optional) activation, each checked, then checked together."""
    config, problems = check_destination(documents[0], files[0], engine)
    server, server_found = check_server(documents[1], files[1], engine)
    problems += server_found
    if config is not None and server is not None:
        problems += pairing_problems(config, server, files[0], files[1])
    activation: Activation | None = None
    customer_data: dict[str, Any] = {}
    if documents[2] is not None:
        activation, customer_data, found = check_activation(documents[2], files[2], config, cookies)
        problems += found
    return Checked(config, server, activation, customer_data, tuple(problems))


def load_config(path: Path, engine: PebbleEngine) -> tuple[DestinationConfig, list[Problem]]:
    """A destination configuration file, checked on its own.

    Raises:
        InputError: every error in the file.
    """
    config, problems = check_destination(load_document(path), str(path), engine)
    warnings = raise_on_errors(problems)
    assert config is not None
    return config, warnings


def load_activation(
    path: Path, config: DestinationConfig
) -> tuple[Activation, dict[str, Any], list[Problem]]:
    """An activation file checked against `config`: (activation, customer data, warnings).

    Raises:
        InputError: every error in the file.
    """
    activation, customer_data, problems = check_activation(load_document(path), str(path), config)
    warnings = raise_on_errors(problems)
    assert activation is not None
    return activation, customer_data, warnings
