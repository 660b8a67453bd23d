"""No secret appears in any recorded call; the redaction helpers others reuse for display."""

from __future__ import annotations

import base64
import json
from dataclasses import replace

import httpx
import pytest

from sandbox.delivery import BEST_EFFORT_RETRIES, Deliverer, redact_headers, redact_text
from sandbox.delivery.redaction import credential_secrets
from sandbox.destinations.credentials import Credentials
from sandbox.events import HttpCall, HttpCallRecorded
from tests.test_delivery_kit import PARTNER, ScriptedPartner, outgoing


def echo(request: httpx.Request) -> httpx.Response:
    """A careless partner: echoes every request header and the body back, in headers and body."""
    headers = [(f"X-Echo-{k}", v) for k, v in request.headers.items()]
    payload = {"headers": dict(request.headers), "body": request.content.decode()}
    return httpx.Response(
        401 if "stale" in request.headers.get("Authorization", "") else 200,
        headers=headers,
        json=payload,
    )


def token_issuer(request: httpx.Request) -> httpx.Response:
    number = len(request.content)  # a different token per request body
    return httpx.Response(
        200,
        json={
            "access_token": f"issued-access-{number}",
            "refresh_token": f"issued-refresh-{number}",
            "id_token": "issued-id-token",
            "expires_in": 86400,
            "echo": request.content.decode(),
        },
    )


def everything_recorded(events) -> str:
    calls: list[HttpCall] = [e.call for e in events if isinstance(e, HttpCallRecorded)]
    assert calls
    return "\n".join(repr(call) for call in calls)


CASES = [
    pytest.param(
        Credentials(
            auth_type="BASIC",
            username="ann",
            password="basic-pass-1",
            auth_data={"apiKey": "custom-api-key-1"},
        ),
        id="basic",
    ),
    pytest.param(
        Credentials(
            auth_type="BEARER",
            token="static-bearer-1",
            auth_data={"partnerSecret": "custom-api-key-1"},
        ),
        id="bearer",
    ),
    pytest.param(
        Credentials(
            auth_type="OAUTH2",
            grant="OAUTH2_PASSWORD",
            client_id="cid",
            client_secret="csecret-1",
            username="ann",
            password="oauth-pass-1",
            access_token_url=f"{PARTNER}/token",
            auth_data={"apiKey": "custom-api-key-1", "region": "EU"},
        ),
        id="oauth-password",
    ),
    pytest.param(
        Credentials(
            auth_type="OAUTH2",
            grant="OAUTH2_AUTHORIZATION_CODE",
            client_id="cid",
            client_secret="csecret-2",
            token="stale-held-token",
            refresh_token="held-refresh-1",
            authorization_code="auth-code-1",
            access_token_url=f"{PARTNER}/token",
            use_basic_auth=True,
            auth_data={"signingKey": "custom-api-key-1"},
        ),
        id="oauth-refresh-after-401",
    ),
]


@pytest.mark.parametrize("credentials", CASES)
async def test_no_secret_appears_in_any_recorded_call(credentials, clock, bus, events):
    partner = ScriptedPartner(clock).on("/ingest", echo).on("/token", token_issuer)
    secret_body = json.dumps({"note": "the template leaked", "key": "custom-api-key-1"})
    request = replace(outgoing(), body=secret_body)
    outcome = await Deliverer(partner.client(), clock, bus).deliver(
        request, credentials, BEST_EFFORT_RETRIES
    )
    assert outcome.delivered
    recorded = everything_recorded(events)
    secrets = [*credentials.secrets(), "custom-api-key-1", "issued-id-token"]
    secrets += [f"issued-{kind}-{n}" for kind in ("access", "refresh") for n in range(400)]
    if credentials.auth_type == "BASIC":
        secrets.append(base64.b64encode(b"ann:basic-pass-1").decode())
    if credentials.use_basic_auth:
        secrets.append(base64.b64encode(b"cid:csecret-2").decode())
    leaked = [secret for secret in secrets if secret in recorded]
    assert leaked == []
    assert "***" in recorded


def test_redact_text_masks_known_values_and_secret_fields():
    text = 'url?code=abc&x=1 {"access_token": "zzz", "name": "Ann", "refreshToken": "r\\"q"} pw1234'
    assert redact_text(text, ["pw1234"]) == (
        'url?code=***&x=1 {"access_token": "***", "name": "Ann", "refreshToken": "***"} ***'
    )


def test_redact_text_masks_form_fields():
    form = "grant_type=password&username=ann&password=hunter2&client_secret=s"
    assert redact_text(form) == "grant_type=password&username=ann&password=***&client_secret=***"


def test_redact_text_leaves_short_values_and_ordinary_codes_alone():
    text = '{"code": "US", "countryCode": "x"}'
    assert redact_text(text, ["x", "US"]) == text


def test_redact_headers_keeps_the_scheme_and_masks_by_name_and_value():
    headers = (
        ("Authorization", "Bearer abc.def"),
        ("X-Partner-Key", "raw-key"),
        ("X-Trace", "has secret-value-9 inside"),
        ("Cookie", "session=1"),
        ("Content-Type", "application/json"),
    )
    assert redact_headers(headers, ["secret-value-9"], names=["x-partner-key"]) == (
        ("Authorization", "Bearer ***"),
        ("X-Partner-Key", "***"),
        ("X-Trace", "has *** inside"),
        ("Cookie", "***"),
        ("Content-Type", "application/json"),
    )


def test_secrets_are_also_hidden_in_their_form_and_json_encodings():
    credentials = Credentials(auth_type="BASIC", username="ann", password='p&ss "word" 1')
    secrets = credential_secrets(credentials)
    form = "user=ann&pw=p%26ss+%22word%22+1"
    body = json.dumps({"pw": 'p&ss "word" 1'})
    assert redact_text(form, secrets) == "user=ann&pw=***"
    assert redact_text(body, secrets) == '{"pw": "***"}'
