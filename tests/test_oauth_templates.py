"""Token requests through `accessTokenRequest` templates (§4.3), with the real Pebble engine."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from typing import Any

import httpx
import pytest

from sandbox.delivery import BEST_EFFORT_RETRIES, Deliverer
from sandbox.delivery.outcome import ExportOutcome
from sandbox.destinations.credentials import Credentials
from sandbox.events import EventBus, HttpCallRecorded, TokenRefreshed
from tests.test_delivery_kit import ScriptedPartner, outgoing, token_answer
from tests.test_destination_fixtures import EXAMPLES

EXAMPLE = json.loads((EXAMPLES / "audiencehub-oauth2" / "destination.json").read_text())
BLOCK: dict[str, Any] = EXAMPLE["customerAuthenticationConfigurations"][0]["accessTokenRequest"]

CREDENTIALS = Credentials(
    auth_type="OAUTH2",
    grant="OAUTH2_CLIENT_CREDENTIALS",
    client_id="hub client",
    client_secret="hub&secret-1",
    auth_data={"clientId": "hub client", "clientSecret": "hub&secret-1", "tenant": "acme"},
    access_token_request=BLOCK,
)


def with_block(**changes: Any) -> Credentials:
    block = copy.deepcopy(BLOCK)
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = block
        for name in parents:
            target = target[name]
        target[last] = value
    return replace(CREDENTIALS, access_token_request=block)


async def deliver(
    partner: ScriptedPartner, clock: Any, bus: EventBus, credentials: Credentials
) -> ExportOutcome:
    return await Deliverer(partner.client(), clock, bus).deliver(
        outgoing(), credentials, BEST_EFFORT_RETRIES
    )


async def test_the_example_token_request_is_rendered_and_its_answer_read(clock, bus, events):
    partner = (
        ScriptedPartner(clock)
        .on("/oauth/token", token_answer("hub-token-1", expires_in=7200))
        .on("/ingest", 200)
    )
    outcome = await deliver(partner, clock, bus, CREDENTIALS)
    [token_call] = partner.at("/oauth/token")
    assert str(token_call.request.url) == "http://127.0.0.1:8787/oauth/token"
    assert token_call.request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert token_call.request.content == (
        b"grant_type=client_credentials&client_id=hub+client&client_secret=hub%26secret-1"
    )
    assert partner.at("/ingest")[0].request.headers["Authorization"] == "Bearer hub-token-1"
    assert outcome.delivered
    [refreshed] = [e for e in events if isinstance(e, TokenRefreshed)]
    assert refreshed.expires_at == clock.now() + 7200


async def test_a_failed_validation_refuses_the_credential(clock, bus):
    credentials = with_block(
        validations=[
            {
                "name": "token type",
                "actualValue": {
                    "templatingStrategy": "PEBBLE_V1",
                    "value": "{{ response.body.token_type }}",
                },
                "expectedValue": {"templatingStrategy": "NONE", "value": "mac"},
            }
        ]
    )
    partner = ScriptedPartner(clock).on("/oauth/token", token_answer("t")).on("/ingest", 200)
    outcome = await deliver(partner, clock, bus, credentials)
    assert partner.at("/ingest") == []
    assert outcome.reason.startswith(
        "token validation 'token type' failed: expected 'mac', got 'Bearer'"
    )


async def test_a_refused_templated_request_is_a_clear_outcome(clock, bus):
    partner = (
        ScriptedPartner(clock)
        .on("/oauth/token", httpx.Response(401, json={"error": "invalid_client"}))
        .on("/ingest", 200)
    )
    outcome = await deliver(partner, clock, bus, CREDENTIALS)
    assert outcome.reason.startswith(
        "credentials refused: the token endpoint answered 401 (invalid_client)"
    )


async def test_headers_and_url_are_templates_and_other_response_fields_become_auth_data(clock, bus):
    credentials = with_block(
        urlBasedDestination__url={
            "templatingStrategy": "PEBBLE_V1",
            "value": "http://idp.test/{{ authData.tenant }}/token{{ authData.round }}",
        },
        httpTemplate__headers=[{"header": "X-Tenant", "value": "{{ authData.tenant | upper }}"}],
        responseFields=[
            *BLOCK["responseFields"],
            {"name": "round", "templatingStrategy": "PEBBLE_V1", "value": "-again"},
        ],
    )
    partner = (
        ScriptedPartner(clock)
        .on("/acme/token", token_answer("t1", expires_in=3600))
        .on("/acme/token-again", token_answer("t2"))
        .on("/ingest", 200)
    )
    deliverer = Deliverer(partner.client(), clock, bus)
    await deliverer.deliver(outgoing(), credentials, BEST_EFFORT_RETRIES)
    await clock.advance(3600)
    await deliverer.deliver(outgoing(export_id="e2"), credentials, BEST_EFFORT_RETRIES)
    first, second = partner.at("/acme/token")[0], partner.at("/acme/token-again")[0]
    assert first.request.headers["X-Tenant"] == "ACME"
    assert second.request.headers["X-Tenant"] == "ACME"
    assert [s.request.headers["Authorization"] for s in partner.at("/ingest")] == [
        "Bearer t1",
        "Bearer t2",
    ]


@pytest.mark.parametrize(
    ("credentials", "reason"),
    [
        pytest.param(
            with_block(
                httpTemplate__requestBody={"templatingStrategy": "PEBBLE_V1", "value": "{{"}
            ),
            "a token request template failed: accessTokenRequest.httpTemplate.requestBody",
            id="broken-template",
        ),
        pytest.param(
            with_block(httpTemplate__httpMethod="FETCH"),
            "accessTokenRequest.httpTemplate.httpMethod:",
            id="bad-method",
        ),
        pytest.param(
            with_block(responseFields=[]),
            "the responseFields gave no accessToken",
            id="no-access-token-field",
        ),
    ],
)
async def test_a_wrong_token_block_refuses_the_credential_with_its_field(
    credentials, reason, clock, bus
):
    partner = ScriptedPartner(clock).on("/oauth/token", token_answer("t")).on("/ingest", 200)
    outcome = await deliver(partner, clock, bus, credentials)
    assert not outcome.delivered and partner.at("/ingest") == []
    assert outcome.reason.startswith(reason), outcome.reason


async def test_the_templated_token_call_is_recorded_without_secrets(clock, bus, events):
    answer = httpx.Response(200, json={"access_token": "hub-token-9", "expires_in": 86400})
    partner = ScriptedPartner(clock).on("/oauth/token", answer).on("/ingest", 200)
    await deliver(partner, clock, bus, CREDENTIALS)
    token_call = next(
        e.call for e in events if isinstance(e, HttpCallRecorded) and e.call.purpose == "token"
    )
    recorded = repr(token_call)
    assert "hub-token-9" not in recorded and "secret-1" not in recorded
    assert "client_secret=***" in token_call.request_body
