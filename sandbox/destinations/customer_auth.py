"""`customerAuthenticationConfigurations[]`: BASIC, BEARER, OAUTH2 (grants, custom fields, tokens).

File-based auth types are recognised (they are valid Adobe values) so the rules can refuse them
with a clear message: the sandbox simulates streaming destinations only.
"""

from __future__ import annotations

from typing import Literal

from sandbox.destinations.adobe_json import AdobeModel, TemplatedValue, TemplatingStrategy
from sandbox.destinations.server_config import HttpTemplate, UrlBasedDestination

STREAMING_AUTH_TYPES = ("BASIC", "BEARER", "OAUTH2")
AuthType = Literal[
    "BASIC",
    "BEARER",
    "OAUTH2",
    "S3",
    "AZURE_CONNECTION_STRING",
    "AZURE_SERVICE_PRINCIPAL",
    "SFTP_WITH_PASSWORD",
    "SFTP_WITH_SSH_KEY",
    "GOOGLE_CLOUD_STORAGE",
]
Grant = Literal["OAUTH2_AUTHORIZATION_CODE", "OAUTH2_PASSWORD", "OAUTH2_CLIENT_CREDENTIALS"]
AuthValue = str | int | bool


class AuthenticationDataField(AdobeModel):
    """A custom OAuth2 input or output (`authData.<name>` in templates)."""

    name: str
    title: str | None = None
    description: str | None = None
    type: Literal["string", "boolean", "integer"] | None = None
    is_required: bool = False
    format: str | None = None
    source: str | None = None
    field_type: str | None = None
    value: AuthValue | None = None
    authentication_response_path: str | None = None

    @property
    def from_customer(self) -> bool:
        return "CUSTOMER" in (self.source, self.field_type)


class OAuthOptions(AdobeModel):
    use_basic_auth: bool | None = None


class ResponseField(AdobeModel):
    name: str
    templating_strategy: TemplatingStrategy
    value: str


class TokenValidation(AdobeModel):
    name: str
    actual_value: TemplatedValue
    expected_value: TemplatedValue


class AccessTokenRequest(AdobeModel):
    """How to get or refresh an OAuth2 access token (templates read `authData.*`, `response.*`)."""

    destination_server_type: Literal["URL_BASED"]
    url_based_destination: UrlBasedDestination
    http_template: HttpTemplate
    response_fields: list[ResponseField] = []
    validations: list[TokenValidation] = []


class CustomerAuthentication(AdobeModel):
    """One way users may authenticate to the destination."""

    auth_type: AuthType
    grant: Grant | None = None
    access_token_url: str | None = None
    authorization_url: str | None = None
    refresh_token_url: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    scope: list[str] | None = None
    options: OAuthOptions | None = None
    authentication_data_fields: list[AuthenticationDataField] = []
    access_token_request: AccessTokenRequest | None = None

    def data_field(self, name: str) -> AuthenticationDataField | None:
        return next((f for f in self.authentication_data_fields if f.name == name), None)
