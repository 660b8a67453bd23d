"""The standard OAuth2 token request (RFC 6749 form POST) for the three grants AEP supports.

Used when a destination has no `accessTokenRequest` templates. Client credentials go as
`Authorization: Basic base64(client_id:client_secret)` with `useBasicAuth`, else as `client_id` /
`client_secret` form fields; `scope` is joined by spaces. Refreshing uses the `refresh_token`
grant when a refresh token is held (at `refreshTokenUrl` when configured), else repeats the grant.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from sandbox.delivery.tokens import Token, TokenRefused, lifetime
from sandbox.delivery.transport import Answer, Headers
from sandbox.destinations.credentials import Credentials

ADOBE_CALLBACK = "https://platform.adobe.io/data/core/activation/oauth/api/v1/callback"
"""The `redirect_uri` Adobe registers for the authorization-code flow."""

FORM = "application/x-www-form-urlencoded"


def grant_fields(credentials: Credentials, held: Token | None) -> dict[str, str]:
    """The grant-specific form fields for a new token (a refresh when a refresh token is held)."""
    refresh_token = held.refresh_token if held and held.refresh_token else credentials.refresh_token
    if refresh_token and (held is not None or credentials.grant == "OAUTH2_AUTHORIZATION_CODE"):
        return {"grant_type": "refresh_token", "refresh_token": refresh_token}
    if credentials.grant == "OAUTH2_PASSWORD":
        return {
            "grant_type": "password",
            "username": credentials.username,
            "password": credentials.password,
        }
    if credentials.grant == "OAUTH2_AUTHORIZATION_CODE":
        if not credentials.authorization_code:
            raise TokenRefused(
                "the authorization-code grant holds no access token, "
                "authorization code or refresh token to start from"
            )
        return {
            "grant_type": "authorization_code",
            "code": credentials.authorization_code,
            "redirect_uri": ADOBE_CALLBACK,
        }
    return {"grant_type": "client_credentials"}


def token_url(credentials: Credentials, fields: dict[str, str]) -> str:
    if fields["grant_type"] == "refresh_token" and credentials.refresh_token_url:
        return credentials.refresh_token_url
    if not credentials.access_token_url:
        raise TokenRefused("no accessTokenUrl is configured for this OAuth2 destination")
    return credentials.access_token_url


def token_request(credentials: Credentials, held: Token | None) -> tuple[str, Headers, str]:
    """URL, headers and form body of the token request."""
    fields = grant_fields(credentials, held)
    headers: list[tuple[str, str]] = [("Content-Type", FORM), ("Accept", "application/json")]
    if credentials.use_basic_auth:
        pair = f"{credentials.client_id}:{credentials.client_secret}".encode()
        headers.append(("Authorization", "Basic " + base64.b64encode(pair).decode()))
    else:
        fields |= {"client_id": credentials.client_id, "client_secret": credentials.client_secret}
    if credentials.scope:
        fields["scope"] = " ".join(credentials.scope)
    return token_url(credentials, fields), tuple(headers), urlencode(fields)


STANDARD_OUTPUTS = {
    "accessToken": "access_token",
    "expiresIn": "expires_in",
    "refreshToken": "refresh_token",
    "tokenType": "token_type",
}
"""The grants' outputs (Adobe's names) and where RFC 6749 puts them in the token answer."""


def read_token(
    answer: Answer, now: float, response_paths: Mapping[str, str] | None = None
) -> Token:
    """The token in a standard JSON token answer; TokenRefused when there is none.

    `response_paths` (authData name -> dotted path, from `authenticationResponsePath`) moves a
    standard output (`accessToken` at `data.token`) or reads a custom field
    (`refreshTokenExpiration` at `refresh_token_expires_in`), later readable as `authData.*`.
    """
    body = _json_object(answer)
    paths = {**STANDARD_OUTPUTS, **(response_paths or {})}
    found = {name: at_path(body, path) for name, path in paths.items()}
    access_token = found.pop("accessToken")
    if not isinstance(access_token, str) or not access_token:
        where = paths["accessToken"]
        named = "" if where == "access_token" else f" at {where!r} (authenticationResponsePath)"
        raise TokenRefused(f"the token endpoint answered {answer.status} without an {where}{named}")
    expires_in = lifetime(found.pop("expiresIn"))
    refresh_token = found.pop("refreshToken")
    fields = {name: _text(value) for name, value in found.items() if value is not None}
    return Token(
        access_token=access_token,
        expires_at=None if expires_in is None else now + expires_in,
        expires_in=expires_in,
        refresh_token=refresh_token if isinstance(refresh_token, str) else "",
        fields=fields,
    )


def at_path(body: Any, path: str) -> Any:
    """The value at a dotted path (`data.token`, `tokens.0.value`) in JSON, or None."""
    value = body
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _json_object(answer: Answer) -> dict[str, Any]:
    try:
        body = json.loads(answer.body or b"null")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise TokenRefused(
            f"the token endpoint answered {answer.status} with a body that is not a JSON object"
        )
    return body
