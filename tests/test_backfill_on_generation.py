"""A destination whose connection calls nothing on the partner backfills each profile as it is
generated: the same exports, batches and partner arrivals as generating first and backfilling the
stored population after, and a partner that lags holds generation back instead of piling up calls."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.bench import pipeline
from sandbox.clock import VirtualClock
from sandbox.composition.assemble import Options, assemble
from sandbox.events import BatchClosed, Event, ExportQueued
from sandbox.simulator import record_codec
from sandbox.simulator import simulator as core_module
from sandbox.simulator.live import Simulator


async def _run(fused: bool, count: int, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setattr(record_codec, "TRAIN_AFTER", 40)  # compressed records from the 41st on
    if not fused:
        monkeypatch.setattr(Simulator, "_connects_without_calls", lambda self: False)
    clock = VirtualClock()
    simulator = assemble(pipeline._setup(count), clock, options=Options(journal=False)).simulator
    seen: dict[str, list[Any]] = {"queued": [], "batches": []}

    def keep(event: Event) -> None:
        if isinstance(event, ExportQueued):
            seen["queued"].append((event.at, event.profile_id, event.reasons))
        elif isinstance(event, BatchClosed):
            seen["batches"].append((event.at, event.export_id, event.profile_ids, event.reason))

    simulator.bus.subscribe(keep)
    await simulator.start()
    try:
        await pipeline._run_clock(clock, lambda: simulator.core.idle)
        core = simulator.core
        core.set_attributes(core.population.by_index(range(0, 30, 3)), {"person.birthYear": 1850})
        await pipeline._run_clock(clock, lambda: simulator.core.idle)
        records = await simulator.partner_records()
    finally:
        await simulator.stop()
    seen["bodies"] = sorted(str(r.get("body")) for r in records)
    seen["summary"] = [(s.queued, s.delivered, s.dropped) for s in simulator.destinations()]
    return seen


async def test_backfill_while_generating_exports_what_backfill_after_exports(monkeypatch):
    fused = await _run(True, 230, monkeypatch)
    after = await _run(False, 230, monkeypatch)
    assert fused == after
    assert len(fused["queued"]) > 230 and len(fused["bodies"]) >= 24


async def test_a_lagging_partner_holds_generation_back(monkeypatch):
    monkeypatch.setattr(core_module, "MAX_BACKLOG", 6)
    clock = VirtualClock()
    simulator = assemble(pipeline._setup(3000), clock, options=Options(journal=False)).simulator
    backlogs: list[int] = []
    original = core_module.SimulatorCore._catch_up

    async def watched(self: core_module.SimulatorCore, backfill: Any) -> None:
        await original(self, backfill)
        backlogs.append(max((a.backlog for a in backfill), default=0))

    monkeypatch.setattr(core_module.SimulatorCore, "_catch_up", watched)
    await simulator.start()
    try:
        await pipeline._run_clock(clock, lambda: simulator.core.idle)
        received = len(await simulator.partner_records())
    finally:
        await simulator.stop()
    assert received == 300
    assert backlogs and max(backlogs) <= 6  # each part waits until at most 3 are on their way
