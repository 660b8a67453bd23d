"""Scenario steps that change an activation's audiences, and the expectation on audience calls.

    - map_audience: {destination: hub, audience: 5b1e..., name: Gold members}
    - rename_audience: {audience: 5b1e..., name: Gold members (EU)}
    - unmap_audience: {destination: hub, audience: 5b1e...}
    - end_activation: {destination: hub}                  # delete every audience
    expect:
      - audience_calls: {destination: hub, operation: create, outcome: failed, count: 1}

Each step is its own `run_<step>(run, step)` (`STEPS` maps the step's model to it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sandbox.events import AudienceCallFinished
from sandbox.scenario import model
from sandbox.scenario.checks import describe, within
from sandbox.scenario.observed import Observed


async def run_map_audience(run: Any, step: model.MapAudience) -> None:
    body = step.map_audience
    await run.simulator.map_audience(body.destination, body.audience, body.name, body.mapping_id)


async def run_unmap_audience(run: Any, step: model.UnmapAudience) -> None:
    body = step.unmap_audience
    await run.simulator.unmap_audience(body.destination, body.audience)


async def run_rename_audience(run: Any, step: model.RenameAudience) -> None:
    body = step.rename_audience
    await run.simulator.rename_audience(body.destination, body.audience, body.name)


async def run_end_activation(run: Any, step: model.EndActivation) -> None:
    await run.simulator.end_activation(step.end_activation.destination)


STEPS: dict[type[Any], Callable[[Any, Any], Awaitable[None]]] = {
    model.MapAudience: run_map_audience,
    model.UnmapAudience: run_unmap_audience,
    model.RenameAudience: run_rename_audience,
    model.EndActivation: run_end_activation,
}


def check_audience_calls(spec: model.AudienceCallsBody, seen: Observed) -> tuple[bool, str, str]:
    calls = [
        c
        for c in seen.of(AudienceCallFinished)
        if spec.destination in (None, c.destination_id)
        and spec.operation in (None, c.operation)
        and spec.audience in (None, c.audience_id)
        and (spec.outcome == "any" or c.ok == (spec.outcome == "ok"))
    ]
    what = " ".join(
        part
        for part in (
            "" if spec.outcome == "any" else spec.outcome,
            spec.operation or "audience",
            "calls",
            f"for audience {spec.audience}" if spec.audience else "",
        )
        if part
    )
    expected = f"{describe(spec.count) if spec.count is not None else 'some'} {what}"
    passed = within(len(calls), spec.count) if spec.count is not None else bool(calls)
    failures = [c for c in calls if not c.ok]
    if spec.reason_contains is not None:
        expected += f", failures saying {spec.reason_contains!r}"
        passed = passed and all(spec.reason_contains in c.reason for c in failures)
    shown = "; ".join(_line(c) for c in calls[:6]) + (" ..." if len(calls) > 6 else "")
    return passed, expected, f"{len(calls)} {what}" + (f": {shown}" if shown else "")


def _line(call: AudienceCallFinished) -> str:
    target = call.audience_name or call.audience_id or "connection"
    if call.ok:
        return f"{call.operation} {target} ok" + (
            f" -> {call.external_id}" if call.external_id else ""
        )
    return f"{call.operation} {target} failed: {call.reason}"
