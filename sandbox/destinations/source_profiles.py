"""Sample source profiles: Adobe's sample-profiles API in `destinationInstanceId` mode (§13.7).

Union-schema (XDM) profiles carrying only what the activation uses: the mapped audiences in
`segmentMembership`, the mapped source namespaces in `identityMap` (raw values: the export hashes
where the mapping or the destination requires it), and the mapped source attributes at their XDM
paths (`person.name.firstName`, `personalEmail.address`, ...). As Adobe's example, with varied,
realistic values (decision §11.9); deterministic for a seed. `test-destination --source` turns
them into target profiles through the activation's mappings and echoes them as `inputProfiles`.
"""

from __future__ import annotations

from typing import Any

from faker import Faker

from sandbox.destinations.activation import Activation
from sandbox.destinations.sample_profiles import (
    attribute_value,
    identity_value,
    memberships,
    person,
)


def source_profiles(activation: Activation, count: int, seed: int = 0) -> list[dict[str, Any]]:
    fake = Faker()
    fake.seed_instance(seed)
    audiences = [(a.namespace, a.id) for a in activation.audiences]
    return [_profile(fake, activation, audiences) for _ in range(count)]


def _profile(
    fake: Faker, activation: Activation, audiences: list[tuple[str, str]]
) -> dict[str, Any]:
    who = person(fake)
    profile: dict[str, Any] = {}
    if audiences:
        profile["segmentMembership"] = memberships(fake, audiences)
    identities: dict[str, list[dict[str, str]]] = {}
    for mapping in activation.identity_mappings:
        if mapping.source_namespace is not None:
            value = identity_value(fake, mapping.source_namespace.lower(), who)
            items = identities.setdefault(mapping.source_namespace, [])
            if {"id": value} not in items:
                items.append({"id": value})
        elif mapping.source_attribute is not None:
            value = identity_value(fake, mapping.source_attribute.lower(), who)
            _write(profile, mapping.source_attribute, value)
    if identities:
        profile["identityMap"] = identities
    for attribute in activation.attribute_mappings:
        _write(profile, attribute.source, attribute_value(fake, attribute.source, "string", who))
    return profile


def _write(profile: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    node = profile
    for part in parents:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            return
        node = child
    node.setdefault(leaf, value)
