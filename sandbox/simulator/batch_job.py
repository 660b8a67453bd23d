"""AEP's scheduled batch segmentation on the simulation clock: once a day, and on demand.

AEP evaluates batch audiences once every 24 hours (and on demand, "flexible audience
evaluation"); streaming and edge audiences evaluate as data arrives. The job runs each simulated
day at `at` seconds after midnight UTC (a workspace and scenario setting), evaluates every batch
audience over every profile, and announces itself on the bus (`BatchJobRan`, after the
`AudienceEvaluated` of each audience). Runs never overlap: one asked for while another is going
waits for it.
"""

from __future__ import annotations

import asyncio

from sandbox.clock import Clock
from sandbox.events import BatchJobRan, EventBus
from sandbox.simulator.schedule import next_run
from sandbox.simulator.simulator import SimulatorCore


class BatchJob:
    """The daily batch segmentation job of one simulator."""

    def __init__(self, core: SimulatorCore, clock: Clock, bus: EventBus, at: float | None) -> None:
        self.core = core
        self.clock = clock
        self.bus = bus
        self.at = at
        """Seconds after midnight UTC of the daily run; None: runs only on demand."""
        self.last_evaluated: dict[str, float] = {}
        """When each batch audience was last evaluated (simulation time)."""
        self._lock = asyncio.Lock()

    def next_run(self) -> float | None:
        return None if self.at is None else next_run(self.clock.now(), self.at)

    async def run_daily(self) -> None:
        """Run at the set time every simulated day, until cancelled."""
        while self.at is not None:
            await self.clock.sleep_until(next_run(self.clock.now(), self.at))
            await self.run_now("scheduled")

    async def run_now(self, trigger: str = "on demand") -> int:
        """Evaluate every batch audience over every profile now; how many memberships changed."""
        async with self._lock:
            started = self.clock.now()
            audiences = self.core.membership.audiences
            ids = tuple(i for i in audiences.ids() if audiences.mode(i) == "batch")
            changed = await self.core.evaluate_batch()
            for audience_id in ids:
                self.last_evaluated[audience_id] = started
            self.bus.publish(
                BatchJobRan(
                    at=self.clock.now(),
                    trigger=trigger,
                    audience_ids=ids,
                    changed=changed,
                    next_run=self.next_run(),
                )
            )
            return changed
