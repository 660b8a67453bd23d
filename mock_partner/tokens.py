"""OAuth2 tokens and authorization codes the partner issued, with expiry on its own clock."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from mock_partner.records import isoformat

MAX_TOKENS = 10_000
"""Above this many, dead tokens (expired or revoked) are forgotten, then the oldest live ones
(they answer `unknown` afterwards), so memory stays flat under a storm of token requests."""
CODE_LIFETIME = 600.0


@dataclass(eq=False)
class IssuedToken:
    value: str
    kind: str
    """`access` or `refresh`."""
    client_id: str
    scope: str
    issued_at: float
    expires_at: float | None
    revoked: bool = False

    def state(self, now: float) -> str:
        """`valid`, `expired` or `revoked`."""
        if self.revoked:
            return "revoked"
        if self.expires_at is not None and now >= self.expires_at:
            return "expired"
        return "valid"

    def describe(self, now: float) -> dict[str, Any]:
        expires = None if self.expires_at is None else isoformat(self.expires_at)
        return {
            "token": self.value,
            "kind": self.kind,
            "client_id": self.client_id,
            "scope": self.scope,
            "issued_at": isoformat(self.issued_at),
            "expires_at": expires,
            "state": self.state(now),
        }


@dataclass(frozen=True)
class AuthorizationCode:
    client_id: str
    redirect_uri: str
    scope: str
    expires_at: float


class TokenStore:
    """Issues, checks, expires and revokes tokens; hands out single-use authorization codes."""

    def __init__(self) -> None:
        self._tokens: dict[str, IssuedToken] = {}
        self._codes: dict[str, AuthorizationCode] = {}

    def issue(
        self, kind: str, client_id: str, scope: str, now: float, lifetime: float | None
    ) -> str:
        if len(self._tokens) >= MAX_TOKENS:
            self._forget_dead(now)
        value = secrets.token_urlsafe(24)
        expires = None if lifetime is None else now + lifetime
        self._tokens[value] = IssuedToken(value, kind, client_id, scope, now, expires)
        return value

    def find(self, value: str, kind: str) -> IssuedToken | None:
        token = self._tokens.get(value)
        return token if token is not None and token.kind == kind else None

    def access_state(self, value: str, now: float) -> str:
        """`valid`, `expired`, `revoked` or `unknown` for an access token."""
        token = self.find(value, "access")
        return "unknown" if token is None else token.state(now)

    def expire(self, now: float, value: str | None = None) -> int:
        """Make access tokens (all, or the one given) expire now; returns how many changed."""
        changed = [t for t in self._matching(value, "access") if t.state(now) == "valid"]
        for token in changed:
            token.expires_at = now
        return len(changed)

    def revoke(self, now: float, value: str | None = None) -> int:
        """Revoke tokens, access and refresh (all, or the one given); returns how many changed."""
        changed = [t for t in self._matching(value, None) if not t.revoked]
        for token in changed:
            token.revoked = True
        return len(changed)

    def _matching(self, value: str | None, kind: str | None) -> list[IssuedToken]:
        tokens = self._tokens.values() if value is None else [self._tokens.get(value)]
        return [t for t in tokens if t is not None and (kind is None or t.kind == kind)]

    def new_code(self, client_id: str, redirect_uri: str, scope: str, now: float) -> str:
        code = secrets.token_urlsafe(18)
        self._codes[code] = AuthorizationCode(client_id, redirect_uri, scope, now + CODE_LIFETIME)
        return code

    def redeem_code(self, code: str, now: float) -> AuthorizationCode | None:
        """The code's grant, once: a code is gone after its first use or when it has expired."""
        grant = self._codes.pop(code, None)
        return grant if grant is not None and now < grant.expires_at else None

    def describe(self, now: float) -> list[dict[str, Any]]:
        return [token.describe(now) for token in self._tokens.values()]

    def _forget_dead(self, now: float) -> None:
        dead = [value for value, token in self._tokens.items() if token.state(now) != "valid"]
        for value in dead:
            del self._tokens[value]
        for value in list(self._tokens)[: max(len(self._tokens) - MAX_TOKENS // 2, 0)]:
            del self._tokens[value]
        self._codes = {c: g for c, g in self._codes.items() if now < g.expires_at}
