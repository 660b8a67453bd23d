"""Demo mode's world: a scenario played as `sandbox run` plays it, paced by a presenter.

The same `ScenarioRun` on the same `VirtualClock` as a headless run (so the results screen gives
`sandbox run`'s verdicts), with a `Presenter` as its pace. Back and restart rebuild the world from
the scenario (its seed makes it the same world) and replay without waiting up to the step asked
for. The console holds this object for the whole session: it forwards each world's bus onto its
own and every command to the world of the moment.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from sandbox.clock import VirtualClock
from sandbox.composition.assemble import assemble
from sandbox.errors import RunAborted, SimulationError
from sandbox.events import EventBus
from sandbox.scenario import model
from sandbox.scenario.aborted import abort
from sandbox.scenario.checks import Outcome
from sandbox.scenario.load import LoadedScenario
from sandbox.scenario.playback import PlaybackFinished, PlaybackRestarted
from sandbox.scenario.presenter import Presenter
from sandbox.scenario.runner import ScenarioRun
from sandbox.scenario.verdicts import verdicts
from sandbox.simulator.api import (
    AudienceSummary,
    DestinationSummary,
    EdgeExchange,
    ProfileSummary,
    RunState,
)
from sandbox.simulator.live import Simulator

FRAME_AT_60 = 0.05
"""Wall seconds between two chunks of a fast-forward at the default speed (60)."""


def frame_for(speed: float) -> float:
    """`--speed X` as a fast-forward pace: 60 is the default, 0 as fast as possible."""
    return FRAME_AT_60 * 60.0 / speed if speed > 0 else 0.0


class DemoWorld:
    """A `SimulatorApi` and a `Playback`: the console's simulator in demo mode."""

    def __init__(self, loaded: LoadedScenario, *, frame_seconds: float = FRAME_AT_60) -> None:
        self.loaded = loaded
        self.frame_seconds = frame_seconds
        self.bus = EventBus()
        self._replay_to = 0
        self._rebuild = asyncio.Event()
        self.world, self.presenter = self._build(0)
        self.clock = self.world.clock
        self.finished: PlaybackFinished | None = None

    @property
    def steps(self) -> list[Any]:
        return list(self.loaded.scenario.steps)

    def _build(self, replay_to: int) -> tuple[Simulator, Presenter]:
        world = assemble(self.loaded.setup, VirtualClock(self.loaded.setup.start)).simulator
        presenter = Presenter(
            self.bus.publish,
            world.clock.now,
            len(self.loaded.scenario.steps),
            replay_to=replay_to,
            frame_seconds=self.frame_seconds,
        )
        return world, presenter

    # -- the session ---------------------------------------------------------------------------

    async def run(self) -> None:
        """Play the story; rebuild and replay when asked; until cancelled."""
        while True:
            forward = self.world.bus.subscribe(self.bus.publish)
            run = ScenarioRun(self.loaded, self.world, self.presenter)
            self.world.set_script(lambda run=run: self._story(run))  # type: ignore[misc]
            playing = asyncio.create_task(self.world.run())
            try:
                await self._rebuild.wait()
            finally:
                playing.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await playing
                forward()
            self._rebuild.clear()
            self.finished = None
            self.world, self.presenter = self._build(self._replay_to)
            self.clock = self.world.clock
            self.bus.publish(PlaybackRestarted(at=self.clock.now(), to=self._replay_to))

    async def _story(self, run: ScenarioRun) -> None:
        aborted: Outcome | None = None
        try:
            await run.perform()
        except SimulationError as error:
            aborted = abort(None, error)
        except RunAborted as error:
            aborted = Outcome(
                "run aborted", "run", False, "the scenario runs to its end", str(error)
            )
        self.finished = PlaybackFinished(
            at=self.clock.now(),
            scenario=self.loaded.name,
            outcomes=verdicts(self.loaded, run.observed, aborted),
        )
        self.presenter.index = len(self.steps)
        self.presenter.announce("done")
        self.bus.publish(self.finished)

    # -- the presenter's keys (`Playback`) -------------------------------------------------------

    def next(self) -> None:
        self.presenter.next()

    def toggle_pause(self) -> None:
        self.presenter.toggle_pause()

    def restart(self) -> None:
        self._replay(0)

    def back(self) -> None:
        """To the note before the one on screen (the story's previous slide), or the start."""
        here = self.presenter.note_index
        here = self.presenter.index + 1 if here is None else here
        notes = [i for i, step in enumerate(self.steps) if isinstance(step, model.Note)]
        self._replay(max((i for i in notes if i < here), default=0))

    def _replay(self, to: int) -> None:
        self._replay_to = to
        self._rebuild.set()

    # -- SimulatorApi: the world of the moment ---------------------------------------------------

    def run_state(self) -> RunState:
        state = self.world.run_state()
        frame = self.presenter.frame_seconds
        speed = FRAME_AT_60 * 60.0 / frame if frame > 0 else 0.0  # the console's speed scale
        return RunState("paused" if self.presenter.paused else state.state, speed, state.now)

    def servers(self) -> dict[str, str]:
        return self.world.servers()

    def audiences(self) -> list[AudienceSummary]:
        return self.world.audiences()

    def profile_count(self) -> int:
        return self.world.profile_count()

    def profiles_page(self, query: str, offset: int, limit: int) -> list[ProfileSummary]:
        return self.world.profiles_page(query, offset, limit)

    def profile(self, profile_id: str) -> dict[str, Any] | None:
        return self.world.profile(profile_id)

    def destinations(self) -> list[DestinationSummary]:
        return self.world.destinations()

    def template_source(self, destination_id: str) -> str:
        return self.world.template_source(destination_id)

    def render_preview(self, destination_id: str, template: str, profile_id: str | None) -> Any:
        return self.world.render_preview(destination_id, template, profile_id)

    def pause(self) -> None:
        if not self.presenter.paused:
            self.presenter.toggle_pause()

    def resume(self) -> None:
        if self.presenter.paused:
            self.presenter.toggle_pause()

    async def step(self, seconds: float) -> None:
        """In a story, a step is the presenter's next."""
        self.presenter.next()

    def set_speed(self, speed: float) -> None:
        """Faster or slower fast-forward: `speed` 60 is the default frame rate."""
        self.frame_seconds = frame_for(speed)
        self.presenter.frame_seconds = self.frame_seconds

    async def generate_profiles(self, count: int) -> None:
        await self.world.generate_profiles(count)

    async def stream_events(self, count: int) -> None:
        await self.world.stream_events(count)

    async def set_audience_pql(self, audience_id: str, pql: str) -> None:
        await self.world.set_audience_pql(audience_id, pql)

    async def run_batch_job(self) -> int:
        return await self.world.run_batch_job()

    async def preview_audience_pql(self, audience_id: str, pql: str) -> Any:
        return await self.world.preview_audience_pql(audience_id, pql)

    async def set_partner_faults(self, preset: str) -> None:
        await self.world.set_partner_faults(preset)

    async def set_partner_fault_rules(self, rules: list[dict[str, Any]]) -> None:
        await self.world.set_partner_fault_rules(rules)

    async def send_edge_event(
        self,
        identity: str,
        event_type: str = "web.webpagedetails.pageViews",
        page: str | None = None,
        xdm: dict[str, Any] | None = None,
    ) -> EdgeExchange:
        return await self.world.send_edge_event(identity, event_type, page, xdm)
