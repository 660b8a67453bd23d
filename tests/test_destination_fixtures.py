"""Builders shared by the destination tests: small valid documents to change one field at a time."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "destinations"
AUDIENCE_A = "aud-a"
AUDIENCE_B = "aud-b"
SERVER_ID = "srv-1"

_DESTINATION: dict[str, Any] = {
    "name": "SimDest",
    "description": "A destination for tests",
    "status": "TEST",
    "customerAuthenticationConfigurations": [{"authType": "BEARER"}],
    "customerDataFields": [
        {
            "name": "region",
            "title": "Region",
            "type": "string",
            "isRequired": True,
            "enum": ["US", "EU"],
        },
    ],
    "uiAttributes": {
        "category": "streaming",
        "connectionType": "Server-to-server",
        "frequency": "Streaming",
    },
    "identityNamespaces": {
        "email_lc_sha256": {
            "acceptsAttributes": True,
            "acceptsCustomNamespaces": False,
            "acceptedGlobalNamespaces": {"Email": {"requiredTransformation": "sha256(lower($))"}},
        },
        "external_id": {
            "acceptsAttributes": True,
            "acceptsCustomNamespaces": True,
            "transformation": "sha256(lower($))",
            "acceptedGlobalNamespaces": {"CRMID": {}, "ECID": {}},
        },
    },
    "schemaConfig": {
        "profileFields": [{"name": "lastName", "type": "string"}],
        "profileRequired": True,
        "segmentRequired": True,
        "identityRequired": True,
    },
    "segmentMappingConfig": {
        "mapExperiencePlatformSegmentId": False,
        "mapExperiencePlatformSegmentName": False,
        "mapUserInput": True,
    },
    "aggregation": {
        "aggregationType": "BEST_EFFORT",
        "bestEffortAggregation": {"maxUsersPerRequest": 10, "splitUserById": False},
    },
    "destinationDelivery": [
        {"authenticationRule": "CUSTOMER_AUTHENTICATION", "destinationServerId": SERVER_ID}
    ],
    "backfillHistoricalProfileData": True,
}

_SERVER: dict[str, Any] = {
    "instanceId": SERVER_ID,
    "name": "SimDest server",
    "destinationServerType": "URL_BASED",
    "urlBasedDestination": {
        "url": {
            "templatingStrategy": "PEBBLE_V1",
            "value": "http://127.0.0.1:8787/{{customerData.region}}/in",
        }
    },
    "httpTemplate": {
        "httpMethod": "POST",
        "contentType": "application/json",
        "requestBody": {
            "templatingStrategy": "PEBBLE_V1",
            "value": "{% for p in input.profiles %}{{p|raw}}{% endfor %}",
        },
    },
}

_ACTIVATION: dict[str, Any] = {
    "destination": "SimDest",
    "destinationInstanceId": "dest-instance-1",
    "customerData": {"region": "EU"},
    "credentials": {"authType": "BEARER", "token": "t0ken"},
    "audiences": [
        {"id": AUDIENCE_A, "name": "A", "mappingId": "alias-a"},
        {"id": AUDIENCE_B, "name": "B", "mappingId": "alias-b"},
    ],
    "identityMappings": [
        {"sourceNamespace": "Email", "target": "email_lc_sha256"},
        {"sourceNamespace": "CRMID", "target": "external_id"},
    ],
    "attributeMappings": [
        {"source": "person.name.lastName", "target": "lastName"},
        {"source": "homeAddress.city", "target": "city"},
    ],
}


def destination_dict(**changes: Any) -> dict[str, Any]:
    """The test destination with top-level fields replaced (None removes one)."""
    return _changed(_DESTINATION, changes)


def server_dict(**changes: Any) -> dict[str, Any]:
    return _changed(_SERVER, changes)


def activation_dict(**changes: Any) -> dict[str, Any]:
    return _changed(_ACTIVATION, changes)


def _changed(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def xdm_profile(**changes: Any) -> dict[str, Any]:
    """A simulator profile (XDM) in audience A (realized) and B (exited)."""
    profile: dict[str, Any] = {
        "_id": "p-1",
        "person": {"name": {"firstName": "Ana", "lastName": "Lima"}},
        "homeAddress": {"city": "Porto"},
        "identityMap": {
            "Email": [
                {"id": "Ana@Example.com", "authenticatedState": "authenticated", "primary": True}
            ],
            "CRMID": [{"id": "C-1001"}],
            "ECID": [{"id": "12345678901234567890123456789012345678"}],
            "Phone": [{"id": "+15550100"}],
        },
        "segmentMembership": {
            "ups": {
                AUDIENCE_A: {"status": "realized", "lastQualificationTime": "2026-01-01T00:00:00Z"},
                AUDIENCE_B: {"status": "exited", "lastQualificationTime": "2026-01-01T00:00:00Z"},
                "unmapped": {"status": "realized", "lastQualificationTime": "2026-01-01T00:00:00Z"},
            }
        },
    }
    profile.update(changes)
    return profile
