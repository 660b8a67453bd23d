"""`sandbox run`: a scenario played headless on a fresh simulation, then its expectations checked.

By default time is virtual (a 30-minute window passes without waiting); `realtime` paces the same
timeline on the wall clock at `speed` simulated seconds per second. The run is journaled.
"""

from __future__ import annotations

import time

from sandbox.clock import Clock, RealClock, VirtualClock
from sandbox.composition.assemble import Options, assemble
from sandbox.errors import SimulationError
from sandbox.scenario.aborted import abort
from sandbox.scenario.load import LoadedScenario
from sandbox.scenario.report import ScenarioReport
from sandbox.scenario.runner import Progress, ScenarioRun
from sandbox.scenario.verdicts import verdicts
from sandbox.simulator.population_work import PopulationWork


async def run_scenario(
    loaded: LoadedScenario,
    *,
    realtime: bool = False,
    speed: float = 60.0,
    progress: Progress | None = None,
    population_work: PopulationWork | None = None,
) -> ScenarioReport:
    """Raises `RunAborted` (exit 3) when a step, a task or a subscriber failed (a bug); a
    `SimulationError` (the world failed: the mock partner died) becomes a failing `run aborted`
    outcome instead, and the report is still written (exit 1). With `population_work`, new
    profiles are generated and evaluated there (on Ray) instead of in this process."""
    start = loaded.setup.start
    clock: Clock = RealClock(start, speed) if realtime else VirtualClock(start)
    assembled = assemble(loaded.setup, clock, options=Options(population_work=population_work))
    run = ScenarioRun(loaded, assembled.simulator)
    started = time.perf_counter()
    journal = assembled.journal
    aborted = None
    try:
        await run.play(progress)
    except SimulationError as error:  # e.g. the partner died: report what was observed (exit 1)
        aborted = abort(journal.recorder if journal else None, error)
    finally:
        await assembled.simulator.stop()
    if aborted is None:
        try:
            run.raise_failures()
        except SimulationError as error:
            aborted = abort(journal.recorder if journal else None, error)
    outcomes = verdicts(loaded, run.observed, aborted)
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
