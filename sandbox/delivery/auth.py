"""Credentials on activation calls (§11.4): `Basic base64(user:pass)`, `Bearer <token>` for BEARER
and OAUTH2; the header name and the prefixes are settings."""

from __future__ import annotations

import base64

from sandbox.delivery.oauth import OAuthSession
from sandbox.delivery.policy import DeliverySettings
from sandbox.delivery.redaction import credential_secrets
from sandbox.destinations.credentials import Credentials

Header = tuple[str, str]


class Authenticator:
    """The credential header of one connection, and what must be hidden when calls are recorded."""

    def __init__(
        self,
        settings: DeliverySettings,
        credentials: Credentials,
        oauth: OAuthSession | None = None,
    ) -> None:
        self.credentials = credentials
        self._settings = settings
        self._oauth = oauth
        self._static = static_header(settings, credentials)
        shown = _header_secrets(settings, self._static) if self._static else ()
        self._fixed_secrets = (*credential_secrets(credentials), *shown)
        self._token_secrets: tuple[tuple[str, ...], tuple[str, ...]] = ((), self._fixed_secrets)
        self._last_token, self._last_header = "", self._static

    @property
    def renewable(self) -> bool:
        """Whether a 401 can be answered by obtaining a new token."""
        return self._oauth is not None

    def held_header(self) -> Header | None | bool:
        """The header to add when it is at hand (no token to obtain), else `False`: the hot path
        then skips awaiting `header()`."""
        if self._oauth is None:
            return self._static
        token = self._oauth.valid_token()
        if not token:
            return False
        if token != self._last_token:
            self._last_token, self._last_header = token, self._bearer(token)
        return self._last_header

    async def header(self, export_id: str, attempt: int) -> Header | None:
        """The header to add, obtaining an OAuth2 token first when needed (may raise TokenError)."""
        if self._oauth is None:
            return self._static
        token = self._oauth.valid_token() or await self._oauth.token(export_id, attempt)
        if token != self._last_token:
            self._last_token, self._last_header = token, self._bearer(token)
        return self._last_header

    async def renew(self, used: Header | None, export_id: str, attempt: int) -> Header | None:
        """The header after a 401: with a new token (may raise TokenError)."""
        if self._oauth is None:
            return used
        prefix = self._settings.bearer_prefix
        old = used[1].removeprefix(prefix) if used else ""
        return self._bearer(await self._oauth.renew(old, export_id, attempt))

    def secrets(self) -> tuple[str, ...]:
        """Every value to redact from recorded calls: the credentials and the header they make."""
        if self._oauth is None:
            return self._fixed_secrets
        tokens = self._oauth.secrets()
        known_tokens, known_secrets = self._token_secrets
        if tokens is not known_tokens:
            prefixed = (self._settings.bearer_prefix + token for token in tokens)
            known_secrets = (*self._fixed_secrets, *tokens, *prefixed)
            self._token_secrets = (tokens, known_secrets)
        return known_secrets

    def _bearer(self, token: str) -> Header:
        return (self._settings.auth_header, self._settings.bearer_prefix + token)


def static_header(settings: DeliverySettings, credentials: Credentials) -> Header | None:
    """The header of BASIC and BEARER credentials (None for NONE and OAUTH2)."""
    if credentials.auth_type == "BASIC":
        pair = f"{credentials.username}:{credentials.password}".encode()
        return (settings.auth_header, settings.basic_prefix + base64.b64encode(pair).decode())
    if credentials.auth_type == "BEARER":
        return (settings.auth_header, settings.bearer_prefix + credentials.token)
    return None


def _header_secrets(settings: DeliverySettings, header: Header) -> tuple[str, ...]:
    """The header value, and the credential in it without its prefix (`base64(user:pass)`)."""
    value = header[1]
    credential = value.removeprefix(settings.basic_prefix).removeprefix(settings.bearer_prefix)
    return (value, credential)
