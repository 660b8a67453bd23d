"""What `sandbox` (the TUI) opens: the bundled default workspace, or a scenario played paced.

The default workspace runs on a real clock at `speed` with a steady stream of live activity, so
payloads reach the partner within seconds. A scenario replays its timeline on the same simulator, its
`note` steps announced as narration (demo mode); its expectations are checked by `sandbox run`.
"""

from __future__ import annotations

from pathlib import Path

from sandbox.clock import RealClock
from sandbox.simulator.live import Simulator
from sandbox.simulator.setup import default_setup


def build_simulator(
    scenario: Path | None = None, *, speed: float = 60.0, batch_time: float = 0.0
) -> Simulator:
    """A simulator ready to `run()` (no I/O happens until then). Raises InputError for a bad file.
    `batch_time`: the default workspace's daily batch run, in seconds after midnight UTC."""
    if scenario is None:
        setup = default_setup(batch_time=batch_time)
        return Simulator(setup, clock=RealClock(setup.start, speed), traffic=True)
    # The scenario layer sits above the simulator; it is imported here, where it is used, only.
    from sandbox.scenario.load import load_scenario
    from sandbox.scenario.runner import ScenarioRun

    loaded = load_scenario(scenario)
    clock = RealClock(loaded.setup.start, speed)
    simulator = Simulator(loaded.setup, clock=clock)
    run = ScenarioRun(loaded, clock, simulator=simulator)
    simulator.set_script(run.perform)
    return simulator
