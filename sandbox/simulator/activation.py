"""One activated REST destination at run time: what to export, when a batch closes, and its delivery.

Export rules and batching are pure (`sandbox.destinations`); delivery speaks HTTP (`sandbox.delivery`).
This module adds time: best-effort batches go out as soon as a simulation instant's changes are in
(AEP's microbatching), configurable batches when full or when `maxBatchAgeInSecs` passes.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import itertools
from collections import Counter
from collections.abc import Collection
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sandbox.clock import Clock
from sandbox.delivery.deliverer import Deliverer
from sandbox.delivery.endpoint import EndpointOverride
from sandbox.destinations.batching import Batch
from sandbox.destinations.bundle import DestinationBundle
from sandbox.destinations.credentials import Credentials
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.rendering import render_batch
from sandbox.events import (
    BatchClosed,
    Event,
    EventBus,
    ExportDelivered,
    ExportDropped,
    ExportQueued,
    ExportRetryScheduled,
    failure,
)
from sandbox.simulator.api import DestinationSummary, PendingBatch
from sandbox.simulator.store import Profile, ProfileStore, decode, encode

AS_STORED = b""
"""What a profile looked like when last considered: "as the store holds it now". A backfill
considers every stored profile as stored, so it keeps this marker instead of one snapshot per
profile; the store tells the activation before such a record changes, and the snapshot is taken
from the old record then (`follow`)."""

MICROBATCH_SECONDS = 1.0
"""How long best-effort changes are gathered before they are sent (simulation time)."""


def rebase_url(url: str, override: EndpointOverride) -> str:
    """A URL (or a template starting with a literal URL) moved to the override's scheme and host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or "{" in parts.netloc:
        return url
    return urlunsplit((override.scheme, override.netloc, parts.path, parts.query, parts.fragment))


def rebase_credentials(credentials: Credentials, override: EndpointOverride) -> Credentials:
    """Token calls go where activation calls go (the mock partner issues tokens at `/oauth/token`)."""
    request = copy.deepcopy(dict(credentials.access_token_request or {})) or None
    url_field = (request or {}).get("urlBasedDestination", {}).get("url", {})
    if isinstance(url_field, dict) and isinstance(url_field.get("value"), str):
        url_field["value"] = rebase_url(url_field["value"], override)
    return replace(
        credentials,
        access_token_url=rebase_url(credentials.access_token_url, override),
        refresh_token_url=rebase_url(credentials.refresh_token_url, override),
        access_token_request=request,
    )


class Activation:
    """A destination's dataflow: export triggers in, HTTP exports out, every export accounted for."""

    def __init__(
        self,
        key: str,
        bundle: DestinationBundle,
        *,
        engine: PebbleEngine,
        deliverer: Deliverer,
        clock: Clock,
        bus: EventBus,
        endpoint: str | None,
    ) -> None:
        self.key = key
        self.bundle = bundle
        self.endpoint = endpoint
        self._engine = engine
        self._deliverer = deliverer
        self._clock = clock
        self._bus = bus
        self._batcher = bundle.batcher()
        self._override = EndpointOverride.parse(endpoint, "endpoint") if endpoint else None
        self.credentials = bundle.credentials()
        if self._override is not None:
            self.credentials = rebase_credentials(self.credentials, self._override)
        self._counter = itertools.count(1)
        self._exported: dict[str, bytes] = {}
        """What each profile looked like when last considered (encoded: one per profile), or
        `AS_STORED`."""
        self._store: ProfileStore | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._timer: asyncio.Task[None] | None = None
        self._timer_at: float | None = None
        self.tally: Counter[str] = Counter()
        self._retrying: set[str] = set()
        bus.subscribe(self._follow)

    @property
    def destination_id(self) -> str:
        return self.bundle.destination_id

    # -- triggers -----------------------------------------------------------------------------

    def consider(
        self, profile: Profile, written: Collection[str] = (), backfill: bool = False
    ) -> None:
        """Export `profile` if something this destination maps changed since it was last seen."""
        profile_id = str(profile["_id"])
        before = None if backfill else self._before(profile_id)
        reasons = self.bundle.export_reasons(before, profile, written)
        if backfill and self._store is not None:
            self._exported[profile_id] = AS_STORED  # `profile` is the stored record, unchanged
        else:
            self._exported[profile_id] = encode(self.bundle.rules.snapshot(profile))
        if not reasons:
            return
        target = self.bundle.export_profile(profile)
        now = self._clock.now()
        self._bus.publish(
            ExportQueued(
                at=now,
                destination_id=self.destination_id,
                profile_id=profile_id,
                reasons=tuple(reasons),
            )
        )
        self.tally["queued"] += 1
        for batch in self._batcher.add(target, now, profile_id):
            self._dispatch(batch)
        self._arm_timer()

    def follow(self, store: ProfileStore) -> None:
        """Backfill from `store` (whose profiles are considered as stored) without a snapshot
        per profile: one is taken only when a backfilled record is about to change."""
        self._store = store
        store.on_replace(self._before_replace)

    def _before(self, profile_id: str) -> Profile:
        """The snapshot `profile_id` was last considered with (`{}`: never considered)."""
        seen = self._exported.get(profile_id)
        if seen is None:
            return {}
        if seen is AS_STORED:
            store = self._store
            record = store.record(profile_id) if store is not None else None
            if store is None or record is None:
                return {}
            return self.bundle.rules.snapshot(store.decode_record(record))
        return decode(seen)

    def _before_replace(self, profile_id: str, record: bytes) -> None:
        if self._exported.get(profile_id) is AS_STORED and self._store is not None:
            stored = self._store.decode_record(record)
            self._exported[profile_id] = encode(self.bundle.rules.snapshot(stored))

    # -- batches ------------------------------------------------------------------------------

    def _arm_timer(self) -> None:
        deadline = self._batcher.next_deadline()
        if deadline is not None and self.bundle.aggregation_type == "BEST_EFFORT":
            deadline += MICROBATCH_SECONDS
        if deadline is None or (
            self._timer_at is not None
            and self._timer_at <= deadline
            and self._timer is not None
            and not self._timer.done()
        ):
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer_at = deadline
        self._timer = asyncio.ensure_future(self._close_at(deadline))
        self._timer.add_done_callback(functools.partial(self._ended, "batch timer"))

    async def _close_at(self, deadline: float) -> None:
        await self._clock.sleep_until(deadline)
        self._timer, self._timer_at = None, None
        for batch in self._batcher.due(self._clock.now()):
            self._dispatch(batch)
        self._arm_timer()

    def rebind(self, bundle: DestinationBundle) -> None:
        """Export under `bundle` from now on (its mapped audiences changed); the open batches
        go out first, under the mapping they were made with."""
        self.flush()
        self.bundle = bundle
        self._batcher = bundle.batcher()

    def flush(self) -> None:
        """Send every open batch now (end of a run, or a user asking)."""
        for batch in self._batcher.flush(self._clock.now()):
            self._dispatch(batch)

    def _dispatch(self, batch: Batch) -> None:
        export_id = f"{self.key}-{next(self._counter):06d}"
        request = render_batch(self.bundle, batch, self._engine, export_id)
        if self._override is not None:
            request = self._override.apply(request)
        key = batch.key.to_render_api() if batch.key else None
        self._bus.publish(
            BatchClosed(
                at=self._clock.now(),
                destination_id=self.destination_id,
                export_id=export_id,
                aggregation_key=key,
                profile_ids=tuple(dict.fromkeys(batch.profile_ids)),
                reason=batch.reason,
            )
        )
        policy = self._deliverer.settings.policy_for(self.bundle.aggregation_type)
        task = asyncio.ensure_future(self._deliverer.deliver(request, self.credentials, policy))
        self._tasks.add(task)
        task.add_done_callback(functools.partial(self._ended, f"delivery of {export_id}"))

    def _ended(self, what: str, task: asyncio.Future[Any]) -> None:
        """A delivery or the batch timer ended: a failure (not a cancellation) is published."""
        self._tasks.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            where = f"{self.destination_id}: {what}"
            self._bus.publish(failure(self._clock.now(), "task", where, error))

    # -- accounting ---------------------------------------------------------------------------

    def _follow(self, event: Event) -> None:
        if getattr(event, "destination_id", None) != self.destination_id:
            return
        if isinstance(event, ExportDelivered):
            self.tally["delivered"] += 1
            self._retrying.discard(event.export_id)
        elif isinstance(event, ExportDropped):
            self.tally["dropped"] += 1
            self._retrying.discard(event.export_id)
        elif isinstance(event, ExportRetryScheduled):
            self._retrying.add(event.export_id)

    @property
    def backlog(self) -> int:
        """Exports on their way to the partner that are not waiting to retry (those wait on the
        simulation clock, the others only for the partner)."""
        return len(self._tasks) - len(self._retrying)

    async def catch_up(self, limit: int) -> None:
        """Wait while more than `limit` exports are on their way, as long as some arrive (an
        export that waits on the simulation clock without a scheduled retry, say, is not
        waited for: after 50 ms without progress this returns)."""
        while self.backlog > limit:
            done, _ = await asyncio.wait(
                tuple(self._tasks), timeout=0.05, return_when=asyncio.FIRST_COMPLETED
            )
            if not done:
                return

    @property
    def idle(self) -> bool:
        """No open batch and no export without an outcome."""
        return not self._tasks and not self._batcher.pending()

    async def drain(self) -> None:
        """Wait for every delivery; their failures were published as they ended (`_ended`)."""
        while self._tasks:
            await asyncio.gather(*tuple(self._tasks), return_exceptions=True)

    def cancel(self) -> None:
        for task in (*self._tasks, *([self._timer] if self._timer else [])):
            task.cancel()

    def summary(self) -> DestinationSummary:
        now = self._clock.now()
        pending = tuple(
            PendingBatch(
                key=b.key.label if b.key else "all", size=b.size, age_seconds=now - b.opened_at
            )
            for b in self._batcher.pending()
        )
        return DestinationSummary(
            id=self.key,
            name=self.bundle.name,
            kind="rest",
            endpoint=self.endpoint or "",
            auth=self.credentials.auth_type,
            aggregation=self.bundle.aggregation_type,
            mapped_audiences=tuple(sorted(self.bundle.mapped_audience_ids)),
            pending=pending,
            queued=self.tally["queued"],
            delivered=self.tally["delivered"],
            retrying=len(self._retrying),
            dropped=self.tally["dropped"],
            destination_id=self.destination_id,
        )
