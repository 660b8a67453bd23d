"""A backfill keeps no snapshot per profile, yet later exports are decided exactly as before.

The activation marks backfilled profiles "as stored" and takes the snapshot from the old record
only when the store is about to change it. Pinned here: the same run with the eager snapshot per
profile (the activation not following the store) queues the same exports for the same reasons.
"""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.bench import pipeline
from sandbox.clock import VirtualClock
from sandbox.composition.assemble import Options, assemble
from sandbox.events import Event, ExportQueued
from sandbox.simulator.activation import AS_STORED, Activation


async def _queued_after_changes(lazy: bool, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    if not lazy:
        monkeypatch.setattr(Activation, "follow", lambda self, store: None)
    clock = VirtualClock()
    simulator = assemble(pipeline._setup(80), clock, options=Options(journal=False)).simulator
    queued: list[tuple[str, tuple[str, ...]]] = []

    def keep(event: Event) -> None:
        if isinstance(event, ExportQueued):
            queued.append((event.profile_id, event.reasons))

    simulator.bus.subscribe(keep)
    await simulator.start()
    try:
        await pipeline._run_clock(clock, lambda: simulator.core.idle)
        core = simulator.core
        [activation] = core.activations.values()
        markers = sum(seen is AS_STORED for seen in activation._exported.values())
        assert markers == (len(core.store) if lazy else 0)
        core.random_attribute_changes(60)
        core.stream_events(core.population.choose(30))
        core.set_attributes(core.population.by_index(range(10)), {"person.birthYear": 1850})
        core.set_attributes(core.population.by_index(range(5, 15)), {"person.birthYear": 1990})
        ids = core.store.ids()
        core.store.merge(ids[20], ids[21])
        core.set_attributes(core.population.by_index([20]), {"person.birthYear": 1991})
        await core.evaluate_batch()
        await pipeline._run_clock(clock, lambda: simulator.core.idle)
    finally:
        await simulator.stop()
    return queued


async def test_backfill_markers_export_what_eager_snapshots_export(monkeypatch):
    lazy = await _queued_after_changes(True, monkeypatch)
    eager = await _queued_after_changes(False, monkeypatch)
    assert lazy == eager
    after_backfill = [reasons for _, reasons in lazy if reasons[0] != "backfill"]
    assert len(after_backfill) >= 15  # the changes above did export, for their own reasons
