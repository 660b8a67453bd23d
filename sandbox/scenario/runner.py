"""Playing a scenario's timeline on a simulator, through the same commands the console gives.

Each step kind is one entry in `STEPS` (the step's model class → an `async def run_<step>(run, step)`
that calls one `ScenarioApi` command). Building the simulator and checking the expectations is the
composition root's part (`sandbox.composition.headless`). A step that raises, and any failure
published on the bus while the run goes (`FailureReported`), aborts the run with `RunAborted`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sandbox.edge.client import PageVisit
from sandbox.edge.websdk import identity_map
from sandbox.errors import RunAborted, SimulationError
from sandbox.events import (
    AudienceCallFinished,
    BatchClosed,
    ExportDelivered,
    ExportDropped,
    ExportRetryScheduled,
    FailureReported,
    HttpCallRecorded,
    StepFinished,
    StepStarted,
    TokenRefreshed,
    failure,
)
from sandbox.scenario import model, pace
from sandbox.scenario.audience_steps import STEPS as AUDIENCE_STEPS
from sandbox.scenario.load import LoadedScenario
from sandbox.scenario.observed import Observed
from sandbox.simulator.api import ScenarioApi, Selection

Progress = Callable[[int, int, str], None]
KEPT = (
    HttpCallRecorded,
    BatchClosed,
    ExportDelivered,
    ExportDropped,
    ExportRetryScheduled,
    TokenRefreshed,
    AudienceCallFinished,
)
FINAL_SETTLE = 7200.0
"""Simulated seconds the run follows retries and batch windows after its last step."""


class ScenarioRun:
    """One scenario played on one simulator; `observed` fills as it goes."""

    def __init__(
        self, loaded: LoadedScenario, simulator: ScenarioApi, pacing: pace.Pace | None = None
    ) -> None:
        self.loaded = loaded
        self.simulator = simulator
        self.pacing = pacing
        """Demo mode's presenter: time passes in chunks, notes wait (`sandbox.scenario.pace`)."""
        self.clock = simulator.clock
        self.bus = simulator.bus
        self.observed = Observed()
        self.failures: list[FailureReported] = []
        self.bus.subscribe(self._observe)

    def _observe(self, event: object) -> None:
        if isinstance(event, KEPT):
            self.observed.events.append(event)
        elif isinstance(event, FailureReported):
            self.failures.append(event)

    async def play(self, progress: Progress | None = None) -> None:
        """Start the simulator, then perform the scenario (the headless run)."""
        await self.simulator.start()
        self.simulator.spawn(self.clock.run(), "clock")
        await self.perform(progress)

    async def perform(self, progress: Progress | None = None) -> None:
        """The timeline, a final settle, and what the partner received (the simulator is running)."""
        steps = self.loaded.scenario.steps
        for index, step in enumerate(steps):
            kind = step_kind(step)
            note = step.note if isinstance(step, model.Note) else ""
            self.bus.publish(StepStarted(at=self.clock.now(), index=index, kind=kind, note=note))
            if progress:
                progress(index, len(steps), kind)
            await self._step(index, kind, step)
            self.bus.publish(StepFinished(at=self.clock.now(), index=index, kind=kind))
            if self.pacing is not None:
                await self.pacing.after_step(index, step)
        await pace.settle(self.simulator, FINAL_SETTLE, self.pacing)
        self.raise_failures()
        if progress:
            progress(len(steps), len(steps), "checking")
        await self._collect()

    async def _step(self, index: int, kind: str, step: Any) -> None:
        try:
            await STEPS[type(step)](self, step)
            await self.clock.settle()
        except Exception as error:
            where = f"{self.loaded.name}: step {index + 1} ({kind})"
            reported = failure(self.clock.now(), "step", where, error)
            self.bus.publish(reported)
            if isinstance(error, SimulationError):  # the world failed (the partner died): exit 1
                raise
            raise RunAborted(where, reported.reason) from error
        self.raise_failures()

    def raise_failures(self) -> None:
        """Abort with the first failure the bus announced (a subscriber's, a task's)."""
        if self.failures:
            first = self.failures[0]
            where = f"{self.loaded.name}: {first.source} {first.where}"
            if first.environment:
                raise SimulationError(f"{where}: {first.reason}")
            raise RunAborted(where, first.reason)

    async def _collect(self) -> None:
        self.observed.partner_records = await self.simulator.partner_records()
        self.observed.populations = self.simulator.audience_populations()


def step_kind(step: Any) -> str:
    return str(next(name for name in type(step).model_fields if name != "name"))


def selection(chosen: model.ProfileSelection) -> Selection:
    indexes = tuple(chosen.indexes) if chosen.indexes is not None else None
    return Selection(indexes, chosen.sample, chosen.first or 1)


# -- one command per step kind ------------------------------------------------------------------


async def run_generate(run: ScenarioRun, step: model.Generate) -> None:
    await run.simulator.generate_profiles(step.generate)


async def run_advance(run: ScenarioRun, step: model.Advance) -> None:
    await pace.advance(run.simulator, step.advance, run.pacing)


async def run_stream_events(run: ScenarioRun, step: model.StreamEvents) -> None:
    body = step.stream_events
    await run.simulator.stream_events_to(selection(body.profiles), body.kind, body.url)


async def run_set_attributes(run: ScenarioRun, step: model.SetAttributes) -> None:
    body = step.set_attributes
    await run.simulator.set_attributes(selection(body.profiles), body.values)


async def run_partner_faults(run: ScenarioRun, step: model.PartnerFaults) -> None:
    await run.simulator.set_partner_fault_rules(step.partner_faults)


async def run_edge_event(run: ScenarioRun, step: model.EdgeEvent) -> None:
    body = step.edge_event
    identities: dict[str, Any] = {}
    for namespace, value in (body.identity or {}).items():
        identities.update(identity_map(namespace, value, namespace != "ECID"))
    visit = PageVisit(
        body.name, identities, body.event_type, body.url, body.datastream, body.reuse_cookie_from
    )
    profile = body.profile if not body.identity else None
    exchange = await run.simulator.visit_page(visit, profile)
    run.observed.edge[body.name] = {
        "status": exchange.status,
        "response": exchange.response,
        "request": exchange.request,
    }


async def run_expire_partner_tokens(run: ScenarioRun, step: model.ExpirePartnerTokens) -> None:
    await run.simulator.expire_partner_tokens()


async def run_evaluate_batch(run: ScenarioRun, step: model.EvaluateBatch) -> None:
    await run.simulator.evaluate_batch()


async def run_settle(run: ScenarioRun, step: model.Settle) -> None:
    await pace.settle(run.simulator, step.settle, run.pacing)


async def run_note(run: ScenarioRun, step: model.Note) -> None:
    """Narration only: announced by `StepStarted`, shown in demo mode."""


StepCommand = Callable[[ScenarioRun, Any], Awaitable[None]]
STEPS: dict[type[Any], StepCommand] = {
    model.Generate: run_generate,
    model.Advance: run_advance,
    model.StreamEvents: run_stream_events,
    model.SetAttributes: run_set_attributes,
    model.PartnerFaults: run_partner_faults,
    model.EdgeEvent: run_edge_event,
    model.ExpirePartnerTokens: run_expire_partner_tokens,
    model.EvaluateBatch: run_evaluate_batch,
    model.Settle: run_settle,
    model.Note: run_note,
    **AUDIENCE_STEPS,
}
"""The step's model class → the command that performs it; a new step kind is one entry here."""
