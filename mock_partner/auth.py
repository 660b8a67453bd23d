"""The credentials the partner requires on its endpoints: none, basic, a fixed bearer, or OAuth2."""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mock_partner.answers import Answer, error_answer
from mock_partner.tokens import TokenStore

AuthType = Literal["none", "basic", "bearer", "oauth2"]


class AuthSettings(BaseModel):
    """What a request to a partner endpoint must carry. `/oauth/*` and `/_admin/*` are exempt."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    type: AuthType = "none"
    """`none`; `basic` (username/password); `bearer` (the fixed `token`); `oauth2` (a token
    issued by this partner at `POST /oauth/token`, neither expired nor revoked)."""
    username: str = "sandbox-user"
    """`basic`, and the resource owner of the OAuth2 password grant."""
    password: str = "sandbox-password"
    token: str = "sandbox-token"
    """`bearer`: the one token accepted."""
    client_id: str = "sandbox-client"
    """OAuth2 client, sent as form fields or HTTP Basic to `/oauth/token`."""
    client_secret: str = "sandbox-secret"
    expires_in: int = Field(default=3600, ge=1, le=315_360_000)
    """Lifetime in seconds of the access tokens issued (on the partner's wall clock)."""
    refresh_tokens: bool = True
    """Issue refresh tokens with the password and authorization-code grants."""
    realm: str = "mock_partner"


def authenticate(
    settings: AuthSettings, tokens: TokenStore, authorization: str | None, now: float
) -> Answer | None:
    """None when the `Authorization` header satisfies `settings`, else the 401 to send."""
    if settings.type == "none":
        return None
    scheme, _, credentials = (authorization or "").partition(" ")
    if settings.type == "basic":
        return _basic(settings, scheme, credentials.strip())
    return _bearer(settings, tokens, scheme, credentials.strip(), now)


def _basic(settings: AuthSettings, scheme: str, credentials: str) -> Answer | None:
    challenge = f'Basic realm="{settings.realm}", charset="UTF-8"'
    if scheme.lower() != "basic":
        return _denied(challenge, "this endpoint needs HTTP Basic credentials")
    pair = basic_pair(credentials)
    if pair is None or not same_secrets(pair, (settings.username, settings.password)):
        return _denied(challenge, "wrong username or password")
    return None


def _bearer(
    settings: AuthSettings, tokens: TokenStore, scheme: str, token: str, now: float
) -> Answer | None:
    challenge = f'Bearer realm="{settings.realm}"'
    if scheme.lower() != "bearer" or not token:
        return _denied(challenge, "this endpoint needs an `Authorization: Bearer <token>` header")
    if settings.type == "bearer":
        if secrets.compare_digest(token, settings.token):
            return None
        return _denied(f'{challenge}, error="invalid_token"', "the bearer token is not accepted")
    state = tokens.access_state(token, now)
    if state == "valid":
        return None
    reason = {"expired": "the access token expired", "revoked": "the access token was revoked"}
    message = reason.get(state, "the access token is unknown")
    return _denied(f'{challenge}, error="invalid_token", error_description="{message}"', message)


def basic_pair(credentials: str) -> tuple[str, str] | None:
    """(user, password) from the base64 part of an HTTP Basic header, or None if malformed."""
    try:
        decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, colon, password = decoded.partition(":")
    return (user, password) if colon else None


def same_secrets(given: tuple[str, str], expected: tuple[str, str]) -> bool:
    """Whether both pairs are equal, compared in constant time."""
    return all(
        secrets.compare_digest(a.encode(), b.encode()) for a, b in zip(given, expected, strict=True)
    )


def _denied(challenge: str, message: str) -> Answer:
    return error_answer(401, "unauthorized", message, ("www-authenticate", challenge))
