"""The phases of a single-machine load test: the backfill (prepared ahead, sent in index order)
and the streamed changes. `sandbox.cluster.load` plays the same phases with Ray."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from sandbox.load.dataflow import Dataflow
from sandbox.load.plan import LoadPlan
from sandbox.load.preparation import RangeWork, prepare_backfill, prepare_changes

if TYPE_CHECKING:
    from sandbox.load.runner import LoadResult

Submit = Callable[..., Awaitable[Any]]
"""Runs a preparation function with its arguments somewhere else and awaits its result."""


async def backfill(plan: LoadPlan, submit: Submit, flow: Dataflow, result: LoadResult) -> None:
    """Ranges prepared ahead, up to `plan.prepare_ahead` bytes of rendered calls, and sent in
    index order. Sending starts once that buffer is full (or everything is prepared), so the
    asked-for rate is held while the buffer lasts, whatever preparation's own speed."""
    starts = iter(range(0, plan.profiles, plan.range_size))
    pending: deque[asyncio.Future[RangeWork]] = deque()
    ready: deque[RangeWork] = deque()
    buffered = 0

    def top_up() -> None:
        while len(pending) < 2 * plan.workers and buffered < plan.prepare_ahead:
            start = next(starts, None)
            if start is None:
                return
            count = min(plan.range_size, plan.profiles - start)
            work = submit(prepare_backfill, plan.population, start, count)
            pending.append(asyncio.ensure_future(work))

    result.timeline.mark("prepare")
    top_up()
    while pending and buffered < plan.prepare_ahead:
        ready.append(await pending.popleft())
        buffered += _size(ready[-1])
        top_up()
    result.timeline.mark("backfill")
    while ready or pending:
        if not ready:
            waited = time.monotonic()
            ready.append(await pending.popleft())
            result.waited_for_preparation += time.monotonic() - waited
            buffered += _size(ready[-1])
        work = ready.popleft()
        buffered -= _size(work)
        top_up()
        result.members += work.members
        for request in work.requests:
            await flow.send(request)
        await flow.merge(work.leftovers)
    await flow.close_leftovers()
    await flow.first_tries()


def _size(work: RangeWork) -> int:
    return sum(len(request.body) for request in work.requests) + 1


async def stream(plan: LoadPlan, submit: Submit, flow: Dataflow, result: LoadResult) -> None:
    """`changes_per_second` random profiles changed each wall second, for `duration` seconds."""
    rng = np.random.default_rng(plan.population.seed)
    began = time.monotonic()
    second = 0
    while second < plan.duration:
        count = int(plan.changes_per_second * min(1.0, plan.duration - second))
        indexes = [int(i) for i in rng.integers(0, plan.profiles, count)]
        result.changes += count
        exported = await submit(prepare_changes, plan.population, indexes, second)
        result.changes_exported += len(exported)
        await flow.change(exported)
        second += 1
        await asyncio.sleep(max(began + second - time.monotonic(), 0.0))
