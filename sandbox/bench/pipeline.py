"""Bench stage `pipeline.end_to_end`: profiles per second from generation to the partner's inbox.

A simulation on the virtual clock generates N profiles, evaluates its audiences, keeps each profile
in its store, exports the members (best effort, 10 per call, BEARER, hashed identities), renders
every call and delivers it to the real mock partner over loopback. The anchor is the same work done
stage by stage, each measured alone on the same profiles: its throughput is N over the sum of the
stage times. A ratio near 1 means the pipeline adds no cost of its own; above 1, stages overlap.
(The store became a stage of its own on 2026-12-03: it compresses each profile, ~30 µs, which the
simulator must do and the other stages do not; until then the anchor left it out.)
"""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from sandbox.bench.stage import StageResult, higher_is_better, lower_is_better
from sandbox.clock import DEFAULT_EPOCH, VirtualClock
from sandbox.composition.assemble import Options, assemble
from sandbox.composition.servers import PartnerLink
from sandbox.delivery.deliverer import Deliverer
from sandbox.delivery.endpoint import EndpointOverride
from sandbox.delivery.transport import make_client
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.rendering import render_batch
from sandbox.errors import SimulationError
from sandbox.events import EventBus, ExportDropped, ExportRetryScheduled
from sandbox.partner.process import PartnerProcess
from sandbox.profiles import ProfileFactory
from sandbox.segments.audience_set import AudienceSet
from sandbox.segments.definition import make_audience
from sandbox.simulator.setup import PopulationSpec, Setup, example_destination
from sandbox.simulator.simulator import GENERATION_CHUNK
from sandbox.simulator.store import ProfileStore

STAGES = ("pipeline.end_to_end", "pipeline.rss")
BUDGET_MIB = 2048.0
LOYAL = "8b5e7a0e-3c1d-4f2a-9b6e-2a7c4d1e5f01"
"""An audience the adnet example maps; here nearly everyone is in it, so nearly all are sent."""
LOCALES = ("en_US", "en_GB", "de_DE")


def _setup(count: int) -> Setup:
    audience, _ = make_audience(LOYAL, "Born after 1900", "person.birthYear > 1900", "streaming")
    return Setup(
        name="bench",
        seed=3,
        population=PopulationSpec(count, LOCALES, 30, 20),
        audiences=(audience,),
        destinations=(example_destination("adnet-bearer"),),
    )


async def end_to_end(count: int) -> tuple[float, int, Counter[str]]:
    """Wall seconds from nothing to every export delivered, how many calls the partner got, and
    how many retries and drops there were on the way (a loaded machine can time calls out)."""
    clock = VirtualClock()
    assembled = assemble(_setup(count), clock, options=Options(journal=False))
    simulator, partner = assembled.simulator, assembled.simulator.partner
    troubles: Counter[str] = Counter()
    simulator.bus.subscribe(
        lambda e: (
            troubles.update([type(e).__name__])
            if isinstance(e, ExportRetryScheduled | ExportDropped)
            else None
        )
    )
    started = time.perf_counter()
    await simulator.start()
    await _run_clock(clock, lambda: simulator.core.idle)
    seconds = time.perf_counter() - started
    assert isinstance(partner, PartnerLink)
    received = await partner.admin.count()
    await simulator.stop()
    return seconds, received, troubles


async def stages_alone(count: int) -> dict[str, float]:
    """Each stage on its own, on the same profiles: seconds per stage. Profiles go through
    generation, evaluation and rendering a chunk at a time (a million profiles held as dicts
    would not fit in memory); the rendered calls are then delivered together."""
    setup = _setup(count)
    bundle = setup.destinations[0].bundle
    factory = ProfileFactory(3, LOCALES, now=DEFAULT_EPOCH, lookback_days=30, max_events=20)
    audiences, engine, batcher = AudienceSet(setup.audiences), PebbleEngine(), bundle.batcher()
    timings = dict.fromkeys(("generate", "evaluate", "store", "render"), 0.0)
    store = ProfileStore()
    requests: list[Any] = []
    chunks = factory.iter_chunks(count, GENERATION_CHUNK)
    while True:
        t0 = time.perf_counter()
        profiles = next(chunks, None)
        t1 = time.perf_counter()
        timings["generate"] += t1 - t0
        if profiles is None:
            break
        audiences.evaluate_many(profiles, DEFAULT_EPOCH, mode=None)
        t2 = time.perf_counter()
        timings["evaluate"] += t2 - t1
        for profile in profiles:
            store.add(profile)
        t3 = time.perf_counter()
        timings["store"] += t3 - t2
        full = (b for p in profiles for b in batcher.add(bundle.export_profile(p), 0.0, p["_id"]))
        _render(bundle, engine, full, requests)
        timings["render"] += time.perf_counter() - t3
    t0 = time.perf_counter()
    _render(bundle, engine, batcher.flush(0.0), requests)
    timings["render"] += time.perf_counter() - t0
    timings["deliver"] = await _deliver_alone(requests, bundle.credentials())
    return timings


async def _run_clock(clock: VirtualClock, done: Callable[[], bool]) -> None:
    """Let simulation time pass, timer to timer, until `done()`."""
    while not done():
        due = clock.next_timer
        await clock.run_until(due if due is not None else clock.now() + 1)


def _render(bundle: Any, engine: PebbleEngine, batches: Iterable[Any], into: list[Any]) -> None:
    for batch in batches:
        into.append(render_batch(bundle, batch, engine, f"bench-{len(into)}"))


async def _deliver_alone(requests: list[Any], credentials: Any) -> float:
    partner = PartnerProcess()
    url = await asyncio.to_thread(partner.start)
    override = EndpointOverride.parse(url)
    client = make_client()
    clock = VirtualClock()
    deliverer = Deliverer(client, clock, EventBus())
    policy = deliverer.settings.policy_for("BEST_EFFORT")
    try:
        t0 = time.perf_counter()
        sending = asyncio.gather(
            *(deliverer.deliver(override.apply(r), credentials, policy) for r in requests)
        )
        await _run_clock(clock, sending.done)  # a retry waits on simulation time
        await sending
        return time.perf_counter() - t0
    finally:
        await client.aclose()
        await asyncio.to_thread(partner.stop)


def measure(quick: bool) -> list[StageResult]:
    count = 20_000 if quick else 1_000_000
    seconds, received, troubles, peak_mib = _end_to_end_in_a_fresh_process(count)
    alone = asyncio.run(stages_alone(count))
    value = count / seconds
    anchor = count / sum(alone.values())
    result = higher_is_better(
        "pipeline.end_to_end", "profiles/s", value, "sum of stages alone", anchor, 0.8
    )
    parts = ", ".join(f"{name} {count / t:,.0f}/s" for name, t in alone.items())
    note = (
        f"{count:,} profiles, {received:,} calls received "
        f"({troubles.get('ExportRetryScheduled', 0)} retries, "
        f"{troubles.get('ExportDropped', 0)} dropped); alone: {parts}"
    )
    rss = lower_is_better("pipeline.rss", "MiB", peak_mib, "2 GiB budget", BUDGET_MIB, 1.0)
    rss_note = f"peak resident set of a fresh process running the {count:,}-profile pipeline"
    return [replace(result, note=note), replace(rss, note=rss_note)]


def _end_to_end_in_a_fresh_process(count: int) -> tuple[float, int, dict[str, int], float]:
    """`end_to_end(count)` in a new interpreter, so its peak memory is the pipeline's own (this
    process has run other stages); its seconds, calls received, troubles and peak RSS in MiB."""
    argv = [sys.executable, "-m", "sandbox.bench.pipeline", str(count)]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SimulationError(f"the pipeline bench process failed: {done.stderr.strip()[-2000:]}")
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    return answer["seconds"], answer["received"], answer["troubles"], answer["peak_mib"]


def _main(count: int) -> None:
    seconds, received, troubles = asyncio.run(end_to_end(count))
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    answer = {"seconds": seconds, "received": received, "troubles": dict(troubles)}
    print(json.dumps({**answer, "peak_mib": peak_mib}))


if __name__ == "__main__":
    _main(int(sys.argv[1]))
