"""Bench stage `load.rate`: the call rate `sandbox load` holds against the mock partner, beside the
rate it was asked for (2,000 calls/s; ratio = held / asked, target 0.95: within 5%).

The backfill's calls are prepared ahead (as `sandbox load` does by default), so the stage measures
holding the rate, not preparing the population. Held = calls per whole second of the backfill.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from sandbox.bench.stage import StageResult, higher_is_better
from sandbox.load.plan import LoadPlan
from sandbox.load.preparation import PopulationPlan
from sandbox.load.runner import executor_submit, run_load
from sandbox.simulator.setup import EXAMPLES

STAGES = ("load.rate",)
RATE = 2_000.0


def measure(quick: bool) -> list[StageResult]:
    seconds = 4 if quick else 15
    folder = EXAMPLES / "destinations" / "adnet-bearer"
    population = PopulationPlan(
        folder / "destination.json",
        folder / "server.json",
        folder / "activation.json",
        EXAMPLES / "audiences" / "load-audiences.json",
        seed=11,
    )
    plan = LoadPlan(population, profiles=int(RATE * seconds * 10), rate=RATE, range_size=10_000)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        result = asyncio.run(run_load(plan, executor_submit(pool)))
    held = result.timeline.phase_rate("backfill")
    row = higher_is_better("load.rate", "calls/s", held, "the asked-for rate", RATE, 0.95)
    note = (
        f"{result.attempts:,} calls, {result.exported:,} exports ({result.dropped} dropped), "
        f"partner received {result.partner_received:,}; "
        + ("; ".join(result.warnings) or "rate held")
    )
    return [replace(row, note=note)]
