"""The OAuth2 access token of one destination connection: obtained, kept and refreshed (§11.7).

A token is obtained on first use, again when its `expiresIn` has passed on the simulation clock
(trigger `expired`), and again when the partner answers 401 (trigger `401`, once per call). One
request at a time: exports waiting on the same token share the answer. Each token obtained is
announced as `TokenRefreshed`; one that lives under an hour adds a warning (AEP drops profiles
for such connections). Token calls are recorded like activation calls, tokens redacted.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sandbox.clock import Clock
from sandbox.delivery.call import CallSpec, Sent
from sandbox.delivery.exchange import Exchanger
from sandbox.delivery.oauth_grants import read_token, token_request
from sandbox.delivery.oauth_templates import (
    TemplateRenderer,
    templated_request,
    templated_token,
    token_block,
)
from sandbox.delivery.redaction import credential_secrets
from sandbox.delivery.tokens import Token, TokenRefused, TokenUnavailable
from sandbox.destinations.credentials import Credentials
from sandbox.errors import Problem
from sandbox.events import EventBus, TokenRefreshed, TokenTrigger
from sandbox.redaction import redact_text

SHORT_LIFETIME = 3600.0
"""Tokens living less than this many seconds get a warning."""


class OAuthSession:
    """Holds one connection's token; `token()` and `renew()` are safe to call concurrently."""

    def __init__(
        self,
        destination_id: str,
        credentials: Credentials,
        exchanger: Exchanger,
        clock: Clock,
        bus: EventBus,
        renderer: Callable[[], TemplateRenderer],
        warn: Callable[[Problem], None],
    ) -> None:
        self._destination_id = destination_id
        self._credentials = credentials
        self._exchanger = exchanger
        self._clock = clock
        self._bus = bus
        self._renderer = renderer
        self._warn = warn
        self._held: Token | None = None
        self._secrets_of: Token | None = None
        self._secrets: tuple[str, ...] = ()
        self._lock = asyncio.Lock()
        self._warned = False

    def secrets(self) -> tuple[str, ...]:
        """The held token's secrets: the same tuple until another token is held (callers cache
        what they derive from it by identity)."""
        held = self._held
        if held is not self._secrets_of:
            self._secrets_of, self._secrets = held, held.secrets() if held is not None else ()
        return self._secrets

    def valid_token(self) -> str:
        """The token held, when it has not expired; empty otherwise."""
        held = self._held
        if held is None:
            return ""
        expires_at = held.expires_at  # `Token.expired`, inlined: this runs before every call
        return held.access_token if expires_at is None or self._clock.now() < expires_at else ""

    async def token(self, export_id: str, attempt: int) -> str:
        """A valid access token, obtaining or refreshing one when needed."""
        if valid := self.valid_token():
            return valid
        async with self._lock:
            held = self._held
            if held is None:
                held = self._held = await self._first(export_id, attempt)
            elif held.expired(self._clock.now()):
                held = self._held = await self._obtain("expired", export_id, attempt)
            return held.access_token

    async def renew(self, used: str, export_id: str, attempt: int) -> str:
        """A new token after the partner refused `used` with a 401 (unless one came meanwhile)."""
        async with self._lock:
            held = self._held
            if held is None or held.access_token == used:
                held = self._held = await self._obtain("401", export_id, attempt)
            return held.access_token

    async def _first(self, export_id: str, attempt: int) -> Token:
        credentials = self._credentials
        if not credentials.token:
            return await self._obtain("initial", export_id, attempt)
        expires_in = float(credentials.expires_in) if credentials.expires_in else None
        now = self._clock.now()
        token = Token(
            credentials.token,
            None if expires_in is None else now + expires_in,
            expires_in,
            credentials.refresh_token,
        )
        self._check_lifetime(token)
        return token

    async def _obtain(self, trigger: TokenTrigger, export_id: str, attempt: int) -> Token:
        spec = self._spec(export_id, attempt)
        sent = await self._exchanger.send(spec)
        token: Token | None = None
        try:
            token = self._read(sent)
        finally:
            extra = token.secrets() if token is not None else ()
            self._exchanger.record(sent, (*self._known_secrets(), *extra))
        self._bus.publish(
            TokenRefreshed(
                at=self._clock.now(),
                destination_id=self._destination_id,
                expires_at=token.expires_at,
                trigger=trigger,
            )
        )
        self._check_lifetime(token)
        return token

    def _spec(self, export_id: str, attempt: int) -> CallSpec:
        block = self._credentials.access_token_request
        if block is not None:
            method, url, headers, body = templated_request(
                token_block(block), self._renderer(), self.auth_data()
            )
        else:
            method = "POST"
            url, headers, body = token_request(self._credentials, self._held)
        return CallSpec(
            "token", self._destination_id, export_id, attempt, method, url, headers, body
        )

    def _read(self, sent: Sent) -> Token:
        if sent.failure is not None:
            if not sent.failure.retryable:
                raise TokenRefused(f"the token endpoint is unusable: {sent.failure.message}")
            raise TokenUnavailable(f"the token endpoint is unavailable: {sent.failure.message}")
        answer = sent.answer
        assert answer is not None
        if answer.status >= 500:
            raise TokenUnavailable(f"the token endpoint answered {answer.status}")
        if 400 <= answer.status < 500:
            raise TokenRefused(
                f"credentials refused: the token endpoint answered {answer.status}"
                f"{self._error_detail(answer.body)}"
            )
        block = self._credentials.access_token_request
        now = self._clock.now()
        if block is None:
            token = read_token(answer, now, self._credentials.response_paths)
        else:
            token = templated_token(
                token_block(block), self._renderer(), self.auth_data(), answer, now
            )
        return self._with_default_lifetime(token, now)

    def _with_default_lifetime(self, token: Token, now: float) -> Token:
        """A token whose answer gave no lifetime lives the configured `expiresIn`, if any."""
        configured = self._credentials.expires_in
        if token.expires_in is not None or not configured:
            return token
        return replace(token, expires_in=float(configured), expires_at=now + configured)

    def _error_detail(self, body: bytes) -> str:
        try:
            data: Any = json.loads(body)
        except ValueError:
            data = None
        if isinstance(data, dict) and "error" in data:
            text = f"{data['error']}: {data.get('error_description', '')}".rstrip(": ")
        else:
            text = body.decode("utf-8", errors="replace").strip()[:200]
        return f" ({redact_text(text, self._known_secrets())})" if text else ""

    def auth_data(self) -> dict[str, Any]:
        """What `authData.*` reads in token templates: the credentials, custom fields, the token."""
        c = self._credentials
        data: dict[str, Any] = {
            "clientId": c.client_id,
            "clientSecret": c.client_secret,
            "username": c.username,
            "password": c.password,
            "accessToken": c.token,
            "refreshToken": c.refresh_token,
            "authorizationCode": c.authorization_code,
            "scope": list(c.scope),
            "accessTokenUrl": c.access_token_url,
            "refreshTokenUrl": c.refresh_token_url,
            "authorizationUrl": c.authorization_url,
            "expiresIn": c.expires_in,
        }
        data = {key: value for key, value in data.items() if value not in ("", None, [])}
        data.update(c.auth_data)
        if self._held is not None:
            data.update(self._held.fields)
            data["accessToken"] = self._held.access_token
            if self._held.refresh_token:
                data["refreshToken"] = self._held.refresh_token
        return data

    def _known_secrets(self) -> tuple[str, ...]:
        return (*credential_secrets(self._credentials), *self.secrets())

    def _check_lifetime(self, token: Token) -> None:
        if self._warned or token.expires_in is None or token.expires_in >= SHORT_LIFETIME:
            return
        self._warned = True
        self._warn(
            Problem(
                file=f"<destination {self._destination_id}>",
                location="expiresIn",
                message=(
                    f"the access token lives {token.expires_in:g} s, under 1 hour: on AEP, "
                    "connections whose tokens live under an hour drop profiles during activation; "
                    "Adobe recommends tokens that live at least 24 hours"
                ),
                severity="warning",
            )
        )
