"""The sending side of a load test: numbering, batching what is left, delivering, accounting.

Rendered calls from the preparation workers are numbered and handed to the simulator's
`Deliverer` (AEP's retry policy, credentials, redacted recording) as tasks; at most `window` of
them may wait for their first try at once, which holds back the producers (a 429 storm does not:
exports waiting for a retry do not count, as AEP does not slow down on 429s). Batches left open
at the end of backfill ranges are merged by aggregation key and cut at the destination's batch
size; changes streamed later go through the destination's own `Batcher`, closed as the simulator
closes them (best effort: one simulated second after the batch opened; configurable: count or
`maxBatchAgeInSecs`).
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from sandbox.clock import Clock
from sandbox.delivery.deliverer import Deliverer
from sandbox.delivery.endpoint import EndpointOverride
from sandbox.delivery.outcome import ExportOutcome
from sandbox.destinations.aggregation import AggregationKey
from sandbox.destinations.batching import Batch
from sandbox.destinations.bundle import DestinationBundle
from sandbox.destinations.credentials import Credentials
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.rendering import render_batch
from sandbox.destinations.request import OutgoingRequest
from sandbox.events import CloseReason, Event, EventBus, HttpCallRecorded

MICROBATCH_SECONDS = 1.0
"""As the simulator: best-effort changes are gathered one simulated second (AEP's microbatching)."""


def batch_size(bundle: DestinationBundle) -> int:
    """How many profiles (pieces) one call carries at most."""
    aggregation = bundle.config.aggregation
    if bundle.aggregation_type == "BEST_EFFORT" and aggregation.best_effort_aggregation:
        return max(aggregation.best_effort_aggregation.max_users_per_request, 1)
    assert aggregation.configurable_aggregation is not None
    return max(aggregation.configurable_aggregation.max_num_events_in_batch, 1)


class Dataflow:
    """One destination's exports in a load test; every export ends delivered or dropped."""

    def __init__(
        self,
        bundle: DestinationBundle,
        *,
        engine: PebbleEngine,
        deliverer: Deliverer,
        credentials: Credentials,
        clock: Clock,
        bus: EventBus,
        override: EndpointOverride | None,
        window: int = 256,
        prefix: str = "load",
    ) -> None:
        self.bundle = bundle
        self._engine, self._deliverer, self._credentials = engine, deliverer, credentials
        self._clock, self._override, self._window = clock, override, window
        self._policy = deliverer.settings.policy_for(bundle.aggregation_type)
        self._numbers = itertools.count(1)
        self._prefix = prefix
        self._unsent: set[str] = set()
        self._room = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._batcher = bundle.batcher()
        self._timer: asyncio.Task[None] | None = None
        self._timer_at: float | None = None
        self._left: dict[AggregationKey | None, list[tuple[str, Any]]] = {}
        self._size = batch_size(bundle)
        self.exported = 0
        self.outcomes: Counter[str] = Counter()
        self.drop_reasons: Counter[str] = Counter()
        self.errors: list[BaseException] = []
        bus.subscribe(self._follow)

    # -- sending ------------------------------------------------------------------------------

    async def send(self, request: OutgoingRequest) -> None:
        """Number `request` and deliver it; waits while `window` exports wait for a first try."""
        while len(self._unsent) >= self._window:
            self._room.clear()
            await self._room.wait()
        export_id = f"{self._prefix}-{next(self._numbers):08d}"
        request = replace(request, export_id=export_id)
        if self._override is not None:
            request = self._override.apply(request)
        self._unsent.add(export_id)
        self.exported += 1
        task = asyncio.ensure_future(self._deliver(request))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, request: OutgoingRequest) -> None:
        try:
            outcome = await self._deliverer.deliver(request, self._credentials, self._policy)
        except Exception as error:  # kept and reported as an internal error, never lost
            self.errors.append(error)
            self.outcomes["internal_error"] += 1
        else:
            self._tally(outcome)
        finally:
            self._sent(request.export_id)

    def _tally(self, outcome: ExportOutcome) -> None:
        if outcome.delivered:
            self.outcomes["delivered"] += 1
        else:
            self.outcomes["dropped"] += 1
            self.drop_reasons[outcome.reason] += 1

    def _follow(self, event: Event) -> None:
        if isinstance(event, HttpCallRecorded) and event.call.purpose == "activation":
            self._sent(event.call.export_id)

    def _sent(self, export_id: str) -> None:
        if export_id in self._unsent:
            self._unsent.discard(export_id)
            self._room.set()

    async def first_tries(self) -> None:
        """Wait until every export handed in so far has been tried at least once."""
        while self._unsent:
            self._room.clear()
            await self._room.wait()

    @property
    def in_flight(self) -> int:
        """Exports without an outcome yet (waiting, sending, or waiting for a retry)."""
        return len(self._tasks)

    async def drain(self) -> None:
        """Wait until every export has its outcome."""
        while self._tasks or self._batcher.pending() or self._timer is not None:
            if self._tasks:
                await asyncio.gather(*tuple(self._tasks), return_exceptions=True)
            else:
                await asyncio.sleep(0.01)

    def cancel(self) -> None:
        for task in (*self._tasks, *([self._timer] if self._timer else [])):
            task.cancel()

    # -- backfill leftovers -------------------------------------------------------------------

    async def merge(self, leftovers: Iterable[Batch]) -> None:
        """Pool the batches a range left open; send every pool that fills a call."""
        for batch in leftovers:
            pool = self._left.setdefault(batch.key, [])
            pool.extend(zip(batch.profile_ids, batch.profiles, strict=True))
            while len(pool) >= self._size:
                entries, pool[:] = pool[: self._size], pool[self._size :]
                await self._send_batch(batch.key, entries, "count")

    async def close_leftovers(self) -> None:
        """The end of the backfill: what is pooled goes after AEP's wait (one simulated second
        for best effort, `maxBatchAgeInSecs` for configurable aggregation)."""
        reason: CloseReason
        if self.bundle.aggregation_type == "BEST_EFFORT":
            wait, reason = MICROBATCH_SECONDS, "best_effort"
        else:
            config = self.bundle.config.aggregation.configurable_aggregation
            wait, reason = float(config.max_batch_age_in_secs if config else 0), "age"
        if self._left:
            await self._clock.sleep(wait)
        pools, self._left = self._left, {}
        for key, entries in pools.items():
            if entries:
                await self._send_batch(key, entries, reason)

    async def _send_batch(
        self, key: AggregationKey | None, entries: list[tuple[str, Any]], reason: CloseReason
    ) -> None:
        now = self._clock.now()
        ids = tuple(profile_id for profile_id, _ in entries)
        batch = Batch(key, tuple(piece for _, piece in entries), ids, now, now, reason)
        await self.send(render_batch(self.bundle, batch, self._engine, "pending"))

    # -- streamed changes ---------------------------------------------------------------------

    async def change(self, exported: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """Profiles whose change is exported, into the destination's batcher."""
        now = self._clock.now()
        for profile_id, target in exported:
            for batch in self._batcher.add(target, now, profile_id):
                await self._send_closed(batch)
        self._arm_timer()

    async def _send_closed(self, batch: Batch) -> None:
        await self.send(render_batch(self.bundle, batch, self._engine, "pending"))

    def _arm_timer(self) -> None:
        deadline = self._batcher.next_deadline()
        if deadline is not None and self.bundle.aggregation_type == "BEST_EFFORT":
            deadline += MICROBATCH_SECONDS
        if deadline is None or (
            self._timer is not None and self._timer_at is not None and self._timer_at <= deadline
        ):
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer_at = deadline
        self._timer = asyncio.ensure_future(self._close_at(deadline))

    async def _close_at(self, deadline: float) -> None:
        await self._clock.sleep_until(deadline)
        self._timer, self._timer_at = None, None
        for batch in self._batcher.due(self._clock.now()):
            await self._send_closed(batch)
        self._arm_timer()
