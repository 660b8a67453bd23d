"""Preparing exports from population ranges, in worker processes (or Ray tasks): never the profiles.

A worker regenerates profiles `start .. start + count - 1` from (seed, index), evaluates every
audience on them, and keeps only what the destination exports: for the backfill, the rendered
calls of the batches that filled up within the range (closed by count, as AEP's would be) and the
batches still open at its end (the caller merges those across ranges); for streaming changes, the
target-schema profiles whose change this destination must export. Profiles never leave the worker.

A `PopulationPlan` names files, not objects, so it pickles small; each worker loads the destination
and audiences once per plan (`_kit`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from sandbox.clock import DEFAULT_EPOCH
from sandbox.destinations.batching import Batch
from sandbox.destinations.bundle import DestinationBundle, load_bundle
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.rendering import render_batch
from sandbox.destinations.request import OutgoingRequest
from sandbox.profiles import ProfileFactory
from sandbox.segments.audience_set import AudienceSet
from sandbox.segments.catalog import load_audiences
from sandbox.simulator.population import set_path

PENDING_ID = "pending"
"""The export id rendered calls carry until the sender numbers them."""


@dataclass(frozen=True)
class PopulationPlan:
    """Everything a worker needs to regenerate and export a range of the population."""

    destination: Path
    server: Path
    activation: Path | None
    audiences: Path
    seed: int = 0
    locales: tuple[str, ...] | tuple[tuple[str, float], ...] = ("en_US", "en_GB", "de_DE", "fr_FR")
    """Locale codes, or (code, weight) pairs (a tuple: the plan is a cache key)."""
    lookback_days: int = 30
    max_events: int = 20
    now: float = DEFAULT_EPOCH

    def locale_choice(self) -> Sequence[str] | Mapping[str, float]:
        """`locales` as `ProfileFactory` takes them."""
        pairs = [pair for pair in self.locales if isinstance(pair, tuple)]
        return dict(pairs) if pairs else [code for code in self.locales if isinstance(code, str)]


@dataclass(frozen=True)
class RangeWork:
    """What a backfill range came to."""

    start: int
    count: int
    members: int
    """Profiles of the range in at least one mapped audience (each is exported)."""
    requests: tuple[OutgoingRequest, ...]
    leftovers: tuple[Batch, ...]


@dataclass(frozen=True)
class Kit:
    bundle: DestinationBundle
    audiences: AudienceSet
    factory: ProfileFactory
    engine: PebbleEngine


@lru_cache(maxsize=4)
def _kit(plan: PopulationPlan) -> Kit:
    engine = PebbleEngine(autoescape=True)
    bundle = load_bundle(plan.destination, plan.server, plan.activation, engine=engine)
    audiences = AudienceSet(load_audiences(plan.audiences).audiences)
    factory = ProfileFactory(
        plan.seed, plan.locale_choice(), plan.now, plan.lookback_days, plan.max_events
    )
    return Kit(bundle, audiences, factory, engine)


def kit(plan: PopulationPlan) -> Kit:
    """The loaded destination, audiences and generator of `plan` (loaded once per process)."""
    return _kit(plan)


def evaluated(plan: PopulationPlan, start: int, count: int) -> list[dict[str, Any]]:
    """Profiles `start .. start + count - 1`, their memberships evaluated at `plan.now`."""
    tools = _kit(plan)
    profiles = tools.factory.profiles(start, count)
    tools.audiences.evaluate_many(profiles, plan.now, mode=None)
    return profiles


def prepare_backfill(plan: PopulationPlan, start: int, count: int) -> RangeWork:
    """The backfill of one range: rendered full batches, and the batches left open."""
    tools = _kit(plan)
    bundle, batcher = tools.bundle, tools.bundle.batcher()
    requests: list[OutgoingRequest] = []
    members = 0
    for profile in evaluated(plan, start, count):
        if not bundle.export_reasons(None, profile):
            continue
        members += 1
        target = bundle.export_profile(profile)
        for batch in batcher.add(target, plan.now, str(profile["_id"])):
            requests.append(render_batch(bundle, batch, tools.engine, PENDING_ID))
    return RangeWork(start, count, members, tuple(requests), tuple(batcher.flush(plan.now)))


def prepare_changes(
    plan: PopulationPlan, indexes: list[int], key: int
) -> list[tuple[str, dict[str, Any]]]:
    """One attribute change each for the profiles at `indexes` (a change drawn from (seed, key,
    profile)); returns (profile id, target profile) for every change the destination exports."""
    tools = _kit(plan)
    bundle = tools.bundle
    exported: list[tuple[str, dict[str, Any]]] = []
    for index in sorted(set(indexes)):
        profile = evaluated(plan, index, 1)[0]
        before = orjson.loads(orjson.dumps(bundle.rules.snapshot(profile)))
        values = tools.factory.attribute_change(profile, key)
        for path, value in values.items():
            set_path(profile, path, value)
        tools.audiences.evaluate_many([profile], plan.now, mode=None)
        if bundle.export_reasons(before, profile, tuple(values)):
            exported.append((str(profile["_id"]), bundle.export_profile(profile)))
    return exported


def membership_bits(plan: PopulationPlan, start: int, count: int) -> dict[str, bytes]:
    """Audience id → a packed bitset of the range's members (bit i: profile `start + i`)."""
    tools = _kit(plan)
    ids = tools.audiences.ids()
    bits = {audience_id: np.zeros(count, dtype=bool) for audience_id in ids}
    for offset, profile in enumerate(evaluated(plan, start, count)):
        ups = (profile.get("segmentMembership") or {}).get("ups") or {}
        for audience_id, entry in ups.items():
            if audience_id in bits and entry.get("status") in ("realized", "existing"):
                bits[audience_id][offset] = True
    return {audience_id: np.packbits(flags).tobytes() for audience_id, flags in bits.items()}
