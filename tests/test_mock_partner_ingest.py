"""The partner's traffic path in process: it accepts anything, records it, refuses bad bodies."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from starlette.types import Message

from mock_partner import PartnerConfig, PartnerState, create_app
from tests.partner_world import FakeClock


@pytest.fixture
def state() -> PartnerState:
    return PartnerState(PartnerConfig(max_body_bytes=1024), clock=FakeClock())


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
async def test_any_method_on_any_path_is_answered_and_recorded(client, state, method):
    response = await client.request(method, "/any/where/at/all", params={"a": "1", "b": "x y"})

    assert response.status_code == 200
    assert response.json() == {"ok": True, "sequence": 1}
    [record] = state.received
    assert (record.method, record.path, record.query) == (method, "/any/where/at/all", "a=1&b=x+y")
    assert record.answer.status == 200
    assert record.answer.fault is None


async def test_a_record_keeps_headers_body_json_and_arrival_time(client, state):
    await client.post(
        "/v1/members", json={"profiles": [1, 2]}, headers={"X-Trace": "abc", "x-trace": "def"}
    )

    record = state.received[0].to_json()
    assert ["x-trace", "abc"] in record["headers"] and ["x-trace", "def"] in record["headers"]
    assert record["body"] == '{"profiles":[1,2]}'
    assert record["body_encoding"] == "utf-8"
    assert record["json"] == {"profiles": [1, 2]}
    assert record["json_error"] is None
    assert record["received_at"] == "2026-01-01T00:00:00.000000Z"
    assert record["answer"]["body"] == '{"ok":true,"sequence":1}'
    assert ["content-type", "application/json"] in record["answer"]["headers"]


async def test_a_body_that_is_not_utf8_is_kept_as_base64(client, state):
    raw = b"\xff\xfe\x00binary"
    await client.post("/upload", content=raw, headers={"content-type": "application/octet-stream"})

    record = state.received[0]
    assert record.body_encoding == "base64"
    assert base64.b64decode(record.body) == raw
    assert record.raw_body() == raw
    assert record.json is None
    assert record.json_error == "not valid JSON: the body is not UTF-8 text"


async def test_a_non_json_body_is_accepted_and_noted_when_not_declared_json(client, state):
    response = await client.post(
        "/form", content=b"a=1&b=2", headers={"content-type": "application/x-www-form-urlencoded"}
    )

    assert response.status_code == 200
    record = state.received[0]
    assert record.json is None
    assert record.json_error is not None and record.json_error.startswith("not valid JSON")


async def test_invalid_json_declared_as_json_gets_a_400_that_says_where(client, state):
    response = await client.post(
        "/v1", content=b'{"a": 1,}', headers={"content-type": "application/json; charset=utf-8"}
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_json"
    assert "line 1 column" in response.json()["message"]
    assert state.received[0].answer.status == 400


async def test_an_empty_body_has_neither_json_nor_an_error(client, state):
    await client.get("/ping")

    assert (state.received[0].json, state.received[0].json_error) == (None, None)


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
async def test_an_oversized_body_gets_a_413_and_is_recorded_without_it(client, state, declared):
    big = b"x" * 2000

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(big), 500):
            yield big[start : start + 500]

    content = big if declared else chunks()
    response = await client.post("/big", content=content)

    assert response.status_code == 413
    assert "1024 bytes" in response.json()["message"]
    [record] = state.received
    assert record.body == "" and record.answer.status == 413
    assert record.answer.note == "the body was over the limit and is not kept"


async def test_admin_requests_are_not_partner_traffic(client, state):
    await client.get("/_admin/health")
    await client.get("/_admin/requests")
    await client.post("/_administrator")  # only /_admin and /_admin/... are the admin API

    assert [record.path for record in state.received] == ["/_administrator"]


async def test_sequence_numbers_rise_in_the_order_answers_are_given(client, state):
    for _ in range(3):
        await client.post("/x", json={})

    assert [r.sequence for r in state.received] == [1, 2, 3]
    assert [r.answer.body for r in state.received][-1] == '{"ok":true,"sequence":3}'


async def test_the_log_keeps_the_newest_records_and_counts_them_all():
    state = PartnerState(PartnerConfig(max_records=3))
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://partner") as client:
        for index in range(10):
            await client.post(f"/r/{index}", json={})
        stats = (await client.get("/_admin/count")).json()

    assert [r.path for r in state.received] == ["/r/7", "/r/8", "/r/9"]
    assert (stats["total"], stats["retained"], stats["evicted"]) == (10, 3, 7)


async def test_a_client_leaving_mid_body_is_recorded_without_an_answer(state):
    app = create_app(state)
    messages: Iterator[Message] = iter(
        [{"type": "http.request", "body": b"{", "more_body": True}, {"type": "http.disconnect"}]
    )
    sent: list[Message] = []

    async def receive() -> Message:
        return next(messages)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/gone", "query_string": b"", "headers": []}
    await app(scope, receive, send)

    assert sent == []
    assert state.received[0].answer.status is None
    assert state.received[0].answer.note == "the client left before its body ended"


async def test_lifespan_messages_are_acknowledged(state):
    app = create_app(state)
    incoming: Iterator[Message] = iter(
        [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    )
    sent: list[str] = []

    async def receive() -> Message:
        return next(incoming)

    async def send(message: Message) -> None:
        sent.append(message["type"])

    await app({"type": "lifespan"}, receive, send)

    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
