"""Delivery against a real loopback server (pytest-httpserver): the wire, and the auth kinds."""

from __future__ import annotations

import asyncio
import base64
import json
import ssl
import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import trustme
from pytest_httpserver import HTTPServer
from werkzeug import Response

from sandbox.clock import VirtualClock
from sandbox.delivery import (
    BEST_EFFORT_RETRIES,
    SINGLE_ATTEMPT,
    Deliverer,
    DeliveryClient,
    DeliverySettings,
    make_client,
)
from sandbox.destinations.credentials import Credentials
from sandbox.events import Event, EventBus, ExportDelivered, HttpCallRecorded
from tests.test_delivery_kit import BODY, ScriptedPartner, loopback_server, outgoing


@pytest.fixture(scope="module")
def running_server() -> Iterator[HTTPServer]:
    with loopback_server() as running:
        yield running


@pytest.fixture
def server(running_server: HTTPServer) -> Iterator[HTTPServer]:
    """The module's loopback partner, with no expectations and an empty log for each test."""
    running_server.clear()
    yield running_server
    running_server.clear()


@pytest.fixture(params=["lane", "httpx"])
async def client(request: pytest.FixtureRequest) -> AsyncIterator[httpx.AsyncClient]:
    """Both kinds of client the deliverer may be handed: the fast one and a plain httpx one."""
    made: httpx.AsyncClient = make_client() if request.param == "lane" else httpx.AsyncClient()
    async with made:
        yield made


def received_headers(server: HTTPServer) -> dict[str, str]:
    [(request, _)] = server.log
    return dict(request.headers)


async def deliver_once(
    server: HTTPServer,
    client: httpx.AsyncClient,
    clock: VirtualClock,
    bus: EventBus,
    credentials: Credentials,
    settings: DeliverySettings | None = None,
) -> dict[str, str]:
    server.expect_request("/ingest", method="POST").respond_with_json({"accepted": 1})
    deliverer = Deliverer(client, clock, bus, settings)
    outcome = await deliverer.deliver(
        outgoing(url=server.url_for("/ingest")), credentials, BEST_EFFORT_RETRIES
    )
    assert outcome.delivered and outcome.attempts == 1 and outcome.status == 200
    return received_headers(server)


async def test_basic_credentials_go_as_a_basic_authorization_header(server, client, clock, bus):
    credentials = Credentials(auth_type="BASIC", username="ann", password="s3cret-pass")
    headers = await deliver_once(server, client, clock, bus, credentials)
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"ann:s3cret-pass").decode()


async def test_bearer_credentials_go_as_a_bearer_authorization_header(server, client, clock, bus):
    credentials = Credentials(auth_type="BEARER", token="tok-123456")
    headers = await deliver_once(server, client, clock, bus, credentials)
    assert headers["Authorization"] == "Bearer tok-123456"


async def test_no_credentials_means_no_authorization_header(server, client, clock, bus):
    headers = await deliver_once(server, client, clock, bus, Credentials())
    assert "Authorization" not in headers


async def test_the_auth_header_name_and_prefix_are_settings(server, client, clock, bus):
    settings = DeliverySettings(auth_header="X-Partner-Key", bearer_prefix="Token ")
    credentials = Credentials(auth_type="BEARER", token="tok-123456")
    headers = await deliver_once(server, client, clock, bus, credentials, settings)
    assert headers["X-Partner-Key"] == "Token tok-123456"
    assert "Authorization" not in headers


async def test_method_url_body_content_type_and_template_headers_arrive(server, client, clock):
    server.expect_request("/ingest", method="PUT").respond_with_json({"ok": True})
    request = outgoing(url=server.url_for("/ingest"), headers=(("X-Region", "EU"),))
    request = type(request)(**{**request.__dict__, "method": "PUT"})
    outcome = await Deliverer(client, clock, EventBus()).deliver(
        request, Credentials(), BEST_EFFORT_RETRIES
    )
    assert outcome.delivered
    [(received, _)] = server.log
    assert received.method == "PUT"
    assert received.get_data(as_text=True) == BODY
    assert received.headers["Content-Type"] == "application/json"
    assert received.headers["X-Region"] == "EU"


async def test_every_call_is_recorded_and_the_export_ends_delivered(server, client, clock, events):
    server.expect_request("/ingest").respond_with_response(
        Response('{"accepted": 1}', status=202, headers={"X-Partner-Trace": "r-1"})
    )
    bus_deliverer = Deliverer(client, clock, _bus_of(events))
    outcome = await bus_deliverer.deliver(
        outgoing(url=server.url_for("/ingest")), Credentials(), BEST_EFFORT_RETRIES
    )
    recorded, delivered = events
    assert isinstance(recorded, HttpCallRecorded) and isinstance(delivered, ExportDelivered)
    call = recorded.call
    assert uuid.UUID(call.trace_id).version == 4
    assert (call.purpose, call.method, call.status, call.outcome) == (
        "activation",
        "POST",
        202,
        "ok",
    )
    assert call.url == server.url_for("/ingest") and call.request_body == BODY
    assert ("X-Partner-Trace", "r-1") in call.response_headers
    assert json.loads(call.response_body) == {"accepted": 1}
    assert call.started_at == clock.now() and call.duration_ms >= 0
    assert (call.export_id, call.destination_id, call.attempt) == ("export-1", "moviestar", 1)
    assert delivered == ExportDelivered(clock.now(), "moviestar", "export-1", attempts=1)
    assert outcome.calls == (call,) and outcome.profile_ids == ("p1",)


async def test_the_lane_client_is_still_an_httpx_client(server):
    server.expect_request("/hello").respond_with_handler(
        lambda request: Response(request.headers.get("X-Echo", ""), status=200)
    )
    async with make_client() as client:
        assert isinstance(client, DeliveryClient) and isinstance(client, httpx.AsyncClient)
        response = await client.get(server.url_for("/hello"), headers={"X-Echo": "hi"})
    assert (response.status_code, response.text) == (200, "hi")


async def test_no_more_than_max_in_flight_requests_at_once(clock, bus):
    in_flight = peak = 0

    async def slow(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        for _ in range(5):
            await asyncio.sleep(0)
        in_flight -= 1
        return httpx.Response(200)

    settings = DeliverySettings(max_in_flight=2)
    async with httpx.AsyncClient(transport=httpx.MockTransport(slow)) as client:
        deliverer = Deliverer(client, clock, bus, settings)
        requests = [outgoing(export_id=f"e{n}") for n in range(6)]
        outcomes = await asyncio.gather(
            *(deliverer.deliver(r, Credentials(), BEST_EFFORT_RETRIES) for r in requests)
        )
    assert all(outcome.delivered for outcome in outcomes)
    assert peak == 2


async def test_a_scripted_partner_sees_the_request_at_simulation_time(clock, bus):
    partner = ScriptedPartner(clock).on("/ingest", 200)
    await clock.advance(60)
    async with partner.client() as client:
        await Deliverer(client, clock, bus).deliver(outgoing(), Credentials(), BEST_EFFORT_RETRIES)
    [seen] = partner.received
    assert seen.at == clock.now()


def _bus_of(events: list[Event]) -> EventBus:
    bus = EventBus()
    bus.subscribe(events.append)
    return bus


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(authority: trustme.CA) -> Iterator[HTTPServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.mark.parametrize("trusted", [True, False], ids=["trusted-ca", "untrusted"])
async def test_https_partners_are_verified_against_the_given_authority(
    trusted, tls_server, authority, clock, bus
):
    tls_server.expect_request("/ingest").respond_with_json({"ok": True})
    verify = ssl.create_default_context()
    if trusted:
        authority.configure_trust(verify)
    async with make_client(verify=verify) as client:
        outcome = await Deliverer(client, clock, bus).deliver(
            outgoing(url=tls_server.url_for("/ingest")), Credentials(), SINGLE_ATTEMPT
        )
    assert outcome.delivered is trusted
    if not trusted:
        assert outcome.calls[0].outcome == "connect_error"
        assert "certificate verify failed" in outcome.reason
