"""`GET /_admin/stream`: Server-Sent Events, one `data:` line of JSON per recorded request.

With `since` (or `tail`) the retained records are replayed first, then arrivals follow live
with no gap and no repeat. `limit` ends the stream after that many records. A follower too
slow to keep up gets an `event: dropped` telling how many records it missed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import orjson
from starlette.responses import StreamingResponse

from mock_partner.filters import RecordFilter
from mock_partner.records import RequestRecord
from mock_partner.request_log import RequestLog, Subscription

KEEP_ALIVE = 15.0
"""Seconds between comment lines on a quiet stream, so proxies and clients see it alive."""
HEADERS = {"cache-control": "no-cache", "x-accel-buffering": "no"}


def stream_response(log: RequestLog, query: RecordFilter) -> StreamingResponse:
    subscription = log.subscribe()
    events = _events(log, query, subscription)
    return StreamingResponse(events, media_type="text/event-stream", headers=HEADERS)


async def _events(
    log: RequestLog, query: RecordFilter, subscription: Subscription
) -> AsyncIterator[bytes]:
    try:
        yield b": mock_partner request stream\n\n"
        sent, last = 0, query.since
        for record in _replay(log, query):
            yield _event(record)
            sent, last = sent + 1, record.sequence
            if sent == query.limit:
                return
        while query.limit is None or sent < query.limit:
            arrived = await _next(subscription)
            if arrived is None:
                yield b": keep-alive\n\n"
            if subscription.dropped:
                yield b"event: dropped\ndata: %d\n\n" % subscription.dropped
                subscription.dropped = 0
            if arrived is not None and arrived.sequence > last and query.matches(arrived):
                yield _event(arrived)
                sent, last = sent + 1, arrived.sequence
    finally:
        log.unsubscribe(subscription)


def _replay(log: RequestLog, query: RecordFilter) -> list[RequestRecord]:
    if "since" not in query.model_fields_set and query.tail is None:
        return []
    return log.select(query.model_copy(update={"limit": None}))


async def _next(subscription: Subscription) -> RequestRecord | None:
    try:
        return await asyncio.wait_for(subscription.queue.get(), KEEP_ALIVE)
    except TimeoutError:
        return None


def _event(record: RequestRecord) -> bytes:
    return b"id: %d\ndata: %s\n\n" % (record.sequence, orjson.dumps(record.to_json()))
