"""OAuth2 on activation calls (§4.2, §11.7): the three grants, refresh on expiry and on a 401."""

from __future__ import annotations

import asyncio
import base64
from dataclasses import replace

import httpx
import pytest

from sandbox.clock import VirtualClock
from sandbox.delivery import BEST_EFFORT_RETRIES, Deliverer
from sandbox.delivery.oauth_grants import ADOBE_CALLBACK
from sandbox.delivery.outcome import ExportOutcome
from sandbox.destinations.credentials import Credentials
from sandbox.events import EventBus, HttpCallRecorded, TokenRefreshed
from tests.test_delivery_kit import PARTNER, ScriptedPartner, Seen, outgoing, token_answer

TOKEN_URL = f"{PARTNER}/oauth/token"
CLIENT = Credentials(
    auth_type="OAUTH2",
    grant="OAUTH2_CLIENT_CREDENTIALS",
    client_id="sandbox-client",
    client_secret="client-secret-42",
    access_token_url=TOKEN_URL,
    scope=("audiences.write", "profiles"),
)


async def deliver(
    partner: ScriptedPartner,
    clock: VirtualClock,
    bus: EventBus,
    credentials: Credentials,
    deliverer: Deliverer | None = None,
    export_id: str = "e1",
) -> ExportOutcome:
    deliverer = deliverer or Deliverer(partner.client(), clock, bus)
    return await deliverer.deliver(outgoing(export_id=export_id), credentials, BEST_EFFORT_RETRIES)


def bearer(seen: Seen) -> str:
    return str(seen.request.headers.get("Authorization", ""))


async def test_client_credentials_sends_the_standard_form_then_uses_the_token(clock, bus, events):
    partner = ScriptedPartner(clock).on("/oauth/token", token_answer("tok-A")).on("/ingest", 200)
    outcome = await deliver(partner, clock, bus, CLIENT)
    [token_call] = partner.at("/oauth/token")
    assert token_call.request.method == "POST"
    assert token_call.request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert token_call.form == {
        "grant_type": "client_credentials",
        "client_id": "sandbox-client",
        "client_secret": "client-secret-42",
        "scope": "audiences.write profiles",
    }
    assert "Authorization" not in token_call.request.headers
    assert bearer(partner.at("/ingest")[0]) == "Bearer tok-A"
    assert outcome.delivered
    refreshed = [e for e in events if isinstance(e, TokenRefreshed)]
    assert refreshed == [TokenRefreshed(clock.now(), "moviestar", clock.now() + 86400, "initial")]
    purposes = [e.call.purpose for e in events if isinstance(e, HttpCallRecorded)]
    assert purposes == ["token", "activation"]


async def test_use_basic_auth_puts_the_client_in_a_basic_header(clock, bus):
    partner = ScriptedPartner(clock).on("/oauth/token", token_answer("tok-A")).on("/ingest", 200)
    await deliver(partner, clock, bus, replace(CLIENT, use_basic_auth=True))
    [token_call] = partner.at("/oauth/token")
    expected = base64.b64encode(b"sandbox-client:client-secret-42").decode()
    assert token_call.request.headers["Authorization"] == f"Basic {expected}"
    assert "client_secret" not in token_call.form and "client_id" not in token_call.form


async def test_password_grant_sends_the_user_credentials(clock, bus):
    partner = ScriptedPartner(clock).on("/oauth/token", token_answer("tok-P")).on("/ingest", 200)
    credentials = replace(
        CLIENT, grant="OAUTH2_PASSWORD", username="ann", password="ann-password", scope=()
    )
    await deliver(partner, clock, bus, credentials)
    form = partner.at("/oauth/token")[0].form
    assert (form["grant_type"], form["username"], form["password"]) == (
        "password",
        "ann",
        "ann-password",
    )
    assert "scope" not in form


async def test_authorization_code_exchanges_the_code_with_adobes_callback(clock, bus):
    partner = ScriptedPartner(clock).on("/oauth/token", token_answer("tok-C")).on("/ingest", 200)
    credentials = replace(CLIENT, grant="OAUTH2_AUTHORIZATION_CODE", authorization_code="code-xyz")
    await deliver(partner, clock, bus, credentials)
    form = partner.at("/oauth/token")[0].form
    assert (form["grant_type"], form["code"], form["redirect_uri"]) == (
        "authorization_code",
        "code-xyz",
        ADOBE_CALLBACK,
    )
    assert bearer(partner.at("/ingest")[0]) == "Bearer tok-C"


AUTH_CODE_HELD = replace(
    CLIENT,
    grant="OAUTH2_AUTHORIZATION_CODE",
    token="held-token-1",
    refresh_token="refresh-1",
    refresh_token_url=f"{PARTNER}/oauth/refresh",
    expires_in=86400,
)


async def test_a_held_token_is_used_and_a_401_refreshes_it_once(clock, bus, events):
    partner = (
        ScriptedPartner(clock)
        .on("/oauth/refresh", token_answer("tok-new", refresh="refresh-2"))
        .on("/ingest", 401, 200)
    )
    outcome = await deliver(partner, clock, bus, AUTH_CODE_HELD)
    first, second = partner.at("/ingest")
    assert (bearer(first), bearer(second)) == ("Bearer held-token-1", "Bearer tok-new")
    [refresh] = partner.at("/oauth/refresh")
    assert refresh.form["grant_type"] == "refresh_token"
    assert refresh.form["refresh_token"] == "refresh-1"
    assert (outcome.delivered, outcome.attempts) == (True, 1)
    assert [c.status for c in outcome.calls] == [401, 200]
    assert [c.attempt for c in outcome.calls] == [1, 1]
    [event] = [e for e in events if isinstance(e, TokenRefreshed)]
    assert event.trigger == "401"


async def test_a_second_401_after_the_refresh_drops_the_export(clock, bus):
    partner = (
        ScriptedPartner(clock).on("/oauth/refresh", token_answer("tok-new")).on("/ingest", 401)
    )
    outcome = await deliver(partner, clock, bus, AUTH_CODE_HELD)
    assert len(partner.at("/oauth/refresh")) == 1 and len(partner.at("/ingest")) == 2
    assert not outcome.delivered
    assert outcome.reason.startswith(
        "the partner answered 401 Unauthorized with a freshly obtained token; 401 is not retried"
    )


async def test_a_token_past_expires_in_on_the_simulation_clock_is_refreshed(clock, bus, events):
    partner = (
        ScriptedPartner(clock)
        .on("/oauth/token", token_answer("tok-1", expires_in=7200), token_answer("tok-2"))
        .on("/ingest", 200)
    )
    deliverer = Deliverer(partner.client(), clock, bus)
    await deliver(partner, clock, bus, CLIENT, deliverer, "e1")
    await clock.advance(7199)
    await deliver(partner, clock, bus, CLIENT, deliverer, "e2")
    assert len(partner.at("/oauth/token")) == 1
    await clock.advance(1)
    await deliver(partner, clock, bus, CLIENT, deliverer, "e3")
    assert len(partner.at("/oauth/token")) == 2
    assert [bearer(s) for s in partner.at("/ingest")] == [
        "Bearer tok-1",
        "Bearer tok-1",
        "Bearer tok-2",
    ]
    triggers = [e.trigger for e in events if isinstance(e, TokenRefreshed)]
    assert triggers == ["initial", "expired"]


async def test_a_token_living_under_an_hour_warns_once(clock, bus):
    partner = (
        ScriptedPartner(clock)
        .on("/oauth/token", token_answer("tok-1", expires_in=600))
        .on("/ingest", 200)
    )
    deliverer = Deliverer(partner.client(), clock, bus)
    await deliver(partner, clock, bus, CLIENT, deliverer, "e1")
    await clock.advance(600)
    await deliver(partner, clock, bus, CLIENT, deliverer, "e2")
    [warning] = deliverer.warnings
    assert warning.severity == "warning" and warning.location == "expiresIn"
    assert "600 s, under 1 hour" in warning.message


async def test_a_day_long_token_gives_no_warning(clock, bus):
    partner = ScriptedPartner(clock).on("/oauth/token", token_answer("tok")).on("/ingest", 200)
    deliverer = Deliverer(partner.client(), clock, bus)
    await deliver(partner, clock, bus, CLIENT, deliverer)
    assert deliverer.warnings == []


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        pytest.param(
            httpx.Response(401, json={"error": "invalid_client", "error_description": "bad"}),
            "credentials refused: the token endpoint answered 401 (invalid_client: bad)",
            id="401",
        ),
        pytest.param(
            httpx.Response(400, text="no such grant"),
            "credentials refused: the token endpoint answered 400 (no such grant)",
            id="400-text",
        ),
        pytest.param(
            httpx.Response(200, json={"token_type": "Bearer"}),
            "the token endpoint answered 200 without an access_token",
            id="no-token",
        ),
        pytest.param(
            httpx.Response(200, text="<html>login</html>"),
            "the token endpoint answered 200 with a body that is not a JSON object",
            id="not-json",
        ),
        pytest.param(
            httpx.Response(200, json={"access_token": "t", "expires_in": "soon"}),
            "expires_in is 'soon', not a number of seconds",
            id="bad-expiry",
        ),
    ],
)
async def test_a_refused_credential_drops_the_export_with_the_reason(
    answer, reason, clock, bus, events
):
    partner = ScriptedPartner(clock).on("/oauth/token", answer).on("/ingest", 200)
    outcome = await deliver(partner, clock, bus, CLIENT)
    assert partner.at("/ingest") == []
    assert (outcome.delivered, outcome.attempts, outcome.calls) == (False, 1, ())
    assert outcome.reason.startswith(reason)
    assert outcome.reason.endswith("not retried (it cannot succeed later)")
    assert [e.call.purpose for e in events if isinstance(e, HttpCallRecorded)] == ["token"]


async def test_an_unavailable_token_endpoint_is_retried_by_the_policy(clock, bus):
    partner = (
        ScriptedPartner(clock)
        .on("/oauth/token", 503, httpx.ConnectError("refused"), token_answer("tok"))
        .on("/ingest", 200)
    )
    t0 = clock.now()
    task = asyncio.create_task(deliver(partner, clock, bus, CLIENT))
    await clock.advance(45)
    outcome: ExportOutcome = await task
    assert (outcome.delivered, outcome.attempts) == (True, 3)
    assert [s.at - t0 for s in partner.at("/oauth/token")] == [0, 15, 45]


async def test_an_authorization_code_grant_with_nothing_to_start_from_is_refused(clock, bus):
    partner = ScriptedPartner(clock).on("/ingest", 200)
    credentials = replace(CLIENT, grant="OAUTH2_AUTHORIZATION_CODE")
    outcome = await deliver(partner, clock, bus, credentials)
    assert partner.received == []
    assert "holds no access token, authorization code or refresh token" in outcome.reason


async def test_concurrent_exports_share_one_token_request(clock, bus):
    partner = ScriptedPartner(clock).on("/oauth/token", token_answer("tok")).on("/ingest", 200)
    deliverer = Deliverer(partner.client(), clock, bus)
    outcomes = await asyncio.gather(
        *(deliver(partner, clock, bus, CLIENT, deliverer, f"e{n}") for n in range(8))
    )
    assert all(o.delivered for o in outcomes)
    assert len(partner.at("/oauth/token")) == 1


async def test_concurrent_401s_refresh_the_token_once(clock, bus):
    partner = (
        ScriptedPartner(clock)
        .on("/oauth/refresh", token_answer("tok-new"))
        .on(
            "/ingest",
            lambda r: httpx.Response(
                200 if r.headers["Authorization"] == "Bearer tok-new" else 401
            ),
        )
    )
    deliverer = Deliverer(partner.client(), clock, bus)
    outcomes = await asyncio.gather(
        *(deliver(partner, clock, bus, AUTH_CODE_HELD, deliverer, f"e{n}") for n in range(4))
    )
    assert all(o.delivered for o in outcomes)
    assert len(partner.at("/oauth/refresh")) == 1
