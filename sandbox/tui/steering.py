"""Every command the console gives the simulator. Quick ones are called inline; slow ones run in
workers, so the screen never waits and an error becomes a notification, not a crash."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from textual.app import App

from sandbox.simulator.api import SimulatorApi
from sandbox.tui.speed import next_speed, speed_label


def duration_label(seconds: float) -> str:
    if seconds % 3600 == 0:
        return f"{seconds / 3600:g} h"
    return f"{seconds / 60:g} min" if seconds % 60 == 0 else f"{seconds:g} s"


class Steering:
    """The console's remote control. It holds no simulator state but the last fault preset."""

    def __init__(self, app: App[Any], simulator: SimulatorApi) -> None:
        self.app = app
        self.simulator = simulator
        self.faults = "none"
        """The partner fault preset this console last applied."""

    def toggle_run(self) -> None:
        if self.simulator.run_state().state == "running":
            self.simulator.pause()
        else:
            self.simulator.resume()

    def step(self, seconds: float) -> None:
        """Pause (if running) and move simulation time on by `seconds`."""
        if self.simulator.run_state().state == "running":
            self.simulator.pause()
        self._start(self.simulator.step(seconds), "step", f"Stepped {duration_label(seconds)}")

    def set_speed(self, speed: float) -> None:
        self.simulator.set_speed(speed)
        self.app.notify(f"Speed {speed_label(speed)}", timeout=2)

    def change_speed(self, faster: bool) -> None:
        self.set_speed(next_speed(self.simulator.run_state().speed, faster))

    def generate(self, count: int) -> None:
        done = f"{count:,} profiles generated"
        self._start(self.simulator.generate_profiles(count), "generate", done)

    def stream(self, count: int) -> None:
        self._start(self.simulator.stream_events(count), "stream", f"{count:,} events streamed")

    def run_batch(self) -> None:
        """AEP's batch segmentation job, now (it also runs once a simulated day)."""
        self._start(self._batch(), "batch", "")

    async def _batch(self) -> None:
        changed = await self.simulator.run_batch_job()
        self.app.notify(f"Batch segmentation ran: {changed:,} memberships changed", timeout=3)

    def set_faults(self, preset: str) -> None:
        self._start(self._faults(preset), "faults", "")

    def set_fault_rules(self, rules: list[dict[str, Any]]) -> None:
        """Rules edited in the faults screen (one preset, changed)."""
        self._start(self._fault_rules(rules), "faults", "")

    async def _fault_rules(self, rules: list[dict[str, Any]]) -> None:
        await self.simulator.set_partner_fault_rules(rules)
        self.faults = "edited"
        self.app.notify(f"Partner faults: {rules[0] if rules else 'none'}", timeout=5)

    async def _faults(self, preset: str) -> None:
        await self.simulator.set_partner_faults(preset)
        self.faults = "none" if preset == "clear" else preset
        self.app.notify(f"Partner faults: {self.faults}", timeout=3)

    def _start(self, work: Coroutine[Any, Any, None], name: str, done: str) -> None:
        """Run `work` in a worker; failures surface through `SandboxApp.on_worker_state_changed`."""
        self.app.run_worker(
            self._then(work, done), name=name, group="commands", exit_on_error=False
        )

    async def _then(self, work: Coroutine[Any, Any, None], done: str) -> None:
        await work
        if done:
            self.app.notify(done, timeout=3)
