"""The partner's traffic path: every request that is not `/_admin/` is read, decided and recorded.

Raw ASGI rather than Starlette routing, because this path must keep up with a bare uvicorn
endpoint (`sandbox bench`, stage partner.ingest). The order of decisions: an oversized body is
refused (413); then the first fault rule that applies (`disruption`); else the endpoint itself
(`endpoints`).
"""

from __future__ import annotations

import sys
from dataclasses import replace

from starlette.types import Receive, Scope, Send

from mock_partner.answers import error_answer
from mock_partner.disruption import disrupt
from mock_partner.endpoints import endpoint_answer
from mock_partner.exchange import Exchange
from mock_partner.records import AnswerRecord, Arrival
from mock_partner.state import PartnerState


class ClientGone(Exception):
    """The client disconnected before its request body was complete."""


async def ingest(state: PartnerState, scope: Scope, receive: Receive, send: Send) -> None:
    """Answer one partner request and record it."""
    state.in_flight += 1
    try:
        await _ingest(state, scope, receive, send)
    finally:
        state.in_flight -= 1


async def _ingest(state: PartnerState, scope: Scope, receive: Receive, send: Send) -> None:
    headers = tuple((_text(k), _text(v)) for k, v in scope["headers"])
    query = scope["query_string"].decode("latin-1")
    arrival = Arrival(scope["method"], scope["path"], query, headers, b"", state.clock())
    exchange = Exchange(state, scope, receive, send, arrival)
    try:
        body = await read_body(receive, state.max_body_bytes, arrival.header("content-length"))
    except ClientGone:
        exchange.record(AnswerRecord(None, note="the client left before its body ended"))
        return
    if body is None:
        await _too_large(exchange)
        return
    exchange.arrival = arrival = replace(arrival, body=body)
    now = arrival.received_at
    decision = state.faults.decide(arrival.method, arrival.path, now) if state.faults else None
    if decision is not None:
        await disrupt(exchange, decision)
        return
    sequence = state.log.next_sequence()
    await exchange.answer(endpoint_answer(state, arrival, sequence), None, sequence)


async def read_body(receive: Receive, limit: int, declared: str | None) -> bytes | None:
    """The whole body, or None when it is larger than `limit` bytes (the rest is not read)."""
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def _too_large(exchange: Exchange) -> None:
    message = f"the body is over the limit of {exchange.state.max_body_bytes} bytes"
    answer = error_answer(413, "payload_too_large", message, ("connection", "close"))
    note = "the body was over the limit and is not kept"
    await exchange.answer(replace(answer, note=note))


def _text(raw: bytes) -> str:
    # Interned: a log of 100,000 records repeats the same header names and most values.
    return sys.intern(raw.decode("latin-1"))
