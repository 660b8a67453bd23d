"""schemaConfig rules from Adobe's schema-configuration page: required mappings (the three source
types), requiredMappingsOnly, segmentNamespaceAllowed / segmentNamespaceDenied."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sandbox.destinations.export_plan import export_rules
from sandbox.destinations.identities import COOKIE_NAMESPACES
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.validation import check_activation, check_destination

MOVIESTAR = Path(__file__).resolve().parents[1] / "examples" / "destinations" / "moviestar-basic"
ENGINE = PebbleEngine()


def config_with(**schema: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((MOVIESTAR / "destination.json").read_text())
    data["schemaConfig"].update(schema)
    return data


def activation_with(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((MOVIESTAR / "activation.json").read_text())
    data.update(changes)
    return data


def problems(
    config: dict[str, Any], activation: dict[str, Any] | None = None
) -> list[tuple[str, str, str]]:
    parsed, found = check_destination(config, "dest.json", ENGINE)
    if activation is not None:
        _, _, more = check_activation(activation, "act.json", parsed)
        found += more
    return [(p.severity, f"{p.file}:{p.location}", p.message) for p in found]


def errors(found: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    return [(where, message) for severity, where, message in found if severity == "error"]


# Adobe's examples, verbatim ---------------------------------------------------------------------

ADOBE_SOURCE_AND_DESTINATION = {
    "requiredMappingsOnly": True,
    "requiredMappings": [
        {
            "sourceType": "text/x.schema-path",
            "source": "personalEmail.address",
            "destination": "personalEmail.address",
        }
    ],
}
ADOBE_DESTINATION_ONLY = {
    "requiredMappingsOnly": True,
    "requiredMappings": [
        {
            "destination": "identityMap.ExamplePartner_ID",
            "mandatoryRequired": True,
            "primaryKeyRequired": True,
        }
    ],
}


@pytest.mark.parametrize("schema", [ADOBE_SOURCE_AND_DESTINATION, ADOBE_DESTINATION_ONLY])
def test_adobes_required_mapping_examples_load(schema: dict[str, Any]) -> None:
    assert errors(problems(config_with(**schema))) == []


def test_adobes_namespace_example_is_refused_as_adobe_says_both_cannot_be_used() -> None:
    found = errors(
        problems(
            config_with(
                segmentNamespaceAllowed=["someNamespace"],
                segmentNamespaceDenied=["someOtherNamespace"],
            )
        )
    )
    assert found == [
        (
            "dest.json:schemaConfig.segmentNamespaceDenied",
            "segmentNamespaceAllowed and segmentNamespaceDenied cannot be used together; keep one",
        )
    ]


def test_audiences_from_a_namespace_not_allowed_are_refused() -> None:
    found = errors(
        problems(config_with(segmentNamespaceAllowed=["AudienceManager"]), activation_with())
    )
    assert [w for w, _ in found] == [
        "act.json:audiences[0].namespace",
        "act.json:audiences[1].namespace",
    ]
    assert "'ups'" in found[0][1] and "AudienceManager" in found[0][1]


def test_audiences_from_a_denied_namespace_are_refused() -> None:
    audiences = activation_with()["audiences"]
    audiences[1]["namespace"] = "AudienceManager"
    found = errors(
        problems(
            config_with(segmentNamespaceDenied=["AudienceManager"]),
            activation_with(audiences=audiences),
        )
    )
    assert [w for w, _ in found] == ["act.json:audiences[1].namespace"]


def test_text_plain_supports_only_the_alias_macro_and_is_warned_about() -> None:
    alias = {"sourceType": "text/plain", "source": "metadata.segment.alias", "destination": "aud"}
    found = problems(config_with(requiredMappings=[alias]))
    assert errors(found) == []
    assert any(s == "warning" and "mapping ID" in m for s, _, m in found)
    wrong = {**alias, "source": "metadata.segment.name"}
    [(where, message)] = errors(problems(config_with(requiredMappings=[wrong])))
    assert where == "dest.json:schemaConfig.requiredMappings[0].source"
    assert "metadata.segment.alias" in message


def test_aep_expressions_are_not_computed_and_say_so() -> None:
    source = 'iif(segmentMembership.ups.aep_seg_id.status=="exited", "1", "0")'
    mapping = {"sourceType": "text/x.aep-xl", "source": source, "destination": "exited"}
    found = problems(config_with(requiredMappings=[mapping]))
    assert errors(found) == []
    [(_, where, message)] = [f for f in found if f[0] == "warning" and "AEP expressions" in f[2]]
    assert where.endswith("requiredMappings[0].source") and "'exited' is not exported" in message


def test_an_unknown_source_type_lists_the_three_allowed() -> None:
    mapping = {"sourceType": "text/x.other", "source": "a", "destination": "b"}
    [(where, message)] = errors(problems(config_with(requiredMappings=[mapping])))
    assert where.endswith("requiredMappings[0].sourceType")
    assert (
        "text/x.schema-path" in message and "text/x.aep-xl" in message and "text/plain" in message
    )


def test_a_required_destination_must_be_mapped() -> None:
    found = errors(problems(config_with(**ADOBE_DESTINATION_ONLY), activation_with()))
    assert (
        "act.json:attributeMappings",
        "the destination requires a mapping to "
        "'identityMap.ExamplePartner_ID' (schemaConfig.requiredMappings); add it",
    ) in found


def test_required_mappings_only_refuses_every_other_mapping() -> None:
    found = errors(
        problems(
            config_with(**ADOBE_SOURCE_AND_DESTINATION, profileRequired=True), activation_with()
        )
    )
    [(where, message)] = [f for f in found if "requiredMappingsOnly" in f[1]]
    assert "identityMap.email" in message and "firstName" in message


def test_a_fixed_source_cannot_be_changed() -> None:
    mapping = {
        "sourceType": "text/x.schema-path",
        "source": "person.name.firstName",
        "destination": "firstName",
    }
    changed = activation_with(
        attributeMappings=[{"source": "person.name.lastName", "target": "firstName"}]
    )
    [(where, message)] = errors(problems(config_with(requiredMappings=[mapping]), changed))
    assert "users cannot change its source" in message and "person.name.lastName" in message


def test_a_required_schema_path_mapping_is_exported_without_the_user_mapping_it() -> None:
    mapping = {
        "sourceType": "text/x.schema-path",
        "source": "personalEmail.address",
        "destination": "email_addr",
    }
    config, _ = check_destination(
        config_with(requiredMappings=[mapping], profileRequired=True), "d", ENGINE
    )
    activation, _, found = check_activation(activation_with(), "a", config)
    assert config is not None and activation is not None, found
    rules = export_rules(config, activation, COOKIE_NAMESPACES)
    profile = {
        "personalEmail": {"address": "ana@example.com"},
        "person": {"name": {"firstName": "Ana"}},
    }
    attributes = rules.export_profile(profile)["attributes"]
    assert attributes["email_addr"] == {"value": "ana@example.com"}
    assert attributes["firstName"] == "Ana"  # a predefined profileField
