"""Schema rules beyond profileFields: dynamic schemas, required mappings, audience namespaces.

- **Dynamic schema** (`schemaConfig.dynamicSchemaConfig.dynamicEnum`, responseFormat SCHEMA): the
  schema server's rendered answer is a JSON schema (`{"type": "object", "properties": {...}}`);
  its leaf properties, as dotted paths (`contact.email`), are the target fields the mapping step
  offers, and every attribute mapping must target one of them.
- **requiredMappings**: `text/x.schema-path` sources are XDM paths; `text/x.aep-xl` sources are
  AEP expressions the sandbox cannot evaluate (warned); `text/plain` supports only the macro
  `metadata.segment.alias`. A required destination must be mapped (an `identityMap.X` destination
  by an identity mapping to X); with both source and destination the user cannot change the
  source; `requiredMappingsOnly` refuses other mappings.
- **segmentNamespaceAllowed / segmentNamespaceDenied** (not both): which audience namespaces may
  be mapped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sandbox.destinations.activation import Activation, AttributeMapping
from sandbox.destinations.destination_config import DestinationConfig, RequiredMapping
from sandbox.destinations.problems import warning
from sandbox.errors import InputError, Problem

ALIAS_MACRO = "metadata.segment.alias"
SCHEMA_SHAPE = 'a JSON schema object: {"type": "object", "properties": {"name": {...}, ...}}'


def schema_config_problems(config: DestinationConfig, file: str) -> list[Problem]:
    """The configuration's own schema rules (no activation needed)."""
    schema = config.schema_config
    problems: list[Problem] = []
    if schema.segment_namespace_allowed is not None and schema.segment_namespace_denied is not None:
        problems.append(
            Problem(
                file,
                "schemaConfig.segmentNamespaceDenied",
                "segmentNamespaceAllowed and segmentNamespaceDenied cannot be used together; "
                "keep one",
            )
        )
    dynamic = schema.dynamic_schema_config
    if dynamic is not None and dynamic.dynamic_enum.response_format != "SCHEMA":
        problems.append(
            Problem(
                file,
                "schemaConfig.dynamicSchemaConfig.dynamicEnum.responseFormat",
                "a dynamic schema's responseFormat is always SCHEMA",
            )
        )
    for index, required in enumerate(schema.required_mappings):
        problems += _required_problems(required, f"schemaConfig.requiredMappings[{index}]", file)
    return problems


def _required_problems(required: RequiredMapping, where: str, file: str) -> list[Problem]:
    if required.source is None:
        return []
    kind = required.source_type
    if kind is None:
        message = (
            "a source needs its sourceType: text/x.schema-path (an XDM path), text/x.aep-xl "
            f"(an AEP expression) or text/plain (the macro {ALIAS_MACRO})"
        )
        return [Problem(file, f"{where}.sourceType", message)]
    if kind == "text/plain" and required.source != ALIAS_MACRO:
        message = (
            f"the only text/plain source Adobe supports is {ALIAS_MACRO}; got {required.source!r}"
        )
        return [Problem(file, f"{where}.source", message)]
    if kind == "text/x.aep-xl":
        message = (
            f"the sandbox cannot evaluate AEP expressions ({required.source!r}); "
            f"{required.destination!r} is not exported"
        )
        return [warning(file, f"{where}.source", message)]
    if kind == "text/plain":
        message = (
            f"{ALIAS_MACRO} is an audience's mapping ID, not a profile value; the sandbox "
            f"does not add {required.destination!r} to exported profiles"
        )
        return [warning(file, f"{where}.source", message)]
    return []


def activation_schema_problems(
    activation: Activation, config: DestinationConfig, file: str
) -> list[Problem]:
    """The activation against the namespaces and required mappings of its configuration."""
    return [
        *_namespace_problems(activation, config, file),
        *_required_mapping_problems(activation, config, file),
    ]


def _namespace_problems(
    activation: Activation, config: DestinationConfig, file: str
) -> list[Problem]:
    allowed = config.schema_config.segment_namespace_allowed
    denied = config.schema_config.segment_namespace_denied or []
    problems = []
    for index, audience in enumerate(activation.audiences):
        where = f"audiences[{index}].namespace"
        if allowed is not None and audience.namespace not in allowed:
            message = (
                f"the destination takes audiences only from the namespaces {allowed} "
                f"(schemaConfig.segmentNamespaceAllowed); this one is in {audience.namespace!r}"
            )
            problems.append(Problem(file, where, message))
        elif audience.namespace in denied:
            message = (
                f"the destination refuses audiences from the namespace {audience.namespace!r} "
                "(schemaConfig.segmentNamespaceDenied)"
            )
            problems.append(Problem(file, where, message))
    return problems


def _mapped(activation: Activation) -> dict[str, str | None]:
    """Target → source of every mapping (identities as `identityMap.<namespace>`)."""
    found: dict[str, str | None] = {}
    for identity in activation.identity_mappings:
        source = identity.source_attribute or identity.source_namespace
        found[f"identityMap.{identity.target_namespace}"] = source
    for attribute in activation.attribute_mappings:
        found[attribute.target] = attribute.source
    return found


def _required_mapping_problems(
    activation: Activation, config: DestinationConfig, file: str
) -> list[Problem]:
    schema = config.schema_config
    mapped = _mapped(activation)
    problems = []
    for required in schema.required_mappings:
        given = mapped.get(required.destination, "<missing>")
        fixed = required.source is not None and required.source_type == "text/x.schema-path"
        if given == "<missing>" and not (required.source is not None):
            message = (
                f"the destination requires a mapping to {required.destination!r} "
                "(schemaConfig.requiredMappings); add it"
            )
            problems.append(Problem(file, "attributeMappings", message))
        elif fixed and given not in ("<missing>", required.source):
            message = (
                f"{required.destination!r} is a required mapping from {required.source!r}; "
                f"users cannot change its source (got {given!r})"
            )
            problems.append(Problem(file, "attributeMappings", message))
    if schema.required_mappings_only:
        wanted = {r.destination for r in schema.required_mappings}
        extra = sorted(set(mapped) - wanted)
        if extra:
            message = (
                f"schemaConfig.requiredMappingsOnly: only the required mappings "
                f"{sorted(wanted)} may be mapped; remove {extra}"
            )
            problems.append(Problem(file, "attributeMappings", message))
    return problems


def implied_mappings(config: DestinationConfig, activation: Activation) -> list[AttributeMapping]:
    """Required XDM mappings (source and destination) the activation does not spell out: AEP
    maps them without asking the user, so they are exported too."""
    mapped = _mapped(activation)
    return [
        AttributeMapping(source=r.source, target=r.destination)
        for r in config.schema_config.required_mappings
        if r.source is not None
        and r.source_type == "text/x.schema-path"
        and r.destination not in mapped
        and not r.destination.startswith("identityMap.")
    ]


# -- dynamic schemas --------------------------------------------------------------------------


def schema_targets(outputs: Mapping[str, Any], file: str) -> list[str]:
    """The target fields of the partner's schema (dotted leaf paths). Raises InputError."""
    for output in outputs.values():
        if isinstance(output, dict) and isinstance(output.get("properties"), dict):
            return list(_leaves(output["properties"], ""))
    names = ", ".join(outputs) or "none"
    raise InputError.single(
        file, "responseFields", f"no response field ({names}) rendered {SCHEMA_SHAPE}"
    )


def _leaves(properties: Mapping[str, Any], prefix: str) -> Iterator[str]:
    for name, spec in properties.items():
        path = f"{prefix}{name}"
        nested = spec.get("properties") if isinstance(spec, dict) else None
        if isinstance(nested, dict) and nested:
            yield from _leaves(nested, f"{path}.")
        else:
            yield path


def dynamic_mapping_problems(
    activation: Activation, targets: list[str], file: str, server_file: str
) -> list[Problem]:
    """Every attribute mapping must target a field of the partner's schema."""
    shown = ", ".join(targets[:30]) + (" ..." if len(targets) > 30 else "")
    return [
        Problem(
            file,
            f"attributeMappings[{index}].target",
            f"the partner's schema (from {server_file}) has no field {mapping.target!r}; "
            f"its fields: {shown or 'none'}",
        )
        for index, mapping in enumerate(activation.attribute_mappings)
        if mapping.target not in targets
    ]
