"""Credentials the partner requires (basic, bearer, OAuth2) and its OAuth2 server's four grants."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from mock_partner import AuthSettings, PartnerState
from mock_partner.tokens import MAX_TOKENS, TokenStore

CLIENT = {"client_id": "sandbox-client", "client_secret": "sandbox-secret"}
CALLBACK = "https://platform.adobe.io/data/core/activation/oauth/api/v1/callback"


def require(state: PartnerState, kind: str, **settings: Any) -> None:
    state.set_auth(AuthSettings.model_validate({"type": kind, **settings}))


async def token(client: httpx.AsyncClient, **form: str) -> httpx.Response:
    return await client.post("/oauth/token", data=form)


async def test_no_auth_by_default(client):
    assert (await client.post("/v1", json={})).status_code == 200


async def test_basic_auth_accepts_the_right_pair_only(client, state):
    require(state, "basic", username="ada", password="s3cret")

    good = await client.post("/v1", json={}, auth=("ada", "s3cret"))
    wrong = await client.post("/v1", json={}, auth=("ada", "nope"))
    missing = await client.post("/v1", json={})

    assert good.status_code == 200
    assert wrong.status_code == missing.status_code == 401
    assert wrong.headers["www-authenticate"] == 'Basic realm="mock_partner", charset="UTF-8"'
    assert wrong.json()["message"] == "wrong username or password"
    assert [r.answer.status for r in state.received] == [200, 401, 401]


async def test_malformed_basic_credentials_are_a_401(client, state):
    require(state, "basic")

    response = await client.post("/v1", json={}, headers={"authorization": "Basic %%%"})

    assert response.status_code == 401


async def test_bearer_auth_accepts_the_fixed_token_only(client, state):
    require(state, "bearer", token="t0k")

    good = await client.post("/v1", json={}, headers={"authorization": "Bearer t0k"})
    wrong = await client.post("/v1", json={}, headers={"authorization": "Bearer other"})
    basic = await client.post("/v1", json={}, auth=("a", "b"))

    assert good.status_code == 200
    assert wrong.status_code == basic.status_code == 401
    assert wrong.headers["www-authenticate"] == 'Bearer realm="mock_partner", error="invalid_token"'
    assert basic.headers["www-authenticate"] == 'Bearer realm="mock_partner"'


async def test_client_credentials_with_form_fields_gives_a_token_the_endpoints_accept(
    client, state
):
    require(state, "oauth2", expires_in=7200)

    issued = await token(client, grant_type="client_credentials", scope="write", **CLIENT)
    body = issued.json()
    call = await client.post(
        "/v1", json={}, headers={"authorization": f"Bearer {body['access_token']}"}
    )

    assert issued.status_code == 200
    assert issued.headers["cache-control"] == "no-store"
    assert body["token_type"] == "Bearer" and body["expires_in"] == 7200
    assert body["scope"] == "write" and "refresh_token" not in body
    assert call.status_code == 200
    assert [r.path for r in state.received] == ["/oauth/token", "/v1"]


async def test_client_credentials_with_http_basic(client):
    response = await client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(CLIENT["client_id"], CLIENT["client_secret"]),
    )

    assert response.status_code == 200


async def test_a_wrong_client_is_a_401_invalid_client(client):
    response = await token(
        client, grant_type="client_credentials", client_id="sandbox-client", client_secret="wrong"
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.headers["www-authenticate"].startswith("Basic")


async def test_password_grant_checks_the_resource_owner(client):
    good = await token(
        client,
        grant_type="password",
        username="sandbox-user",
        password="sandbox-password",
        **CLIENT,
    )
    bad = await token(
        client, grant_type="password", username="sandbox-user", password="guess", **CLIENT
    )

    assert good.status_code == 200 and "refresh_token" in good.json()
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_grant"


async def authorize(client: httpx.AsyncClient, **params: str) -> httpx.Response:
    query = {
        "response_type": "code",
        "client_id": "sandbox-client",
        "redirect_uri": CALLBACK,
        "state": "xyz",
        "scope": "segments",
        **params,
    }
    return await client.get("/oauth/authorize", params=query)


async def test_authorization_code_flow_redirects_with_a_single_use_code(client, state):
    require(state, "oauth2")

    redirect = await authorize(client)
    location = urlsplit(redirect.headers["location"])
    params = parse_qs(location.query)
    code = params["code"][0]
    exchange = dict(grant_type="authorization_code", code=code, redirect_uri=CALLBACK, **CLIENT)
    first = await token(client, **exchange)
    second = await token(client, **exchange)

    assert redirect.status_code == 302
    assert f"{location.scheme}://{location.netloc}{location.path}" == CALLBACK
    assert params["state"] == ["xyz"]
    assert first.status_code == 200
    assert first.json()["scope"] == "segments" and "refresh_token" in first.json()
    assert second.status_code == 400 and second.json()["error"] == "invalid_grant"


async def test_an_authorization_code_must_be_redeemed_with_the_same_redirect(client):
    code = parse_qs(urlsplit((await authorize(client)).headers["location"]).query)["code"][0]

    response = await token(
        client,
        grant_type="authorization_code",
        code=code,
        redirect_uri="https://elsewhere.example/cb",
        **CLIENT,
    )

    assert response.status_code == 400
    assert "redirect_uri" in response.json()["error_description"]


async def test_an_authorization_code_expires(client, wall):
    code = parse_qs(urlsplit((await authorize(client)).headers["location"]).query)["code"][0]
    wall.now += 601

    response = await token(client, grant_type="authorization_code", code=code, **CLIENT)

    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


@pytest.mark.parametrize(
    ("params", "status", "error"),
    [
        ({"client_id": "stranger"}, 400, "invalid_request"),
        ({"redirect_uri": "not-a-url"}, 400, "invalid_request"),
        ({"response_type": "token"}, 302, "unsupported_response_type"),
    ],
)
async def test_authorize_refusals(client, params, status, error):
    response = await authorize(client, **params)

    assert response.status_code == status
    if status == 302:
        query = parse_qs(urlsplit(response.headers["location"]).query)
        assert query == {"error": [error], "state": ["xyz"]}
    else:
        assert response.json()["error"] == error


async def test_tokens_expire_on_the_partner_clock_and_refresh_gives_a_new_one(client, state, wall):
    require(state, "oauth2", expires_in=60)
    issued = (
        await token(
            client,
            grant_type="password",
            username="sandbox-user",
            password="sandbox-password",
            **CLIENT,
        )
    ).json()
    bearer = {"authorization": f"Bearer {issued['access_token']}"}

    fresh = await client.post("/v1", json={}, headers=bearer)
    wall.now += 60
    stale = await client.post("/v1", json={}, headers=bearer)
    refreshed = await token(
        client, grant_type="refresh_token", refresh_token=issued["refresh_token"], **CLIENT
    )
    renewed = {"authorization": f"Bearer {refreshed.json()['access_token']}"}
    again = await client.post("/v1", json={}, headers=renewed)

    assert fresh.status_code == 200
    assert stale.status_code == 401
    assert 'error_description="the access token expired"' in stale.headers["www-authenticate"]
    assert refreshed.status_code == 200
    assert refreshed.json()["refresh_token"] == issued["refresh_token"]
    assert again.status_code == 200


async def test_admin_expire_forces_a_401_and_refresh_still_works(client, state):
    require(state, "oauth2")
    issued = (
        await token(
            client,
            grant_type="password",
            username="sandbox-user",
            password="sandbox-password",
            **CLIENT,
        )
    ).json()
    bearer = {"authorization": f"Bearer {issued['access_token']}"}

    expired = await client.post("/_admin/oauth/expire")
    refused = await client.post("/v1", json={}, headers=bearer)
    refreshed = await token(
        client, grant_type="refresh_token", refresh_token=issued["refresh_token"], **CLIENT
    )

    assert expired.json() == {"expired": 1}
    assert refused.status_code == 401
    assert refreshed.status_code == 200


async def test_admin_revoke_one_token_kills_refresh_too(client, state):
    require(state, "oauth2")
    issued = (
        await token(
            client,
            grant_type="password",
            username="sandbox-user",
            password="sandbox-password",
            **CLIENT,
        )
    ).json()

    revoked = await client.post("/_admin/oauth/revoke", json={"token": issued["refresh_token"]})
    refresh = await token(
        client, grant_type="refresh_token", refresh_token=issued["refresh_token"], **CLIENT
    )
    listed = (await client.get("/_admin/oauth/tokens")).json()["tokens"]

    assert revoked.json() == {"revoked": 1}
    assert refresh.status_code == 400
    assert refresh.json()["error_description"] == "the refresh token is revoked"
    assert sorted((t["kind"], t["state"]) for t in listed) == [
        ("access", "valid"),
        ("refresh", "revoked"),
    ]


async def test_revoking_every_token_refuses_the_access_token(client, state):
    require(state, "oauth2")
    access = (await token(client, grant_type="client_credentials", **CLIENT)).json()
    await client.post("/_admin/oauth/revoke", json={})

    response = await client.post(
        "/v1", json={}, headers={"authorization": f"Bearer {access['access_token']}"}
    )

    assert response.status_code == 401
    assert "revoked" in response.headers["www-authenticate"]


async def test_an_unknown_bearer_token_is_refused(client, state):
    require(state, "oauth2")

    response = await client.post("/v1", json={}, headers={"authorization": "Bearer made-up"})

    assert response.status_code == 401
    assert response.json()["message"] == "the access token is unknown"


@pytest.mark.parametrize(
    ("request_kwargs", "status", "error"),
    [
        ({"data": {"grant_type": "implicit", **CLIENT}}, 400, "unsupported_grant_type"),
        ({"data": CLIENT}, 400, "invalid_request"),
        ({"json": {"grant_type": "client_credentials", **CLIENT}}, 400, "invalid_request"),
        (
            {"data": {"grant_type": "refresh_token", "refresh_token": "nope", **CLIENT}},
            400,
            "invalid_grant",
        ),
        ({"data": {"grant_type": "authorization_code", **CLIENT}}, 400, "invalid_request"),
        (
            {
                "content": b"grant_type=password&grant_type=password",
                "headers": {"content-type": "application/x-www-form-urlencoded"},
            },
            400,
            "invalid_request",
        ),
    ],
    ids=["unsupported", "no-grant", "json-body", "unknown-refresh", "no-code", "repeated"],
)
async def test_token_endpoint_refusals_follow_rfc6749(client, request_kwargs, status, error):
    response = await client.post("/oauth/token", **request_kwargs)

    assert response.status_code == status
    assert response.json()["error"] == error
    assert response.json()["error_description"]


async def test_the_token_endpoint_wants_post(client):
    response = await client.get("/oauth/token")

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


async def test_auth_settings_through_the_admin_api(client):
    put = await client.put("/_admin/auth", json={"type": "bearer", "token": "abc"})
    bad = await client.put("/_admin/auth", json={"type": "kerberos"})

    assert put.json()["type"] == "bearer"
    shown = await client.get("/_admin/auth")
    assert shown.json()["token"] == "***" and "abc" not in shown.text + put.text  # never in clear
    answer = await client.post("/v1", json={}, headers={"Authorization": "Bearer abc"})
    assert answer.status_code == 200
    assert bad.status_code == 422
    assert bad.json()["details"][0]["location"] == "type"


async def test_faults_apply_to_the_token_endpoint_too(client, state):
    await client.post("/_admin/faults", json={"match": {"path": "/oauth/*"}, "status": 503})

    response = await token(client, grant_type="client_credentials", **CLIENT)

    assert response.status_code == 503


def test_the_token_store_stays_bounded():
    store = TokenStore()
    for _ in range(MAX_TOKENS + 10):
        store.issue("access", "c", "", 0.0, 3600)

    assert len(store.describe(0.0)) <= MAX_TOKENS
