"""A request the client refuses to send (a CR/LF in a header, ...) is a dropped export with its
reason, never a lost one: through both clients, on a real loopback server, under a retrying policy."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from sandbox.clock import VirtualClock
from sandbox.delivery import BEST_EFFORT_RETRIES, Deliverer, DeliverySettings, make_client
from sandbox.destinations.credentials import Credentials
from sandbox.events import EventBus, ExportDropped, HttpCallRecorded
from tests.test_delivery_kit import outgoing


@pytest.fixture(params=["lane", "httpx"])
async def client(request: pytest.FixtureRequest) -> AsyncIterator[httpx.AsyncClient]:
    made: httpx.AsyncClient = make_client() if request.param == "lane" else httpx.AsyncClient()
    async with made:
        yield made


@asynccontextmanager
async def raw_partner() -> AsyncIterator[tuple[str, list[bytes]]]:
    """A loopback server answering 200 to anything, keeping every byte it was sent."""
    received: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        data = await reader.read(65536)
        if data:
            received.append(data)
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/ingest", received
    finally:
        server.close()
        await server.wait_closed()


@pytest.mark.parametrize(
    ("header", "where"),
    [
        pytest.param(("X-Customer", "Ann\r\nX-Injected: 1"), "value", id="crlf-value"),
        pytest.param(("X-Customer", "Ann\nBob"), "value", id="lf-value"),
        pytest.param(("X-Customer", "Ann\rBob"), "value", id="cr-value"),
        pytest.param(("X-Cust\r\nomer", "Ann"), "name", id="crlf-name"),
    ],
)
async def test_a_line_break_in_a_header_drops_the_export_with_its_reason(client, header, where):
    bus = EventBus()
    seen: list[object] = []
    bus.subscribe(seen.append)
    async with raw_partner() as (url, received):
        deliverer = Deliverer(client, VirtualClock(), bus, DeliverySettings(timeout=5))
        request = outgoing(url=url, headers=(header,))
        result = await deliverer.deliver(request, Credentials(), BEST_EFFORT_RETRIES)
    assert received == []  # nothing reached the partner
    assert not result.delivered and result.attempts == 1  # not retried: it cannot improve
    assert f"CR, LF or NUL character in its {where}" in result.reason
    assert "X-Cust" in result.reason
    recorded = [e for e in seen if isinstance(e, HttpCallRecorded)]
    dropped = [e for e in seen if isinstance(e, ExportDropped)]
    assert len(recorded) == 1 and recorded[0].call.outcome == "protocol_error"
    assert len(dropped) == 1 and dropped[0].reason == result.reason


class _Exploding(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise RuntimeError("the transport broke")


async def test_any_exception_inside_sending_is_a_dropped_export_naming_it():
    bus = EventBus()
    seen: list[object] = []
    bus.subscribe(seen.append)
    async with httpx.AsyncClient(transport=_Exploding()) as client:
        deliverer = Deliverer(client, VirtualClock(), bus)
        result = await deliverer.deliver(outgoing(), Credentials(), BEST_EFFORT_RETRIES)
    assert not result.delivered
    assert "RuntimeError: the transport broke" in result.reason
    assert [type(e).__name__ for e in seen] == ["HttpCallRecorded", "ExportDropped"]


async def test_an_exception_outside_the_exchange_still_ends_in_a_dropped_export(monkeypatch):
    bus = EventBus()
    seen: list[object] = []
    bus.subscribe(seen.append)

    def broken_judge(*args: object, **kwargs: object) -> None:
        raise KeyError("judge")

    async with raw_partner() as (url, _), httpx.AsyncClient() as client:
        deliverer = Deliverer(client, VirtualClock(), bus)
        monkeypatch.setattr(deliverer, "_judge", broken_judge)
        result = await deliverer.deliver(outgoing(url=url), Credentials(), BEST_EFFORT_RETRIES)
    assert not result.delivered and result.attempts == 1
    assert "delivery failed inside the sandbox: KeyError" in result.reason
    assert [type(e).__name__ for e in seen] == ["HttpCallRecorded", "ExportDropped"]
