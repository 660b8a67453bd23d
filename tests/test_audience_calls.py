"""Audience calls rendered from Adobe's documented templates, judged, retried per §5.1, recorded."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from sandbox.clock import VirtualClock
from sandbox.delivery import BEST_EFFORT_RETRIES, Deliverer
from sandbox.delivery.audience_calls import AudienceCaller, AudienceCallResult
from sandbox.destinations.audience_templates import audience_template_from_data
from sandbox.destinations.credentials import Credentials
from sandbox.destinations.pebble import PebbleEngine
from sandbox.events import (
    AudienceCallFinished,
    AudienceOperation,
    Event,
    EventBus,
    HttpCallRecorded,
)
from tests.test_delivery_kit import Answer, ScriptedPartner

FIXTURES = Path(__file__).parent / "fixtures" / "audience_templates"
SEGMENT = {
    "id": "5b1e-gold",
    "name": "Gold members",
    "description": "Loyalty tier gold",
    "alias": "",
    "metadata": {},
}
TOKEN = "tok-123456789"


def section(example: str, operation: str) -> Any:
    data = json.loads((FIXTURES / f"{example}.json").read_text())
    template, _ = audience_template_from_data(data, example, None, PebbleEngine())
    found = template.metadata_template.section(operation)
    assert found is not None
    return found


async def call(
    clock: VirtualClock,
    bus: EventBus,
    example: str,
    operation: AudienceOperation,
    path: str,
    *answers: Answer,
    segment: dict[str, Any] = SEGMENT,
) -> tuple[ScriptedPartner, AudienceCallResult]:
    partner = ScriptedPartner(clock).on(path, *answers)
    async with partner.client() as client:
        caller = AudienceCaller(
            Deliverer(client, clock, bus),
            Credentials(auth_type="BEARER", token=TOKEN),
            {"id": "dest-1", "name": "Moviestar"},
            BEST_EFFORT_RETRIES,
            PebbleEngine(autoescape=True),
            None,
            clock=clock,
            bus=bus,
            customer_data={"accountId": "1234"},
        )
        task = asyncio.create_task(caller.call(operation, section(example, operation), segment))
        while not task.done():
            await clock.settle()
            if not task.done() and clock.next_timer is not None:
                await clock.run_until(clock.next_timer)
        return partner, task.result()


async def test_adobe_example_1_create_sends_the_documented_request(
    clock: VirtualClock, bus: EventBus, events: list[Event]
) -> None:
    answer = httpx.Response(200, json={"segments": [{"segment": {"id": "ms-77"}}]})
    path = "/v1/adaccounts/1234/segments"
    partner, result = await call(clock, bus, "adobe-streaming-1", "create", path, answer)
    [seen] = partner.received
    request = seen.request
    assert str(request.url) == "https://adsapi.moviestar.com/v1/adaccounts/1234/segments"
    assert request.method == "POST"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {
        "segments": [
            {
                "name": "Gold members",
                "description": "Loyalty tier gold",
                "source_type": "FIRST_PARTY",
                "ad_account_id": "1234",
                "retention_in_days": 180,
            }
        ]
    }
    assert result.ok and result.external_id == "ms-77" and result.attempts == 1
    [recorded] = [e.call for e in events if isinstance(e, HttpCallRecorded)]
    assert recorded.purpose == "audience.create"
    assert TOKEN not in json.dumps(recorded.request_headers)
    [finished] = [e for e in events if isinstance(e, AudienceCallFinished)]
    assert (finished.operation, finished.audience_id, finished.external_id) == (
        "create",
        "5b1e-gold",
        "ms-77",
    )


async def test_adobe_example_1_update_and_delete_address_the_alias(
    clock: VirtualClock, bus: EventBus
) -> None:
    segment = {**SEGMENT, "alias": "ms-77", "name": "Gold & platinum"}
    answer = httpx.Response(200, json={"segments": [{"segment": {"id": "ms-77"}}]})
    path = "/v1/adaccounts/1234/segments/ms-77"
    partner, result = await call(
        clock, bus, "adobe-streaming-1", "update", path, answer, segment=segment
    )
    body = json.loads(partner.received[0].request.content)
    assert partner.received[0].request.method == "PUT"
    assert body["segments"][0]["id"] == "ms-77"
    assert body["segments"][0]["name"] == "Gold &amp; platinum"  # autoescaping (§11.8)
    assert result.ok
    partner, result = await call(
        clock, bus, "adobe-streaming-1", "delete", path, 204, segment=segment
    )
    assert partner.received[0].request.method == "DELETE" and result.ok


async def test_adobe_example_3_reads_the_id_from_a_header(
    clock: VirtualClock, bus: EventBus
) -> None:
    answer = httpx.Response(201, headers={"X-Moviestar-Id": "dmp-5"}, json={"ok": True})
    _, result = await call(clock, bus, "adobe-streaming-3", "create", "/v2/dmpSegments", answer)
    assert result.ok and result.external_id == "dmp-5"


async def test_a_2xx_carrying_an_error_field_fails_and_is_not_retried(
    clock: VirtualClock, bus: EventBus
) -> None:
    answer = httpx.Response(200, json={"message": "account suspended"})
    partner, result = await call(
        clock, bus, "adobe-streaming-3", "create", "/v2/dmpSegments", answer
    )
    assert not result.ok and len(partner.received) == 1
    assert "account suspended" in result.reason


async def test_a_create_answer_without_the_id_fails_naming_where_it_looked(
    clock: VirtualClock, bus: EventBus
) -> None:
    answer = httpx.Response(200, json={"segments": []})
    path = "/v1/adaccounts/1234/segments"
    _, result = await call(clock, bus, "adobe-streaming-1", "create", path, answer)
    assert not result.ok
    assert "{{body.segments[0].segment.id}}" in result.reason


async def test_a_503_is_retried_15_s_later_as_best_effort_exports_are(
    clock: VirtualClock, bus: EventBus
) -> None:
    t0 = clock.now()
    answer = httpx.Response(201, headers={"x-moviestar-id": "dmp-6"})
    partner, result = await call(
        clock, bus, "adobe-streaming-3", "create", "/v2/dmpSegments", 503, answer
    )
    assert [seen.at - t0 for seen in partner.received] == [0, 15]
    assert result.ok and result.attempts == 2 and result.external_id == "dmp-6"


async def test_a_400_is_not_retried_and_keeps_the_partners_error(
    clock: VirtualClock, bus: EventBus, events: list[Event]
) -> None:
    answer = httpx.Response(400, json={"error": {"message": "name too long"}})
    partner, result = await call(
        clock, bus, "adobe-streaming-2", "create", "/v1.0/1234/customaudiences", answer
    )
    assert len(partner.received) == 1 and not result.ok
    assert result.reason == "the partner answered 400 Bad Request: message: name too long"
    [finished] = [e for e in events if isinstance(e, AudienceCallFinished)]
    assert not finished.ok and finished.reason == result.reason


async def test_unreachable_partner_retried_twice_then_given_up(
    clock: VirtualClock, bus: EventBus
) -> None:
    t0 = clock.now()
    refused = httpx.ConnectError("connection refused")
    partner, result = await call(
        clock, bus, "adobe-streaming-3", "delete", "/v2/dmpSegments/", refused
    )
    assert [seen.at - t0 for seen in partner.received] == [0, 15, 45]
    assert not result.ok and result.reason.endswith("(after 2 retries)")


@pytest.mark.parametrize("operation", ["validate"])
async def test_adobe_example_2_validate_puts_the_token_in_the_query(
    clock: VirtualClock, bus: EventBus, operation: AudienceOperation
) -> None:
    answer = httpx.Response(200, json={"data": [{"permission": "ADS_MANAGEMENT"}]})
    partner, result = await call(
        clock, bus, "adobe-streaming-2", operation, "/v1.0/permissions", answer, segment={}
    )
    assert partner.received[0].request.url.params["access_token"] == TOKEN
    assert result.ok and result.fields == {"Id": "ADS_MANAGEMENT"}


async def test_oauth2_connections_send_the_current_token_as_oauth2ServiceAccessToken(
    clock: VirtualClock, bus: EventBus, events: list[Event]
) -> None:
    from sandbox.events import TokenRefreshed
    from tests.test_delivery_kit import token_answer

    partner = ScriptedPartner(clock)
    partner.on("/oauth/token", token_answer("oauth-token-777"))
    partner.on(
        "/v1/adaccounts/1234/segments",
        httpx.Response(200, json={"segments": [{"segment": {"id": "ms-1"}}]}),
    )
    credentials = Credentials(
        auth_type="OAUTH2",
        grant="OAUTH2_CLIENT_CREDENTIALS",
        client_id="c",
        client_secret="s",
        access_token_url="https://adsapi.moviestar.com/oauth/token",
    )
    async with partner.client() as client:
        caller = AudienceCaller(
            Deliverer(client, clock, bus),
            credentials,
            {"id": "dest-1"},
            BEST_EFFORT_RETRIES,
            PebbleEngine(),
            None,
            clock=clock,
            bus=bus,
            customer_data={"accountId": "1234"},
        )
        result = await caller.call("create", section("adobe-streaming-1", "create"), SEGMENT)
    [create] = partner.at("/v1/adaccounts/1234/segments")
    assert create.request.headers["authorization"] == "Bearer oauth-token-777"
    assert result.ok and result.external_id == "ms-1"
    assert [e.trigger for e in events if isinstance(e, TokenRefreshed)] == ["initial"]
    [recorded] = [
        e.call for e in events if isinstance(e, HttpCallRecorded) and e.call.purpose != "token"
    ]
    assert "oauth-token-777" not in json.dumps(recorded.request_headers)


async def test_a_401_gets_a_new_oauth2_token_and_the_call_is_repeated_once(
    clock: VirtualClock, bus: EventBus, events: list[Event]
) -> None:
    from sandbox.events import TokenRefreshed
    from tests.test_delivery_kit import token_answer

    partner = ScriptedPartner(clock)
    partner.on("/oauth/token", token_answer("first-token"), token_answer("second-token"))
    partner.on(
        "/v1/adaccounts/1234/segments",
        401,
        httpx.Response(200, json={"segments": [{"segment": {"id": "ms-2"}}]}),
    )
    credentials = Credentials(
        auth_type="OAUTH2",
        grant="OAUTH2_CLIENT_CREDENTIALS",
        client_id="c",
        client_secret="s",
        access_token_url="https://adsapi.moviestar.com/oauth/token",
    )
    async with partner.client() as client:
        caller = AudienceCaller(
            Deliverer(client, clock, bus),
            credentials,
            {"id": "dest-1"},
            BEST_EFFORT_RETRIES,
            PebbleEngine(),
            None,
            clock=clock,
            bus=bus,
            customer_data={"accountId": "1234"},
        )
        result = await caller.call("create", section("adobe-streaming-1", "create"), SEGMENT)
    tokens = [
        s.request.headers["authorization"] for s in partner.at("/v1/adaccounts/1234/segments")
    ]
    assert tokens == ["Bearer first-token", "Bearer second-token"]
    assert result.ok and result.attempts == 1 and result.external_id == "ms-2"
    assert [e.trigger for e in events if isinstance(e, TokenRefreshed)] == ["initial", "401"]
