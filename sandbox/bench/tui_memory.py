"""Stage tui.memory: the console's memory over a million partner payloads (issue #7, "memory
stays flat over 1M received payloads").

What runs: `SandboxApp` headless (`run_test`), fed by a `RecordFeed` that publishes partner
records on the bus as `PartnerRequestReceived`, one per turn of the event loop, as the relay in
`sandbox.composition.servers` does, without the HTTP: each record is a fresh dict decoded from the
JSON the mock partner streams for a request (its record of the tui.latency stage's request),
with its own sequence number, published as fast as the console takes them. A key (↓ or ↑) every
0.1 s keeps the cursor and the request detail busy too.

Memory: RSS once the console is warm (the first 5% of the records: the inbox full, its caches
and the detail pane rendered), its peak after that, and at the end. The value is the growth, peak
minus warm; the anchor a budget of 64 MiB: 67 bytes per payload over a million. A console that
kept anything per payload (a row, an event, one string of its ~1 KB record) would overrun it,
while what it may keep is bounded (500 rows, 1,000 activity lines, 256 drawn rows) and is
already full when the warm reading is taken.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import orjson
import psutil
from textual.app import App

from sandbox.bench.console_feed import ConsoleFeed, press
from sandbox.bench.stage import StageResult
from sandbox.events import PartnerRequestReceived, ServerStarted

STAGES = ("tui.memory",)
BUDGET_MIB = 64.0
RATIO_CAP = 100.0
"""The ratio reported when memory did not grow at all (or shrank)."""
WARM_UP = 0.05
"""Share of the records fed before the warm reading."""
SAMPLE_EVERY = 0.1
RECORD = orjson.dumps(
    {
        "sequence": 1,
        "method": "POST",
        "path": "/v1/audiences/members",
        "query": "",
        "headers": [
            ["host", "127.0.0.1:34067"],
            ["accept", "*/*"],
            ["accept-encoding", "gzip, deflate"],
            ["connection", "keep-alive"],
            ["user-agent", "python-httpx/0.28.1"],
            ["authorization", "Bearer bench-secret-token"],
            ["content-type", "application/json"],
            ["content-length", "117"],
        ],
        "body": '{"profiles":[{"identities":{"email":"ada@example.com"},"segmentMembership":'
        '{"ups":{"aud-1":{"status":"realized"}}}}]}',
        "body_encoding": "utf-8",
        "json": {
            "profiles": [
                {
                    "identities": {"email": "ada@example.com"},
                    "segmentMembership": {"ups": {"aud-1": {"status": "realized"}}},
                }
            ]
        },
        "json_error": None,
        "received_at": "2026-11-22T22:04:35.114908Z",
        "answer": {
            "status": 200,
            "headers": [["content-type", "application/json"]],
            "body": '{"ok":true,"sequence":1}',
            "latency": 0.0,
            "fault": None,
            "note": None,
        },
    }
)
"""A request as the mock partner's stream carries it (`data:` of one SSE event)."""


class RecordFeed(ConsoleFeed):
    """Publishes `total` partner records, yielding to the event loop after each, as the relay
    does after each record it reads."""

    def __init__(self, total: int) -> None:
        super().__init__("http://127.0.0.1:8787")
        self.total = total
        self.finished = asyncio.Event()

    async def run(self) -> None:
        self.bus.publish(ServerStarted(self.clock.now(), "partner", self.url))
        for sequence in range(1, self.total + 1):
            record = orjson.loads(RECORD)
            record["sequence"] = sequence
            self.bus.publish(PartnerRequestReceived(self.clock.now(), record))
            self.relayed = sequence
            await asyncio.sleep(0)
        self.finished.set()


@dataclass
class MemoryTrace:
    """RSS readings in MiB: when warm, the peak after, and at the end; and the feeding time."""

    warm: float = 0.0
    peak: float = 0.0
    end: float = 0.0
    warm_at: float = 0.0
    seconds: float = 0.0

    @property
    def growth(self) -> float:
        return self.peak - self.warm


def measure(quick: bool) -> list[StageResult]:
    return [asyncio.run(_measure(100_000 if quick else 1_000_000))]


async def _measure(total: int) -> StageResult:
    from sandbox.tui.app import SandboxApp
    from sandbox.tui.widgets.inbox_table import InboxTable

    feed = RecordFeed(total)
    app = SandboxApp(feed)
    async with app.run_test(headless=True, size=(160, 45)) as pilot:
        trace = await _follow(app, feed)
        await pilot.pause(app.flush_interval * 2)  # the last arrivals reach the inbox
        received = app.query_one(InboxTable).received
        trace.end = _rss()
    return _result(trace, total, received)


async def _follow(app: App[None], feed: RecordFeed) -> MemoryTrace:
    trace, warm_after, keys = MemoryTrace(), int(feed.total * WARM_UP), 0
    while not feed.finished.is_set():
        press(app, "down" if keys % 2 == 0 else "up")
        keys += 1
        await asyncio.sleep(SAMPLE_EVERY)
        if trace.warm_at:
            trace.peak = max(trace.peak, _rss())
        elif feed.relayed >= warm_after:
            trace.warm = trace.peak = _rss()
            trace.warm_at = time.perf_counter()
    if not trace.warm_at:  # a run too short for a reading while it fed
        trace.warm = trace.peak = _rss()
        trace.warm_at = time.perf_counter()
    trace.seconds = time.perf_counter() - trace.warm_at
    return trace


def _rss() -> float:
    return float(psutil.Process().memory_info().rss) / 2**20


def _result(trace: MemoryTrace, total: int, received: int) -> StageResult:
    growth = trace.growth
    ratio = min(BUDGET_MIB / growth, RATIO_CAP) if growth > 0 else RATIO_CAP
    fed = total * (1 - WARM_UP)
    note = (
        f"{received:,} of {total:,} payloads received by the console, "
        f"{fed / max(trace.seconds, 1e-3):,.0f}/s after warm-up; RSS warm {trace.warm:.0f} MiB, "
        f"peak {trace.peak:.0f}, end {trace.end:.0f} ({trace.end - trace.warm:+.1f})"
    )
    budget = f"{BUDGET_MIB:.0f} MiB budget"
    return StageResult("tui.memory", "MiB", growth, budget, BUDGET_MIB, ratio, 1.0, note)
