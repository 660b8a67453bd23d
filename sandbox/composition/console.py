"""What `sandbox` (the TUI) opens: the bundled default workspace, or a scenario played paced.

The default workspace runs on a real clock at `speed` with a steady stream of live activity, so
payloads reach the partner within seconds. A scenario replays its timeline on the same simulator, its
`note` steps announced as narration. Demo mode plays it as `sandbox run` does, narrated and paced
(`sandbox.composition.demo`), and ends on its verdicts.
"""

from __future__ import annotations

from pathlib import Path

from sandbox.clock import RealClock
from sandbox.composition.assemble import Options, assemble
from sandbox.composition.demo import DemoWorld, frame_for
from sandbox.scenario.load import load_scenario
from sandbox.scenario.runner import ScenarioRun
from sandbox.simulator.live import Simulator
from sandbox.simulator.setup import default_setup


def build_simulator(
    scenario: Path | None = None,
    *,
    speed: float = 60.0,
    batch_time: float = 0.0,
    demo: bool = False,
) -> Simulator | DemoWorld:
    """A simulator ready to `run()` (no I/O happens until then). Raises InputError for a bad file.
    `batch_time`: the default workspace's daily batch run, in seconds after midnight UTC.
    `demo`: the scenario narrated, on a virtual clock, paced by a presenter (`DemoWorld`)."""
    if scenario is None:
        setup = default_setup(batch_time=batch_time)
        clock = RealClock(setup.start, speed)
        return assemble(setup, clock, options=Options(traffic=True)).simulator
    loaded = load_scenario(scenario)
    if demo:
        return DemoWorld(loaded, frame_seconds=frame_for(speed))
    clock = RealClock(loaded.setup.start, speed)
    simulator = assemble(loaded.setup, clock).simulator
    run = ScenarioRun(loaded, simulator)
    simulator.set_script(run.perform)
    return simulator
