"""The activation file (ours): what AEP stores when a user connects and activates audiences.

AEP keeps this as a dataflow; the sandbox reads it from a JSON (or YAML) file of this shape:

    {
      "destination": "Moviestar",            # the destination config's name or instanceId
      "destinationInstanceId": "3f7c...",    # optional: the connection id (in aggregationKey)
      "name": "Moviestar EU", "description": "optional",
      "customerData": {"region": "EU"},      # values of the config's customerDataFields
      "credentials": {"authType": "BASIC", "username": "...", "password": "..."},
      "audiences": [                         # mapped audiences and their mapping IDs (aliases)
        {"id": "5b1e...", "name": "Gold members", "mappingId": "gold", "namespace": "ups",
         "createdAt": 1714550000000, "mappingCreatedAt": 1714550000000}
      ],
      "identityMappings": [                  # source namespace (or XDM path) -> target namespace
        {"sourceNamespace": "Email", "target": "email_lc_sha256",
         "transformation": "sha256(lower($))"},
        {"sourceAttribute": "person.crmId", "target": "external_id"}
      ],
      "attributeMappings": [                 # XDM path -> profileFields name or custom attribute
        {"source": "person.name.firstName", "target": "firstName"}
      ]
    }

Credentials by `authType`: BASIC `username`, `password`; BEARER `token`; OAUTH2 `clientId`,
`clientSecret` (when the config does not fix them), `username`/`password` (password grant),
`authorizationCode`/`accessToken`/`refreshToken`/`expiresIn` (authorization-code grant: the result
of the browser login the sandbox cannot do), and `fields` for custom `authenticationDataFields`.
Mapping timestamps are UNIX milliseconds. Checking it against the destination config is in
`activation_rules`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import model_validator

from sandbox.destinations.adobe_json import AdobeModel
from sandbox.destinations.customer_auth import AuthValue


class ActivationCredentials(AdobeModel):
    auth_type: Literal["BASIC", "BEARER", "OAUTH2"]
    username: str | None = None
    password: str | None = None
    token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    authorization_code: str | None = None
    access_token: str | None = None
    refresh_token: str | None = None
    expires_in: int | None = None
    token_type: str | None = None
    fields: dict[str, AuthValue] = {}


class MappedAudience(AdobeModel):
    id: str
    name: str | None = None
    namespace: str = "ups"
    mapping_id: str | None = None
    """The audience's alias at the partner (`destination.namespaceSegmentAliases`)."""
    created_at: int | None = None
    updated_at: int | None = None
    mapping_created_at: int | None = None
    mapping_updated_at: int | None = None


class IdentityMapping(AdobeModel):
    source_namespace: str | None = None
    source_attribute: str | None = None
    target: str | None = None
    """Defaults to the source namespace's name (as AEP fills it in)."""
    transformation: Literal["sha256(lower($))"] | None = None

    @model_validator(mode="after")
    def _one_source(self) -> IdentityMapping:
        if (self.source_namespace is None) == (self.source_attribute is None):
            raise ValueError(
                "give exactly one of sourceNamespace (an identity namespace) or "
                "sourceAttribute (an XDM path such as personalEmail.address)"
            )
        if self.target is None and self.source_namespace is None:
            raise ValueError("an identity mapped from an XDM attribute needs a target namespace")
        return self

    @property
    def target_namespace(self) -> str:
        return self.target or self.source_namespace or ""

    @property
    def source_label(self) -> str:
        return self.source_namespace or self.source_attribute or ""


class AttributeMapping(AdobeModel):
    source: str
    """An XDM path of the profile, e.g. `person.name.firstName`."""
    target: str
    """A `schemaConfig.profileFields` name, or a custom attribute name."""


class Activation(AdobeModel):
    destination: str
    destination_instance_id: str | None = None
    name: str | None = None
    description: str | None = None
    customer_data: dict[str, Any] = {}
    credentials: ActivationCredentials | None = None
    audiences: list[MappedAudience] = []
    identity_mappings: list[IdentityMapping] = []
    attribute_mappings: list[AttributeMapping] = []
