"""`sandbox load --cluster`: the load test's work spread over a Ray cluster.

Backfill ranges are Ray tasks (`prepare_backfill`: profiles regenerated from (seed, index) in the
task, only rendered calls come back); each finished range goes, as an object reference, straight
to a delivery actor (round robin); the batches a range left open go to the delivery actor owning
their aggregation key (`partition`). As on one machine, sending starts once `prepare_ahead` bytes
of calls are ready (or all are). Streamed changes are prepared by a task each second and handed to
one actor in turn. Every call takes a slot from the one `RateLimiter` actor. At the end each actor
reports its timeline and outcomes, and the driver merges them into one `LoadResult`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from sandbox.cluster.actors import DeliveryActor, RateLimiter, partition
from sandbox.cluster.connect import connect
from sandbox.destinations.batching import Batch
from sandbox.events import EventBus
from sandbox.journal.recorder import new_run_id
from sandbox.journal.shards import merge_shards, shard_path
from sandbox.load.plan import LoadPlan
from sandbox.load.preparation import kit, prepare_backfill, prepare_changes
from sandbox.load.progress import format_line
from sandbox.load.runner import LoadResult, rate_warnings, start_partner
from sandbox.load.timeline import Second, Timeline


async def run_cluster_load(
    plan: LoadPlan,
    address: str | None,
    actors: int = 2,
    progress: Callable[[str], None] | None = None,
) -> LoadResult:
    kit(plan.population)  # the files are checked here, before a cluster starts
    ray = connect(address)
    partner, url = await start_partner(plan)
    try:
        if partner is not None and plan.partner_faults:
            async with partner.admin() as admin:
                await admin.set_faults(list(plan.partner_faults))
        result = await _run(ray, plan, url, actors, progress)
        if partner is not None:
            async with partner.admin() as admin:
                result.partner_received = int((await admin.stats())["total"])
        result.warnings.extend(rate_warnings(plan, result))
        return result
    finally:
        if partner is not None:
            await asyncio.to_thread(partner.stop)


async def _run(
    ray: Any, plan: LoadPlan, url: str, count: int, progress: Callable[[str], None] | None
) -> LoadResult:
    epoch = time.time()
    timeline = Timeline(EventBus(), monotonic=time.time)
    timeline.started = epoch
    result = LoadResult(plan, timeline)
    block = max(1, min(64, int(plan.rate / 50 / count)))
    limiter = ray.remote(RateLimiter).options(num_cpus=0).remote(plan.rate)
    remote_actor = ray.remote(DeliveryActor).options(
        num_cpus=0, max_concurrency=10_000, scheduling_strategy="SPREAD"
    )
    name = f"load {kit(plan.population).bundle.name}"
    run_id = new_run_id(name)
    actors = [
        remote_actor.remote(plan, url, limiter, epoch, n, block, run_id) for n in range(count)
    ]
    prepare = ray.remote(prepare_backfill)
    started = time.monotonic()
    shown = asyncio.ensure_future(_show(timeline, actors, progress)) if progress else None
    try:
        await _work(ray, plan, actors, prepare, result)
        reports = await asyncio.gather(*(actor.finish.remote() for actor in actors))
    finally:
        if shown is not None:
            shown.cancel()
    timeline.mark("end")
    if plan.journal:
        await _merge_journal(run_id, name, actors, reports)
        result.run_id = run_id
    for actor in [*actors, limiter]:
        with contextlib.suppress(Exception):
            ray.kill(actor)
    result.wall_seconds = time.monotonic() - started
    _merge(result, reports)
    return result


async def _work(
    ray: Any, plan: LoadPlan, actors: list[Any], prepare: Any, result: LoadResult
) -> None:
    """Prepare, backfill and stream; the drain is the actors' `finish`."""
    timeline, count = result.timeline, len(actors)
    timeline.mark("prepare")
    ranges = [
        prepare.remote(plan.population, start, min(plan.range_size, plan.profiles - start))
        for start in range(0, plan.profiles, plan.range_size)
    ]
    await asyncio.gather(*(actor.ready.remote() for actor in actors))
    await _prepared_ahead(ray, ranges, plan.prepare_ahead)
    timeline.mark("backfill")
    sent = [actors[n % count].send_work.remote(ref) for n, ref in enumerate(ranges)]
    waited = time.monotonic()
    if ranges:
        await asyncio.to_thread(ray.wait, ranges, num_returns=len(ranges))
    result.waited_for_preparation = time.monotonic() - waited
    pools: dict[int, list[Batch]] = defaultdict(list)
    for members, leftovers in await asyncio.gather(*sent):
        result.members += members
        for batch in leftovers:
            pools[partition(batch.key, count)].append(batch)
    await asyncio.gather(*(actors[n].merge.remote(pools.get(n, [])) for n in range(count)))
    if plan.duration > 0 and plan.changes_per_second > 0:
        timeline.mark("streaming")
        await _stream(ray, plan, actors, result)
    timeline.mark("drain")


async def _show(timeline: Timeline, actors: list[Any], progress: Callable[[str], None]) -> None:
    """Once a second, the actors' last whole second and totals, added up, on one line."""
    with contextlib.suppress(asyncio.CancelledError):
        while True:
            await asyncio.sleep(1.0)
            snapshots = await asyncio.gather(*(actor.snapshot.remote() for actor in actors))
            totals: Counter[str] = Counter()
            statuses: Counter[str] = Counter()
            latencies: list[float] = []
            calls = exported = in_flight = 0
            for sent, flying, their_totals, last in snapshots:
                exported, in_flight = exported + sent, in_flight + flying
                totals.update(their_totals)
                if last is not None:
                    calls += last.calls
                    statuses.update(last.statuses)
                    latencies.extend(last.latencies)
            phase = timeline.phases[-1][0] if timeline.phases else "starting"
            line = format_line(
                phase, timeline.elapsed(), calls, statuses, latencies, totals, exported, in_flight
            )
            progress(line)


async def _prepared_ahead(ray: Any, ranges: list[Any], budget: int) -> None:
    """Wait until about `budget` bytes of calls are rendered (estimated from the first range),
    or every range is."""
    if not ranges:
        return
    first = await ranges[0]
    per_range = sum(len(request.body) for request in first.requests) + 1
    wanted = min(len(ranges), max(1, budget // per_range))
    await asyncio.to_thread(ray.wait, ranges, num_returns=wanted)


async def _stream(ray: Any, plan: LoadPlan, actors: list[Any], result: LoadResult) -> None:
    rng = np.random.default_rng(plan.population.seed)
    changes = ray.remote(prepare_changes)
    began, second, handed = time.monotonic(), 0, []
    while second < plan.duration:
        count = int(plan.changes_per_second * min(1.0, plan.duration - second))
        indexes = [int(i) for i in rng.integers(0, plan.profiles, count)]
        result.changes += count
        exported = await changes.remote(plan.population, indexes, second)
        result.changes_exported += len(exported)
        handed.append(actors[second % len(actors)].change.remote(exported))
        second += 1
        await asyncio.sleep(max(began + second - time.monotonic(), 0.0))
    await asyncio.gather(*handed)


async def _merge_journal(run_id: str, name: str, actors: list[Any], reports: list[Any]) -> None:
    """The actors' shards merged into one run; a shard on another node is fetched first."""
    paths = []
    for n, (actor, report) in enumerate(zip(actors, reports, strict=True)):
        path = Path(report.shard)
        if not path.exists():
            path = shard_path(run_id, n)
            path.write_bytes(await actor.shard_bytes.remote())
        paths.append(path)
    meta = {"name": name, "status": "finished", "actors": str(len(actors))}
    await asyncio.to_thread(merge_shards, run_id, paths, meta)


def _merge(result: LoadResult, reports: list[Any]) -> None:
    timeline = result.timeline
    for report in reports:
        while len(timeline.seconds) < len(report.seconds):
            timeline.seconds.append(Second())
        for mine, theirs in zip(timeline.seconds, report.seconds, strict=False):
            mine.calls += theirs.calls
            mine.statuses.update(theirs.statuses)
            mine.latencies.extend(theirs.latencies)
            mine.retries += theirs.retries
            mine.delivered += theirs.delivered
            mine.dropped += theirs.dropped
        timeline.latencies.extend(report.latencies)
        timeline.totals.update(report.totals)
        result.exported += report.exported
        result.delivered += report.outcomes["delivered"]
        result.dropped += report.outcomes["dropped"]
        result.internal_errors += report.outcomes["internal_error"]
        for reason, n in report.drop_reasons.items():
            result.drop_reasons[reason] = result.drop_reasons.get(reason, 0) + n
    result.token_calls = timeline.totals["token_calls"]
