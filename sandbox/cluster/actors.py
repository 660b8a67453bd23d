"""The actors of a load test on Ray: one rate limiter, and delivery actors that also aggregate.

`RateLimiter` holds the global rate as one schedule of slots (virtual scheduling, as
`sandbox.load.bucket`); delivery actors lease slots in small blocks (one call per block, not per
request) and spread their calls over the leased slots, so the rate holds across nodes (wall clocks
of the nodes are assumed in sync, as NTP keeps them). `DeliveryActor` wraps the simulator's
`Deliverer` and retry policy through `sandbox.load.dataflow.Dataflow`: it sends the rendered calls
of the ranges handed to it, and pools the open batches of the aggregation keys that hash to it
(`partition`), cutting them into full calls as the single-process run does. Its report carries
its per-second timeline and outcomes; the driver merges the reports.

These are plain classes; `sandbox.cluster.load` wraps them with `ray.remote`.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from array import array
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

from sandbox.clock import RealClock
from sandbox.delivery import Deliverer, DeliverySettings, make_client
from sandbox.delivery.endpoint import EndpointOverride
from sandbox.destinations.aggregation import AggregationKey
from sandbox.destinations.batching import Batch
from sandbox.events import EventBus
from sandbox.journal.recorder import JournalRecorder
from sandbox.journal.shards import shard_path
from sandbox.load.dataflow import Dataflow
from sandbox.load.plan import LoadPlan
from sandbox.load.preparation import RangeWork, kit
from sandbox.load.timeline import Second, Timeline
from sandbox.simulator.activation import rebase_credentials


def partition(key: AggregationKey | None, count: int) -> int:
    """Which of `count` aggregators owns `key` (stable across processes, unlike `hash`)."""
    return zlib.crc32(repr(key).encode()) % count


class RateLimiter:
    """The global schedule of call slots."""

    def __init__(self, rate: float) -> None:
        self._interval = 1.0 / rate
        self._next = time.time()
        self.leased = 0

    def lease(self, count: int) -> tuple[float, float]:
        """Reserve `count` consecutive slots: (wall time of the first, seconds between them)."""
        first = max(self._next, time.time())
        self._next = first + count * self._interval
        self.leased += count
        return first, self._interval


class LeasedPace:
    """Awaited before each call: waits for the next leased slot, leasing a block when out."""

    def __init__(self, limiter: object, block: int) -> None:
        self._limiter = limiter
        self._block = block
        self._slots: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def __call__(self) -> None:
        if not self._slots:
            async with self._lock:
                if not self._slots:
                    first, interval = await self._limiter.lease.remote(self._block)  # type: ignore[attr-defined]
                    self._slots.extend(first + n * interval for n in range(self._block))
        delay = self._slots.popleft() - time.time()
        if delay > 0.0005:
            await asyncio.sleep(delay)


@dataclass
class ActorReport:
    seconds: list[Second]
    latencies: array[float]
    totals: Counter[str]
    exported: int
    outcomes: Counter[str]
    drop_reasons: Counter[str]
    errors: list[str] = field(default_factory=list)
    shard: str = ""
    """The path of the actor's journal shard on its node ("" when not journaled)."""


class DeliveryActor:
    """Sends ranges' calls and its partition's pooled batches; every export gets an outcome."""

    def __init__(
        self,
        plan: LoadPlan,
        url: str,
        limiter: object,
        epoch: float,
        index: int,
        block: int,
        run_id: str,
    ) -> None:
        self._plan, self._url, self._index, self._run_id = plan, url, index, run_id
        self._recorder: JournalRecorder | None = None
        self._limiter, self._epoch, self._block = limiter, epoch, block
        self._flow: Dataflow | None = None
        self._timeline: Timeline | None = None

    def _start(self) -> Dataflow:
        """Built inside the actor's event loop, on its first call."""
        if self._flow is not None:
            return self._flow
        plan, tools = self._plan, kit(self._plan.population)
        self._clock = RealClock(start=plan.population.now, speed=plan.speed)
        self._ticking = asyncio.ensure_future(self._clock.run())
        bus = EventBus()
        if plan.journal:
            path = shard_path(self._run_id, self._index)
            self._recorder = JournalRecorder(bus, path, name=self._run_id)
            self._flushing = asyncio.ensure_future(self._recorder.run_flusher())
        self._timeline = Timeline(bus, monotonic=time.time)
        self._timeline.started = self._epoch
        settings = DeliverySettings(timeout=plan.timeout, max_in_flight=plan.in_flight)
        self._client = make_client(max_connections=plan.in_flight)
        override = EndpointOverride.parse(self._url, "--endpoint")
        pace = LeasedPace(self._limiter, self._block)
        deliverer = Deliverer(self._client, self._clock, bus, settings, pace=pace)
        self._flow = Dataflow(
            tools.bundle,
            engine=tools.engine,
            deliverer=deliverer,
            credentials=rebase_credentials(tools.bundle.credentials(), override),
            clock=self._clock,
            bus=bus,
            override=override,
            window=max(plan.in_flight * 4, self._block * 4),
            prefix=f"load{self._index}",
        )
        return self._flow

    async def ready(self) -> bool:
        """Build the actor's delivery now (the destination is loaded, the session opened)."""
        self._start()
        return True

    async def send_work(self, work: RangeWork) -> tuple[int, list[Batch]]:
        """Send a range's rendered calls; returns (members, the batches it left open)."""
        flow = self._start()
        for request in work.requests:
            await flow.send(request)
        return work.members, list(work.leftovers)

    async def merge(self, batches: list[Batch]) -> None:
        """Pool batches left open by ranges; returns once every call so far has been tried."""
        flow = self._start()
        await flow.merge(batches)
        await flow.first_tries()

    async def change(self, exported: list[tuple[str, dict[str, Any]]]) -> None:
        await self._start().change(exported)

    async def snapshot(self) -> tuple[int, int, Counter[str], Second | None]:
        """For live progress: exported, in flight, totals, and the last whole second."""
        flow, timeline = self._start(), self._timeline
        assert timeline is not None
        timeline.window(1)  # makes sure the current second exists
        index = int(timeline.elapsed()) - 1
        last = timeline.seconds[index] if 0 <= index < len(timeline.seconds) else None
        return flow.exported, flow.in_flight, timeline.totals, last

    async def finish(self) -> ActorReport:
        """Close the pooled batches, wait for every outcome, and report."""
        flow = self._start()
        await flow.close_leftovers()
        await flow.drain()
        self._ticking.cancel()
        await self._client.aclose()
        shard = ""
        if self._recorder is not None:
            self._flushing.cancel()
            await asyncio.gather(self._flushing, return_exceptions=True)
            self._recorder.close()
            shard = str(self._recorder.path)
        timeline = self._timeline
        assert timeline is not None
        return ActorReport(
            timeline.seconds,
            timeline.latencies,
            timeline.totals,
            flow.exported,
            flow.outcomes,
            flow.drop_reasons,
            [repr(error) for error in flow.errors],
            shard,
        )

    def shard_bytes(self) -> bytes:
        """The journal shard itself, for a driver on another node."""
        assert self._recorder is not None
        return self._recorder.path.read_bytes()
