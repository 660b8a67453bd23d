"""`dynamicEnum`: values a destination fetches from the partner through a dynamic server.

Two places use it: a customer data field (`responseFormat: NAME_VALUE`, a dropdown whose options
come from a dropdown server, with `queryParams` naming the customer data fields sent along) and
`schemaConfig.dynamicSchemaConfig` (`responseFormat: SCHEMA`, the partner's target schema).
"""

from __future__ import annotations

from typing import Literal

from sandbox.destinations.adobe_json import AdobeModel

AuthenticationRule = Literal["CUSTOMER_AUTHENTICATION", "PLATFORM_AUTHENTICATION", "NONE"]


class DynamicEnum(AdobeModel):
    authentication_rule: AuthenticationRule
    destination_server_id: str
    """The `instanceId` of the dynamic (dropdown or schema) server."""
    value: str
    """NAME_VALUE: a JSONPath into the server's answer (`$.list`); SCHEMA: the schema's name."""
    response_format: Literal["SCHEMA", "NAME_VALUE"] = "SCHEMA"
    query_params: list[str] = []
    """Customer data fields sent as query parameters (`?integrationId=...`)."""
