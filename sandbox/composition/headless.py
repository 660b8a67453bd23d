"""`sandbox run`: a scenario played headless on a fresh simulation, then its expectations checked.

By default time is virtual (a 30-minute window passes without waiting); `realtime` paces the same
timeline on the wall clock at `speed` simulated seconds per second. The run is journaled.
"""

from __future__ import annotations

import time

from sandbox.clock import Clock, RealClock, VirtualClock
from sandbox.composition.assemble import assemble
from sandbox.scenario.checks import check
from sandbox.scenario.load import LoadedScenario
from sandbox.scenario.report import ScenarioReport
from sandbox.scenario.runner import Progress, ScenarioRun


async def run_scenario(
    loaded: LoadedScenario,
    *,
    realtime: bool = False,
    speed: float = 60.0,
    progress: Progress | None = None,
) -> ScenarioReport:
    """Raises `ScenarioAborted` (exit 3) when a step, a task or a subscriber failed."""
    start = loaded.setup.start
    clock: Clock = RealClock(start, speed) if realtime else VirtualClock(start)
    assembled = assemble(loaded.setup, clock)
    run = ScenarioRun(loaded, assembled.simulator)
    started = time.perf_counter()
    try:
        await run.play(progress)
    finally:
        await assembled.simulator.stop()
    run.raise_failures()
    ids = {slot.key: slot.bundle.destination_id for slot in loaded.setup.destinations}
    outcomes = tuple(
        check(expectation, run.observed, index, ids)
        for index, expectation in enumerate(loaded.scenario.expect)
    )
    return ScenarioReport(
        scenario=loaded.name,
        file=str(loaded.path),
        run_id=assembled.journal.run_id if assembled.journal else "",
        seconds=time.perf_counter() - started,
        simulated_seconds=clock.now() - start,
        outcomes=outcomes,
        stats={
            "partner_requests": len(run.observed.partner_records),
            "exports": len(run.observed.exports()),
        },
    )
