"""Transport failures: timeouts, refused and reset connections, garbage answers, bad URLs."""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest

from sandbox.clock import VirtualClock
from sandbox.delivery import (
    BEST_EFFORT_RETRIES,
    SINGLE_ATTEMPT,
    Deliverer,
    DeliverySettings,
    make_client,
)
from sandbox.delivery.outcome import ExportOutcome
from sandbox.destinations.credentials import Credentials
from sandbox.events import EventBus, ExportDropped, ExportRetryScheduled, HttpCallRecorded
from tests.test_delivery_kit import ScriptedPartner, outgoing

FAILURES = [
    pytest.param(httpx.ConnectTimeout("connect timed out"), "timeout", id="connect-timeout"),
    pytest.param(httpx.ReadTimeout("read timed out"), "timeout", id="read-timeout"),
    pytest.param(httpx.ConnectError("connection refused"), "connect_error", id="refused"),
    pytest.param(httpx.ReadError("connection reset by peer"), "connect_error", id="reset"),
    pytest.param(httpx.RemoteProtocolError("illegal status line"), "protocol_error", id="garbage"),
]


async def deliver_with(partner: ScriptedPartner, clock, bus, policy=SINGLE_ATTEMPT, **settings):
    async with partner.client() as client:
        deliverer = Deliverer(client, clock, bus, DeliverySettings(**settings))
        return await deliverer.deliver(outgoing(), Credentials(), policy)


@pytest.mark.parametrize(("error", "outcome"), FAILURES)
async def test_a_transport_failure_is_recorded_and_drops_without_retries(
    error, outcome, clock, bus, events
):
    partner = ScriptedPartner(clock).on("/ingest", error)
    result = await deliver_with(partner, clock, bus)
    [recorded, dropped] = events
    assert isinstance(recorded, HttpCallRecorded) and isinstance(dropped, ExportDropped)
    assert (recorded.call.outcome, recorded.call.status) == (outcome, None)
    assert recorded.call.error and recorded.call.response_body == ""
    assert not result.delivered and result.status is None and result.attempts == 1
    assert recorded.call.error in result.reason


@pytest.mark.parametrize(("error", "outcome"), FAILURES)
async def test_a_transport_failure_is_retried_like_a_5xx_under_best_effort(
    error, outcome, clock, bus, events
):
    partner = ScriptedPartner(clock).on("/ingest", error, 200)
    task = asyncio.create_task(deliver_with(partner, clock, bus, BEST_EFFORT_RETRIES))
    await clock.advance(15)
    result = await task
    assert result.delivered and result.attempts == 2
    assert [seen.at - partner.received[0].at for seen in partner.received] == [0, 15]
    [retry] = [e for e in events if isinstance(e, ExportRetryScheduled)]
    assert retry.reason == result.calls[0].error


async def test_a_partner_slower_than_the_timeout_is_a_timeout(clock, bus):
    async def never(request: httpx.Request) -> httpx.Response:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    partner = ScriptedPartner(clock).on("/ingest", 200)
    async with httpx.AsyncClient(transport=httpx.MockTransport(never)) as client:
        deliverer = Deliverer(client, clock, bus, DeliverySettings(timeout=0.05))
        result = await deliverer.deliver(outgoing(), Credentials(), SINGLE_ATTEMPT)
    assert partner.received == []
    assert result.calls[0].outcome == "timeout"
    assert result.reason.startswith("no answer within 0.05 s")


async def test_a_bad_url_is_dropped_at_once_even_under_a_retrying_policy(clock, bus):
    partner = ScriptedPartner(clock).on("/ingest", httpx.UnsupportedProtocol("ftp is not http"))
    result = await deliver_with(partner, clock, bus, BEST_EFFORT_RETRIES)
    assert (result.delivered, result.attempts) == (False, 1)
    assert result.calls[0].outcome == "protocol_error"
    assert "not retried" in result.reason


async def test_transport_failures_can_be_left_unretried_by_policy(clock, bus):
    from dataclasses import replace

    policy = replace(BEST_EFFORT_RETRIES, retry_transport_failures=False)
    partner = ScriptedPartner(clock).on("/ingest", httpx.ConnectError("refused"), 200)
    result = await deliver_with(partner, clock, bus, policy)
    assert (result.delivered, result.attempts) == (False, 1)
    assert "not retried under the best-effort aggregation policy" in result.reason


# -- the same failures on real loopback sockets, through both kinds of client --------------

Serve = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _read_request(reader: asyncio.StreamReader) -> None:
    await reader.readuntil(b"\r\n\r\n")


async def garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await _read_request(reader)
    writer.write(b"THIS IS NOT HTTP\r\n\r\n")
    await writer.drain()
    writer.close()


async def reset(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await _read_request(reader)
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await _read_request(reader)
    await asyncio.sleep(5)
    writer.close()


@pytest.fixture(params=["lane", "httpx"])
async def client(request: pytest.FixtureRequest) -> AsyncIterator[httpx.AsyncClient]:
    made: httpx.AsyncClient = make_client() if request.param == "lane" else httpx.AsyncClient()
    async with made:
        yield made


async def against(serve: Serve | None, client: httpx.AsyncClient, timeout: float) -> ExportOutcome:
    """Deliver once to a raw loopback server running `serve` (None: nothing listens)."""
    handlers: set[asyncio.Task[None]] = set()

    async def tracked(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        handlers.add(asyncio.current_task())  # type: ignore[arg-type]
        try:
            await (serve or garbage)(reader, writer)
        finally:
            writer.transport.abort()

    server = await asyncio.start_server(tracked, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    if serve is None:
        server.close()
        await server.wait_closed()
    try:
        deliverer = Deliverer(client, VirtualClock(), EventBus(), DeliverySettings(timeout=timeout))
        request = outgoing(url=f"http://127.0.0.1:{port}/ingest")
        return await deliverer.deliver(request, Credentials(), SINGLE_ATTEMPT)
    finally:
        server.close()
        for handler in handlers:
            handler.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)
        await server.wait_closed()


@pytest.mark.parametrize(
    ("serve", "outcome"),
    [
        pytest.param(garbage, "protocol_error", id="garbage"),
        pytest.param(reset, "connect_error", id="reset"),
        pytest.param(None, "connect_error", id="refused"),
        pytest.param(silent, "timeout", id="silent"),
    ],
)
async def test_real_socket_failures_are_classified_the_same_by_both_clients(serve, outcome, client):
    result = await against(serve, client, timeout=0.2)
    [call] = result.calls
    assert (call.outcome, call.status, result.delivered) == (outcome, None, False)
