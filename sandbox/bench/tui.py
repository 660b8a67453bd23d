"""Stage tui.latency: key-to-screen p95 of the console while the mock partner takes 1,000+ req/s.

What runs: the real mock partner (a child process); a paced aiohttp load generator (another
child process, so its CPU is not charged to the console); and, in this process, `SandboxApp`
headless (`run_test`), fed every arrival as a `PartnerRequestReceived` event relayed from the
partner's SSE stream, exactly as the simulator relays them.

Key-to-screen: from the moment a key event (↓ or ↑, moving the inbox cursor) is handed to the
app's driver, to the moment the first frame composed after the key's action ran has been
serialized into terminal bytes (headless, so nothing is written; the serialization a terminal
write needs is done, in `_display`). A key is pressed every 100 ms throughout the load.
Memory: the process's RSS after warm-up and at the end, over every payload received.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from typing import Any

import aiohttp
import psutil
from rich.console import Console

from sandbox.bench.console_feed import ConsoleFeed, press
from sandbox.bench.stage import StageResult, lower_is_better
from sandbox.events import (
    ExportDelivered,
    HttpCall,
    HttpCallRecorded,
    PartnerRequestReceived,
    ServerStarted,
)
from sandbox.partner.admin import PartnerAdmin
from sandbox.partner.process import PartnerProcess, child_environment
from sandbox.simulator.api import DestinationSummary

STAGES = ("tui.latency", "tui.latency.flow")
ANCHOR_MS = 100.0
RATE = 1_300
"""Requests per second the generator aims at (the bar is 1,000)."""
KEY_EVERY = 0.1
BENCH_DESTINATION = "bench"
BODY = b'{"profiles":[{"identities":{"email":"ada@example.com"},"segmentMembership":' + (
    b'{"ups":{"aud-1":{"status":"realized"}}}}]}'
)


class PartnerRelay(ConsoleFeed):
    """Relays the partner's arrivals as `sandbox.composition.servers` does. With `exports`,
    each arrival also comes with the delivery events the simulator publishes for it (an HTTP
    call recorded, an export delivered), as the Flow tab counts them."""

    def __init__(self, admin: PartnerAdmin, url: str, exports: bool = False) -> None:
        super().__init__(url)
        self.admin = admin
        self.exports = exports

    def destinations(self) -> list[DestinationSummary]:
        if not self.exports:
            return []
        summary = DestinationSummary(
            BENCH_DESTINATION, "Bench partner", "rest", self.url, "BEARER", "best effort", ()
        )
        return [summary]

    async def run(self) -> None:
        self.bus.publish(ServerStarted(self.clock.now(), "partner", self.url))
        async for record in self.admin.stream_records():
            now = self.clock.now()
            self.bus.publish(PartnerRequestReceived(now, record))
            if self.exports:
                self._delivered(now, self.relayed)
            self.relayed += 1
            await asyncio.sleep(0)  # a stream with data buffered never yields: let others run

    def _delivered(self, now: float, n: int) -> None:
        export = f"bench-{n:08d}"
        call = HttpCall(
            export, export, BENCH_DESTINATION, 1, "activation", "POST", self.url, (), "",
            200, (), "", now, 1.0, "ok",
        )  # fmt: skip
        self.bus.publish(HttpCallRecorded(now, call))
        self.bus.publish(ExportDelivered(now, BENCH_DESTINATION, export, 1))


def generate_load(url: str, rate: float, seconds: float) -> None:
    """The load generator's process: POST at `rate` per second for `seconds`."""
    asyncio.run(_paced_posts(url, rate, seconds))


async def _paced_posts(url: str, rate: float, seconds: float) -> None:
    started = time.perf_counter()
    total = int(rate * seconds)
    counter = iter(range(total))
    headers = {"authorization": "Bearer bench-secret-token", "content-type": "application/json"}
    connector = aiohttp.TCPConnector(limit=64)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:

        async def worker() -> None:
            for index in counter:
                delay = started + index / rate - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                async with session.post(f"{url}/v1/audiences/members", data=BODY) as response:
                    await response.read()

        await asyncio.gather(*(worker() for _ in range(48)))


class FrameProbe:
    """Times each key from the driver to the first frame serialized after its action ran."""

    def __init__(self, app: Any, table: Any) -> None:
        """`table`: the widget whose `action_move` the keys call (the inbox, or the Flow tab)."""
        self.app, self.moves, self.pressed, self.latencies = app, 0, 0, list[float]()
        self._pending: list[tuple[float, int]] = []
        self._console = Console(width=160, height=45, force_terminal=True, color_system="truecolor")
        display, move = app._display, table.action_move

        def counted_move(delta: int) -> None:
            move(delta)
            self.moves += 1

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None and hasattr(renderable, "render_segments"):
                renderable.render_segments(self._console)
            self._resolve(time.perf_counter())

        table.action_move, app._display = counted_move, timed_display

    def _resolve(self, now: float) -> None:
        shown = [(t0, n) for t0, n in self._pending if n <= self.moves]
        self.latencies += [(now - t0) * 1000 for t0, _ in shown]
        self._pending = [(t0, n) for t0, n in self._pending if n > self.moves]

    async def settled(self, patience: float = 2.0) -> None:
        """Wait for the last keys' frames (so no key is left in flight at shutdown)."""
        deadline = time.perf_counter() + patience
        while self._pending and time.perf_counter() < deadline:
            await asyncio.sleep(0.01)

    def press(self, key: str) -> None:
        self.pressed += 1  # the n-th key is on screen once the n-th move has been drawn
        self._pending.append((time.perf_counter(), self.pressed))
        press(self.app, key)


def measure(quick: bool) -> list[StageResult]:
    seconds = 6.0 if quick else 30.0
    return [asyncio.run(_measure(seconds, flow=False)), asyncio.run(_measure(seconds, flow=True))]


async def _measure(seconds: float, flow: bool) -> StageResult:
    """The inbox visible (↑/↓ move its cursor), or the Flow tab visible with every arrival's
    delivery events counted and drawn (↑/↓ move its destination cursor)."""
    from sandbox.tui.app import SandboxApp
    from sandbox.tui.widgets.flow_view import FlowView
    from sandbox.tui.widgets.inbox_table import InboxTable

    async with PartnerProcess("--max-records", "5000") as partner:
        admin = partner.admin()
        relay = PartnerRelay(admin, partner.url, exports=flow)
        app = SandboxApp(relay)
        async with app.run_test(headless=True, size=(160, 45)) as pilot:
            await pilot.pause(0.5)
            if flow:
                await pilot.press("7")
                await pilot.pause(0.5)
            target = app.query_one(FlowView) if flow else app.query_one(InboxTable)
            probe = FrameProbe(app, target)
            load = _start_load(partner.url, seconds)
            rss, ingest = await _drive(probe, load, relay, admin, seconds)
        await admin.aclose()
    name = "tui.latency.flow" if flow else "tui.latency"
    return _result(name, probe.latencies, rss, ingest, relay.relayed)


def _start_load(url: str, seconds: float) -> subprocess.Popen[bytes]:
    code = f"from sandbox.bench.tui import generate_load; generate_load({url!r}, {RATE}, {seconds})"
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=child_environment(),
    )


async def _drive(
    probe: FrameProbe,
    load: subprocess.Popen[bytes],
    relay: PartnerRelay,
    admin: PartnerAdmin,
    seconds: float,
) -> tuple[tuple[float, float], float]:
    me = psutil.Process()
    while relay.relayed < RATE * min(1.0, seconds / 5):  # warm-up: the first second of arrivals
        await asyncio.sleep(0.05)
    rss_start, first, t0 = me.memory_info().rss, (await admin.stats())["total"], time.perf_counter()
    key = 0
    while load.poll() is None:
        probe.press("down" if key % 2 == 0 else "up")
        key += 1
        await asyncio.sleep(KEY_EVERY)
    ingest = ((await admin.stats())["total"] - first) / (time.perf_counter() - t0)
    await probe.settled()
    return (rss_start / 2**20, me.memory_info().rss / 2**20), ingest


def _result(
    name: str, latencies: list[float], rss: tuple[float, float], ingest: float, relayed: int
) -> StageResult:
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) >= 20 else max(latencies)
    result = lower_is_better(name, "ms", p95, "100 ms bar", ANCHOR_MS, 1.0)
    note = (
        f"p95 of {len(latencies)} keys (median {statistics.median(latencies):.1f} ms) while the "
        f"partner ingested {ingest:,.0f} req/s; {relayed:,} payloads relayed to the console; "
        f"RSS {rss[0]:.0f} -> {rss[1]:.0f} MiB ({rss[1] - rss[0]:+.1f})"
    )
    return replace(result, note=note)
