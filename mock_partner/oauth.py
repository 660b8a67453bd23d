"""The partner's own OAuth2 server: `POST /oauth/token` (four grants) and `GET /oauth/authorize`.

Errors follow RFC 6749 §5.2 (`{"error": ..., "error_description": ...}`). The authorize step
approves at once (there is no login page) and redirects back with a single-use code.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from mock_partner.answers import Answer, json_answer
from mock_partner.auth import AuthSettings, basic_pair, same_secrets
from mock_partner.records import Arrival
from mock_partner.tokens import TokenStore

TOKEN_PATH = "/oauth/token"
AUTHORIZE_PATH = "/oauth/authorize"
FORM = "application/x-www-form-urlencoded"
NO_STORE = (("cache-control", "no-store"), ("pragma", "no-cache"))

Form = dict[str, str]


class OAuthError(Exception):
    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status

    def answer(self, realm: str) -> Answer:
        extra = (("www-authenticate", f'Basic realm="{realm}"'),) if self.status == 401 else ()
        body = {"error": self.error, "error_description": self.description}
        return json_answer(self.status, body, *NO_STORE, *extra)


def token_endpoint(
    settings: AuthSettings, tokens: TokenStore, arrival: Arrival, now: float
) -> Answer:
    """Answer a token request: check the client, then run the grant it asks for."""
    if arrival.method != "POST":
        return json_answer(
            405, {"error": "invalid_request", "error_description": "use POST"}, ("allow", "POST")
        )
    try:
        form = _token_form(arrival)
        _check_client(settings, arrival, form)
        grant = GRANTS.get(form.get("grant_type", ""))
        if grant is None:
            raise _unsupported(form.get("grant_type"))
        return json_answer(200, grant(settings, tokens, form, now), *NO_STORE)
    except OAuthError as error:
        return error.answer(settings.realm)


def _token_form(arrival: Arrival) -> Form:
    if arrival.media_type() != FORM:
        raise OAuthError("invalid_request", f"the token request body must be {FORM}")
    try:
        fields = parse_qs(arrival.body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        raise OAuthError("invalid_request", "the form is not UTF-8") from None
    repeated = sorted(name for name, values in fields.items() if len(values) > 1)
    if repeated:
        raise OAuthError("invalid_request", f"parameters sent more than once: {repeated}")
    return {name: values[0] for name, values in fields.items()}


def _check_client(settings: AuthSettings, arrival: Arrival, form: Form) -> None:
    scheme, _, credentials = (arrival.header("authorization") or "").partition(" ")
    if scheme.lower() == "basic":
        if "client_secret" in form:
            raise OAuthError("invalid_request", "send client credentials one way, not both")
        client = basic_pair(credentials.strip()) or ("", "")
    else:
        client = (form.get("client_id", ""), form.get("client_secret", ""))
    if not same_secrets(client, (settings.client_id, settings.client_secret)):
        raise OAuthError("invalid_client", "unknown client or wrong client secret", 401)


def _client_credentials(
    s: AuthSettings, tokens: TokenStore, form: Form, now: float
) -> dict[str, Any]:
    return _issue(s, tokens, form.get("scope", ""), now, refresh=False)


def _password(s: AuthSettings, tokens: TokenStore, form: Form, now: float) -> dict[str, Any]:
    given = (_required(form, "username"), _required(form, "password"))
    if not same_secrets(given, (s.username, s.password)):
        raise OAuthError("invalid_grant", "wrong username or password")
    return _issue(s, tokens, form.get("scope", ""), now, refresh=s.refresh_tokens)


def _authorization_code(
    s: AuthSettings, tokens: TokenStore, form: Form, now: float
) -> dict[str, Any]:
    grant = tokens.redeem_code(_required(form, "code"), now)
    if grant is None:
        raise OAuthError("invalid_grant", "the code is unknown, already used or expired")
    if form.get("redirect_uri", grant.redirect_uri) != grant.redirect_uri:
        raise OAuthError("invalid_grant", "redirect_uri differs from the one authorized")
    return _issue(s, tokens, grant.scope, now, refresh=s.refresh_tokens)


def _refresh_token(s: AuthSettings, tokens: TokenStore, form: Form, now: float) -> dict[str, Any]:
    value = _required(form, "refresh_token")
    token = tokens.find(value, "refresh")
    if token is None or token.revoked:
        state = "revoked" if token is not None else "unknown"
        raise OAuthError("invalid_grant", f"the refresh token is {state}")
    body = _issue(s, tokens, form.get("scope", token.scope), now, refresh=False)
    return {**body, "refresh_token": value}


def _issue(
    s: AuthSettings, tokens: TokenStore, scope: str, now: float, refresh: bool
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "access_token": tokens.issue("access", s.client_id, scope, now, s.expires_in),
        "token_type": "Bearer",
        "expires_in": s.expires_in,
    }
    if scope:
        body["scope"] = scope
    if refresh:
        body["refresh_token"] = tokens.issue("refresh", s.client_id, scope, now, None)
    return body


def _required(form: Form, name: str) -> str:
    value = form.get(name, "")
    if not value:
        raise OAuthError("invalid_request", f"missing form field `{name}`")
    return value


def _unsupported(grant: str | None) -> OAuthError:
    allowed = ", ".join(GRANTS)
    if not grant:
        return OAuthError("invalid_request", f"missing form field `grant_type` (one of {allowed})")
    return OAuthError("unsupported_grant_type", f"grant_type {grant!r} is not one of {allowed}")


GRANTS: dict[str, Callable[[AuthSettings, TokenStore, Form, float], dict[str, Any]]] = {
    "client_credentials": _client_credentials,
    "password": _password,
    "authorization_code": _authorization_code,
    "refresh_token": _refresh_token,
}


def authorize_endpoint(
    settings: AuthSettings, tokens: TokenStore, arrival: Arrival, now: float
) -> Answer:
    """Approve at once: redirect to `redirect_uri` with a code (or an error and the state)."""
    if arrival.method != "GET":
        return json_answer(
            405, {"error": "invalid_request", "error_description": "use GET"}, ("allow", "GET")
        )
    params = {name: values[0] for name, values in parse_qs(arrival.query).items()}
    redirect_uri = params.get("redirect_uri", "")
    problem = _authorize_problem(settings, params.get("client_id", ""), redirect_uri)
    if problem:
        return json_answer(400, {"error": "invalid_request", "error_description": problem})
    if params.get("response_type") != "code":
        outcome = {"error": "unsupported_response_type"}
    else:
        outcome = {
            "code": tokens.new_code(settings.client_id, redirect_uri, params.get("scope", ""), now)
        }
    if "state" in params:
        outcome["state"] = params["state"]
    joiner = "&" if urlsplit(redirect_uri).query else "?"
    return Answer(302, b"", (("location", redirect_uri + joiner + urlencode(outcome)),))


def _authorize_problem(settings: AuthSettings, client_id: str, redirect_uri: str) -> str | None:
    if not secrets.compare_digest(client_id.encode(), settings.client_id.encode()):
        return "unknown client_id"
    parts = urlsplit(redirect_uri)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "redirect_uri must be an absolute http(s) URL"
    return None
