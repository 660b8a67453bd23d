"""From a destination config and an activation: the `ExportRules` and the audience context."""

from __future__ import annotations

from typing import Any

from sandbox.destinations.activation import Activation
from sandbox.destinations.activation_rules import cookie_refused, required_transformation
from sandbox.destinations.destination_config import DestinationConfig, SegmentMappingConfig
from sandbox.destinations.dynamic_schema import implied_mappings
from sandbox.destinations.export import AttributeRoute, ExportRules, IdentityRoute
from sandbox.destinations.pebble import destination_context


def export_rules(
    config: DestinationConfig, activation: Activation | None, cookies: frozenset[str]
) -> ExportRules:
    """What the activation exports (nothing is mapped without an activation).

    A cookie namespace (`cookies`) goes out only when its target accepts it (§11.1 as revised by
    §13.1): named in `acceptedGlobalNamespaces`, or a custom one under `acceptsCustomNamespaces`.
    """
    if activation is None:
        return ExportRules(frozenset(), (), ())
    identities = tuple(
        IdentityRoute(
            target=mapping.target_namespace,
            source_namespace=mapping.source_namespace,
            source_attribute=mapping.source_attribute,
            hashed=bool(mapping.transformation or required_transformation(mapping, config)),
        )
        for mapping in activation.identity_mappings
        if not cookie_refused(mapping, config, cookies)
    )
    attributes = tuple(
        AttributeRoute(m.source, m.target, predefined=config.profile_field(m.target) is not None)
        for m in [*activation.attribute_mappings, *implied_mappings(config, activation)]
    )
    audiences = frozenset((a.namespace, a.id) for a in activation.audiences)
    return ExportRules(audiences, identities, attributes)


def aliases(
    activation: Activation | None, rules: SegmentMappingConfig
) -> dict[tuple[str, str], str]:
    """(namespace, audience id) → mapping ID: as given, else the audience ID or name when the
    destination's segmentMappingConfig makes that the mapping ID."""
    found: dict[tuple[str, str], str] = {}
    for audience in activation.audiences if activation else []:
        alias = audience.mapping_id
        if alias is None and rules.map_experience_platform_segment_name:
            alias = audience.name
        if alias is None and rules.map_experience_platform_segment_id:
            alias = audience.id
        if alias is not None:
            found[(audience.namespace, audience.id)] = alias
    return found


def audience_context(activation: Activation | None, rules: SegmentMappingConfig) -> dict[str, Any]:
    """`destination.*` for templates: aliases, names, timestamps (deprecated flat forms: `ups`)."""
    by_namespace: dict[str, dict[str, str]] = {}
    names: dict[str, dict[str, str]] = {}
    times: dict[str, dict[str, dict[str, int]]] = {}
    for (namespace, audience_id), alias in aliases(activation, rules).items():
        by_namespace.setdefault(namespace, {})[audience_id] = alias
    for audience in activation.audiences if activation else []:
        if audience.name is not None:
            names.setdefault(audience.namespace, {})[audience.id] = audience.name
        stamps = {
            "createdAt": audience.created_at,
            "updatedAt": audience.updated_at,
            "mappingCreatedAt": audience.mapping_created_at,
            "mappingUpdatedAt": audience.mapping_updated_at,
        }
        times.setdefault(audience.namespace, {})[audience.id] = {
            k: v for k, v in stamps.items() if v is not None
        }
    return destination_context(by_namespace, names, times)
