"""Running a load test: backfill, then streamed changes, then every outcome; what it came to.

Phases (marked on the timeline): `backfill` (ranges prepared by worker processes, their calls
sent under the global rate), `streaming` (`changes_per_second` profile changes for `duration`
wall seconds, batched as the destination aggregates), `drain` (waiting for the last outcomes,
retries included: AEP's 15 s / 30 s or 30 min waits, divided by `speed`).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from typing import Any

from sandbox.clock import RealClock
from sandbox.delivery import Deliverer, DeliverySettings, make_client
from sandbox.delivery.endpoint import EndpointOverride
from sandbox.events import EventBus
from sandbox.journal.recorder import JournalRecorder
from sandbox.load.bucket import TokenBucket
from sandbox.load.dataflow import Dataflow
from sandbox.load.phases import Submit, backfill, stream
from sandbox.load.plan import LoadPlan
from sandbox.load.preparation import kit
from sandbox.load.progress import Progress
from sandbox.load.timeline import Timeline
from sandbox.partner.process import PartnerProcess
from sandbox.simulator.activation import rebase_credentials


@dataclass
class LoadResult:
    plan: LoadPlan
    timeline: Timeline
    exported: int = 0
    delivered: int = 0
    dropped: int = 0
    internal_errors: int = 0
    members: int = 0
    changes: int = 0
    changes_exported: int = 0
    partner_received: int | None = None
    token_calls: int = 0
    wall_seconds: float = 0.0
    waited_for_preparation: float = 0.0
    drop_reasons: dict[str, int] = field(default_factory=dict)
    run_id: str | None = None
    """The journal's run (`sandbox runs show RUN_ID`), when one was recorded."""
    warnings: list[str] = field(default_factory=list)

    @property
    def attempts(self) -> int:
        return self.timeline.totals["calls"]


def executor_submit(executor: Executor) -> Submit:
    """Preparation in a process pool (the single-machine route)."""

    async def submit(function: Callable[..., Any], *args: Any) -> Any:
        future: Future[Any] = executor.submit(function, *args)
        return await asyncio.wrap_future(future)

    return submit


async def run_load(
    plan: LoadPlan, submit: Submit, progress: Callable[[str], None] | None = None
) -> LoadResult:
    """Run `plan`, preparing ranges through `submit`; the mock partner is started unless
    `plan.endpoint` names the partner's own."""
    kit(plan.population)  # loads and checks the files before anything starts
    partner, url = await start_partner(plan)
    try:
        return await _run(plan, submit, progress, url, partner)
    finally:
        if partner is not None:
            await asyncio.to_thread(partner.stop)


async def start_partner(plan: LoadPlan) -> tuple[PartnerProcess | None, str]:
    """The mock partner, started, and the base URL calls go to (the partner's own endpoint when
    `plan.endpoint` names one: then nothing is started)."""
    if plan.endpoint:
        return None, plan.endpoint
    partner = PartnerProcess()
    return partner, await asyncio.to_thread(partner.start)


async def _run(
    plan: LoadPlan,
    submit: Submit,
    progress: Callable[[str], None] | None,
    url: str,
    partner: PartnerProcess | None,
) -> LoadResult:
    tools = kit(plan.population)
    bundle = tools.bundle
    if partner is not None and plan.partner_faults:
        async with partner.admin() as admin:
            await admin.set_faults(list(plan.partner_faults))
    clock = RealClock(start=plan.population.now, speed=plan.speed)
    ticking = asyncio.ensure_future(clock.run())
    bus = EventBus()
    timeline = Timeline(bus)
    result = LoadResult(plan, timeline)
    bucket = TokenBucket(plan.rate)
    settings = DeliverySettings(timeout=plan.timeout, max_in_flight=plan.in_flight)
    client = make_client(max_connections=plan.in_flight)
    override = EndpointOverride.parse(url, "--endpoint")
    deliverer = Deliverer(client, clock, bus, settings, pace=bucket.acquire)
    flow = Dataflow(
        bundle,
        engine=tools.engine,
        deliverer=deliverer,
        credentials=rebase_credentials(bundle.credentials(), override),
        clock=clock,
        bus=bus,
        override=override,
        window=max(plan.in_flight * 4, int(plan.rate // 4)),
    )
    shown = asyncio.ensure_future(_show(timeline, flow, progress)) if progress else None
    recorder = JournalRecorder(bus, name=f"load {bundle.name}") if plan.journal else None
    flushing = asyncio.ensure_future(recorder.run_flusher()) if recorder else None
    started = time.monotonic()
    try:
        await backfill(plan, submit, flow, result)
        if plan.duration > 0 and plan.changes_per_second > 0:
            timeline.mark("streaming")
            await stream(plan, submit, flow, result)
        timeline.mark("drain")
        await flow.drain()
        timeline.mark("end")
    finally:
        flow.cancel()
        ticking.cancel()
        if shown is not None:
            shown.cancel()
        await client.aclose()
        if recorder is not None and flushing is not None:
            flushing.cancel()
            await asyncio.gather(flushing, return_exceptions=True)
            recorder.close()
            result.run_id = recorder.run_id
    result.wall_seconds = time.monotonic() - started
    result.exported = flow.exported
    result.delivered, result.dropped = flow.outcomes["delivered"], flow.outcomes["dropped"]
    result.internal_errors = flow.outcomes["internal_error"]
    result.drop_reasons = dict(flow.drop_reasons.most_common(10))
    result.token_calls = timeline.totals["token_calls"]
    if partner is not None:
        async with partner.admin() as admin:
            result.partner_received = int((await admin.stats())["total"])
    result.warnings.extend(rate_warnings(plan, result))
    return result


async def _show(timeline: Timeline, flow: Dataflow, progress: Callable[[str], None]) -> None:
    show = Progress(timeline)
    with contextlib.suppress(asyncio.CancelledError):
        while True:
            await asyncio.sleep(1.0)
            progress(show.line(flow.exported, flow.in_flight))


def rate_warnings(plan: LoadPlan, result: LoadResult) -> list[str]:
    """Say so when the backfill did not reach the asked-for rate, and why if we can tell."""
    bounds = result.timeline.phase_bounds("backfill")
    if bounds is None or bounds[1] - bounds[0] < 2:
        return [
            "the backfill lasted under 3 s: its rate is not measured "
            "(use more --profiles to measure the rate held)"
        ]
    reached = result.timeline.phase_rate("backfill")
    if reached >= 0.95 * plan.rate:
        return []
    share = result.waited_for_preparation / max(bounds[1] - bounds[0], 1)
    cause = (
        f"preparation could not keep up (the sender waited {share:.0%} of the backfill for "
        "rendered calls; add --workers or run on a cluster)"
        if share > 0.1
        else "delivery could not keep up (the partner's latency over the in-flight bound, "
        "or this machine's CPU)"
    )
    return [
        f"the rate was not reached: {reached:,.0f} calls/s held of {plan.rate:,.0f} asked; {cause}"
    ]
