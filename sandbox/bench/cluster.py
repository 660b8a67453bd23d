"""Bench stage `cluster.evaluate`: the `scale` work (profiles generated and evaluated through twenty
audiences) as Ray tasks on a local cluster, beside the same work on a process pool in the same run.

Both split the population into index ranges and run `scale.evaluate_range` on them, one range per
core; the ratio is the pool's wall time over Ray's, so it measures what the engine costs (task
scheduling, object transfer), not a speed-up that two cores cannot show. Starting the cluster is
left out (it is paid once per session) and reported in the note; its workers are warmed with one
empty task per core first. Both must find the same populations (checked, and said in the note).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import replace

from sandbox.bench import scale
from sandbox.bench.stage import StageResult, lower_is_better

STAGES = ("cluster.evaluate",)


def _noop() -> int:
    return os.getpid()


def on_ray(count: int) -> tuple[float, float, Counter[str]]:
    """(seconds to start the cluster, wall seconds for the work, populations)."""
    from sandbox.cluster.connect import connect, disconnect

    cores = os.cpu_count() or 1
    began = time.perf_counter()
    ray = connect(None, num_cpus=cores)
    try:
        ray.get([ray.remote(_noop).remote() for _ in range(cores)])
        startup = time.perf_counter() - began
        task = ray.remote(scale.evaluate_range)
        share = -(-count // cores)
        t0 = time.perf_counter()
        results = ray.get([task.remote(s, min(share, count - s)) for s in range(0, count, share)])
        seconds = time.perf_counter() - t0
    finally:
        disconnect()
    populations: Counter[str] = Counter()
    for found, *_ in results:
        populations.update(found)
    return startup, seconds, populations


def measure(quick: bool) -> list[StageResult]:
    count = 100_000 if quick else 1_000_000
    pool_seconds, _, _, expected = scale.run(count)
    startup, ray_seconds, populations = on_ray(count)
    result = lower_is_better(
        "cluster.evaluate",
        "seconds",
        ray_seconds,
        "the same ranges on a process pool",
        pool_seconds,
        0.8,
    )
    rate = count * len(scale.RULES) / ray_seconds
    same = "identical" if populations == expected else "DIFFERENT (a bug)"
    note = (
        f"{count:,} profiles x {len(scale.RULES)} audiences on {os.cpu_count()} cores: "
        f"{rate:,.0f} profile-audience evaluations/s on Ray; populations {same}; "
        f"starting the local cluster took {startup:.1f} s (not counted)"
    )
    return [replace(result, note=note)]
