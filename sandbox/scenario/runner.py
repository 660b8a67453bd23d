"""Running a scenario headless: the timeline on simulation time, then every expectation checked.

By default time is virtual (a 30-minute window passes without waiting); `realtime` paces the same
timeline on the wall clock at `speed` simulated seconds per second. The run is journaled.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from sandbox.clock import Clock, RealClock, VirtualClock
from sandbox.edge import websdk
from sandbox.errors import SimulationError
from sandbox.events import EventBus, StepFinished, StepStarted
from sandbox.partner.redaction import arrival
from sandbox.scenario import model
from sandbox.scenario.aborted import abort
from sandbox.scenario.checks import check
from sandbox.scenario.invariant import check_accounting
from sandbox.scenario.load import LoadedScenario
from sandbox.scenario.observed import Observed
from sandbox.scenario.report import ScenarioReport
from sandbox.simulator.live import Simulator
from sandbox.simulator.setup import setup_secrets
from sandbox.simulator.store import Profile

Progress = Callable[[int, int, str], None]
KEPT = (
    "HttpCallRecorded",
    "BatchClosed",
    "ExportDelivered",
    "ExportDropped",
    "ExportRetryScheduled",
    "TokenRefreshed",
)


class ScenarioRun:
    """One scenario played on one simulator; `observed` fills as it goes."""

    def __init__(
        self,
        loaded: LoadedScenario,
        clock: Clock,
        bus: EventBus | None = None,
        simulator: Simulator | None = None,
    ) -> None:
        self.loaded = loaded
        self.clock = clock
        self.bus = simulator.bus if simulator else bus or EventBus()
        self.observed = Observed()
        self.bus.subscribe(
            lambda e: self.observed.events.append(e) if type(e).__name__ in KEPT else None
        )
        self.simulator = simulator or Simulator(
            loaded.setup, clock=clock, bus=self.bus, journal=True
        )
        self._cookies: dict[str, dict[str, str]] = {}
        self._secrets = setup_secrets(loaded.setup)

    async def play(self, progress: Progress | None = None) -> None:
        """Start the simulator, then perform the scenario (the headless run)."""
        await self.simulator.start()
        if isinstance(self.clock, RealClock):
            self.simulator.spawn(self.clock.run())
        await self.perform(progress)

    async def perform(self, progress: Progress | None = None) -> None:
        """The timeline, a final settle, and what the partner received (the simulator is running)."""
        steps = self.loaded.scenario.steps
        for index, step in enumerate(steps):
            kind = _kind(step)
            note = step.note if isinstance(step, model.Note) else ""
            self.bus.publish(StepStarted(at=self.clock.now(), index=index, kind=kind, note=note))
            if progress:
                progress(index, len(steps), kind)
            await self._step(step)
            self.bus.publish(StepFinished(at=self.clock.now(), index=index, kind=kind))
        await self._settle(7200.0)
        if progress:
            progress(len(steps), len(steps), "checking")
        await self._collect()

    async def _step(self, step: Any) -> None:
        core = self.simulator.core
        if isinstance(step, model.Generate):
            await core.generate(step.generate)
        elif isinstance(step, model.Advance):
            await self._advance(step.advance)
        elif isinstance(step, model.StreamEvents):
            body = step.stream_events
            core.stream_events(self._select(body.profiles), body.kind, body.url)
        elif isinstance(step, model.SetAttributes):
            core.set_attributes(
                self._select(step.set_attributes.profiles), step.set_attributes.values
            )
        elif isinstance(step, model.PartnerFaults):
            await self._faults(step.partner_faults)
        elif isinstance(step, model.EdgeEvent):
            await self._edge(step.edge_event)
        elif isinstance(step, model.ExpirePartnerTokens):
            partner = self.simulator.partner
            if partner is not None and partner.admin is not None:
                await partner.admin.expire_tokens()
        elif isinstance(step, model.EvaluateBatch):
            await core.evaluate_batch()
        elif isinstance(step, model.Settle):
            await self._settle(step.settle)
        await self.clock.settle()

    def _select(self, selection: model.ProfileSelection) -> list[Profile]:
        population = self.simulator.core.population
        if selection.indexes is not None:
            return population.by_index(selection.indexes)
        if selection.sample is not None:
            return population.choose(selection.sample)
        return population.by_index(range(selection.first or 1))

    async def _advance(self, seconds: float) -> None:
        if isinstance(self.clock, VirtualClock):
            await self.clock.advance(seconds)
        else:
            await self.clock.sleep(seconds)

    async def _settle(self, limit: float) -> None:
        """Follow batch windows and retries until every export has an outcome (or `limit` passes)."""
        deadline = self.clock.now() + limit
        await self.clock.settle()
        while not self.simulator.core.idle and self.clock.now() < deadline:
            if isinstance(self.clock, VirtualClock):
                nxt = self.clock.next_timer
                await self.clock.run_until(min(nxt if nxt is not None else deadline, deadline))
            else:
                await self.clock.sleep(1.0)

    async def _faults(self, rules: list[dict[str, Any]]) -> None:
        partner = self.simulator.partner
        if partner is None or partner.admin is None:
            return
        if rules:
            await partner.admin.set_faults(rules, seed=self.loaded.setup.partner_seed)
        else:
            await partner.admin.clear_faults()

    async def _edge(self, body: model.EdgeEventBody) -> None:
        assert self.simulator.edge is not None
        identities = self._identities(body)
        cookies = dict(self._cookies.get(body.reuse_cookie_from or "", {}))
        xdm = websdk.page_view(body.url, "home", identities or None)
        xdm["eventType"] = body.event_type
        request = websdk.interact_body(xdm, cookies, domain="rentals.example.com")
        url = f"{self.simulator.edge.url}/ee/v1/interact?configId={body.datastream}"
        async with self.clock.busy(), httpx.AsyncClient(verify=False, timeout=10) as client:
            answer = await client.post(
                url, json=request, headers={"Origin": "https://rentals.example.com"}
            )
        response = answer.json() if answer.content else {}
        self._cookies[body.name] = {**cookies, **websdk.cookies_to_store(response)}
        self.observed.edge[body.name] = {
            "status": answer.status_code,
            "response": response,
            "request": request,
        }

    def _identities(self, body: model.EdgeEventBody) -> dict[str, Any]:
        if body.identity:
            found: dict[str, Any] = {}
            for namespace, value in body.identity.items():
                found.update(websdk.identity_map(namespace, value, namespace != "ECID"))
            return found
        if body.profile is not None:
            profile = self.simulator.core.population.by_index([body.profile])[0]
            ecid = profile.get("identityMap", {}).get("ECID", [{}])[0].get("id")
            return websdk.identity_map("ECID", ecid, authenticated=False) if ecid else {}
        return {}

    async def _collect(self) -> None:
        partner = self.simulator.partner
        if partner is not None and partner.admin is not None:
            records = await partner.admin.requests(limit=1_000_000)
            self.observed.partner_records = [
                r.model_dump(mode="json", by_alias=True) for r in records
            ]
            for record in self.observed.partner_records:  # those the live relay has not passed on
                if record.get("sequence") not in partner.relayed:
                    partner.relayed.add(record.get("sequence", -1))
                    self.bus.publish(arrival(self.clock.now(), record, self._secrets))
        membership = self.simulator.core.membership
        self.observed.populations = {
            aid: membership.population[aid] for aid in membership.audiences.ids()
        }


def _kind(step: Any) -> str:
    return str(next(name for name in type(step).model_fields if name != "name"))


async def run_scenario(
    loaded: LoadedScenario,
    *,
    realtime: bool = False,
    speed: float = 60.0,
    progress: Progress | None = None,
) -> ScenarioReport:
    start = loaded.setup.start
    clock: Clock = RealClock(start, speed) if realtime else VirtualClock(start)
    run = ScenarioRun(loaded, clock)
    started = time.perf_counter()
    aborted = None
    try:
        await run.play(progress)
    except SimulationError as error:  # e.g. the partner died: report what was observed
        aborted = abort(run.simulator.recorder, error)
    finally:
        await run.simulator.stop()
    ids = {slot.key: slot.bundle.destination_id for slot in loaded.setup.destinations}
    checked = tuple(
        check(expectation, run.observed, index, ids)
        for index, expectation in enumerate(loaded.scenario.expect)
    )
    unbalanced = check_accounting(run.observed)
    outcomes = tuple(o for o in (aborted, *checked, unbalanced) if o is not None)
    recorder = run.simulator.recorder
    return ScenarioReport(
        scenario=loaded.name,
        file=str(loaded.path),
        run_id=recorder.run_id if recorder else "",
        seconds=time.perf_counter() - started,
        simulated_seconds=clock.now() - start,
        outcomes=outcomes,
        stats={
            "partner_requests": len(run.observed.partner_records),
            "exports": len(run.observed.exports()),
        },
    )
