"""The credentials an activation carries, as delivery needs them (built from config + activation)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

AUTH_TYPES = ("NONE", "BASIC", "BEARER", "OAUTH2")
OAUTH2_GRANTS = ("OAUTH2_CLIENT_CREDENTIALS", "OAUTH2_PASSWORD", "OAUTH2_AUTHORIZATION_CODE")


@dataclass(frozen=True)
class Credentials:
    """How to authenticate activation calls. Every secret here is redacted wherever it is shown."""

    auth_type: str = "NONE"
    username: str = ""
    password: str = ""
    token: str = ""
    """BEARER: the token. OAUTH2: an access token already held (e.g. from the authorization-code flow)."""
    grant: str = ""
    client_id: str = ""
    client_secret: str = ""
    access_token_url: str = ""
    refresh_token_url: str = ""
    authorization_url: str = ""
    authorization_code: str = ""
    refresh_token: str = ""
    scope: tuple[str, ...] = ()
    use_basic_auth: bool = False
    """OAuth2 `options.useBasicAuth`: client credentials as `Authorization: Basic`, not form fields."""
    expires_in: int | None = None
    """Seconds the held token lives, when known (`expiresIn`)."""
    auth_data: Mapping[str, Any] = field(default_factory=dict)
    """Everything templates may read as `authData.*`."""
    response_paths: Mapping[str, str] = field(default_factory=dict)
    """`authenticationDataFields` with an `authenticationResponsePath`: authData name -> the
    dotted path in the token endpoint's JSON answer its value is read from."""
    access_token_request: Mapping[str, Any] | None = None
    """The destination's `accessTokenRequest` block (PEBBLE_V1 templates), when configured."""

    def secrets(self) -> tuple[str, ...]:
        """Values that must never be shown or stored in clear."""
        values = (
            self.password,
            self.token,
            self.client_secret,
            self.refresh_token,
            self.authorization_code,
        )
        return tuple(v for v in values if v)
