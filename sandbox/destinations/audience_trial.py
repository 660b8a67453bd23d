"""The context `validate` trial-renders an audience template's sections with (aep-destinations.md
§5.6's macros, sample values): a filter or method that fails whenever it runs is caught when the
template is loaded, and customer data gets a value of each field's type, so that a template is
never refused for a value that is missing only in the trial.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sandbox.destinations.customer_fields import CustomerDataField
from sandbox.destinations.destination_config import DestinationConfig

TRIAL_CONTEXT = {
    "segment": {
        "id": "00000000-0000-4000-8000-000000000001",
        "name": "Sample audience",
        "description": "",
        "alias": "sample-alias",
        "namespace": "ups",
        "metadata": {},
    },
    "customerData": {},
    "authData": {"accessToken": "token"},
    "oauth2ServiceAccessToken": "token",
    "destination": {"id": "", "name": "", "sandboxName": "prod", "imsOrgId": ""},
}
"""What `validate` trial-renders every section with (§5.6's macros, sample values)."""


def trial_context(config: DestinationConfig | None) -> dict[str, Any]:
    """TRIAL_CONTEXT with a sample value for every customer data field the destination defines
    (its default, else its first choice, else one of its type), so that a template doing
    arithmetic or `abs` on customer data is not refused for a value that is only missing here."""
    fields = config.customer_data_fields if config is not None else []
    return {**TRIAL_CONTEXT, "customerData": _sample_values(fields)}


def _sample_values(fields: Sequence[CustomerDataField]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in fields:
        if field.type == "object":
            values[field.name] = _sample_values(field.properties or [])
        elif field.default is not None:
            values[field.name] = field.default
        elif field.choices:
            values[field.name] = field.choices[0]
        else:
            values[field.name] = 1 if field.type == "integer" else "sample"
    return values
