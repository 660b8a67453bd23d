"""A scenario past one machine (more than 2,000,000 profiles) on Ray: its population counted.

No process holds such a population, so the scenario is not played profile by profile: its ranges
(the initial population, then each `generate` step) are Ray
tasks that regenerate their profiles from (seed, index), evaluate them as the simulator would
(`evaluate_range`, streaming and edge audiences) at the time the timeline ends (its `advance`
steps added up: a time window passing moves a profile in or out as the simulator's wake-ups
would), and return counts only: members per audience, and per destination the profiles
in at least one of its mapped audiences (what its backfill exports). At most `window` ranges are
out at once and the ranges are produced lazily, so the driver's memory does not grow with the
population. Each destination's backfill is then delivered on the cluster
(`sandbox.cluster.backfill`, the code of `sandbox load --cluster`). Only what counts and backfills
can check is accepted (`census_problems`): `note`, `advance`, `settle` and `generate` steps,
`audience` and `exports` expectations.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sandbox.cluster.backfill import (
    backfill_outcome,
    backfill_problems,
    check_exports,
    deliver_backfills,
)
from sandbox.errors import InputError, Problem
from sandbox.load.bucket import AEP_CEILING
from sandbox.profiles import ProfileFactory
from sandbox.scenario import model
from sandbox.scenario.checks import check
from sandbox.scenario.load import LoadedScenario
from sandbox.scenario.observed import Observed
from sandbox.scenario.problems import dotted
from sandbox.scenario.report import ScenarioReport
from sandbox.segments.audience_set import AudienceSet
from sandbox.simulator.population_work import AudienceSpec, audience_spec, evaluate_range

STEPS = (model.Note, model.Advance, model.Settle, model.Generate)
EXPECTATIONS = (model.AudiencePopulation, model.Exports)
Counts = tuple[dict[str, int], list[int]]


def needs_census(loaded: LoadedScenario) -> bool:
    return model.profiles_made(loaded.scenario) > model.ONE_MACHINE


def check_census(loaded: LoadedScenario) -> None:
    """InputError locating each step or expectation a census cannot play or check."""
    problems = []
    found = census_problems(loaded.scenario) + backfill_problems(loaded.scenario)
    for location, message in found:
        line = loaded.source.line_of(location)
        where = f"line {line}: {dotted(location)}" if line else dotted(location)
        problems.append(Problem(loaded.source.name, where, message))
    if problems:
        raise InputError(problems)


def census_problems(scenario: model.Scenario) -> list[tuple[tuple[str | int, ...], str]]:
    """(location, message) of each step or expectation a census cannot play or check."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    why = (
        "a population past one machine (2,000,000 profiles) is counted on the cluster and "
        "only its backfill delivered, so only"
    )
    for index, step in enumerate(scenario.steps):
        if not isinstance(step, STEPS):
            kind = next(name for name in type(step).model_fields if name != "name")
            problems.append(
                (("steps", index, kind), f"{why} note, advance, settle and generate steps run")
            )
    for index, expectation in enumerate(scenario.expect):
        if not isinstance(expectation, EXPECTATIONS):
            kind = next(name for name in type(expectation).model_fields if name != "name")
            problems.append(
                (
                    ("expect", index, kind),
                    f"{why} `audience` and `exports` expectations are checked",
                )
            )
    return problems


def count_range(
    factory: ProfileFactory,
    spec: AudienceSpec,
    mapped: tuple[frozenset[str], ...],
    first: int,
    count: int,
    now: float,
) -> Counts:
    """Members per audience among profiles `first .. first + count - 1`, and per destination the
    profiles in at least one of its `mapped` audiences."""
    members: Counter[str] = Counter()
    exported = [0] * len(mapped)
    for _, transitions, _ in evaluate_range(factory, spec, first, count, now):
        joined = {t.audience_id for t in transitions if t.status == "realized"}
        members.update(joined)
        for n, ids in enumerate(mapped):
            exported[n] += bool(joined & ids)
    return dict(members), exported


def ranges(first: int, count: int, size: int) -> Iterator[tuple[int, int]]:
    """(start, count) of each range, produced as asked for (10^8 profiles are not a list)."""
    for start in range(first, first + count, size):
        yield start, min(size, first + count - start)


@dataclass
class Census:
    profiles: int = 0
    populations: Counter[str] = field(default_factory=Counter)
    backfill: Counter[str] = field(default_factory=Counter)
    """Destination key → profiles its backfill exports."""
    ranges: int = 0
    most_pending: int = 0
    """The most ranges out at once (bounded by the window, whatever the population)."""


class CensusTaker:
    """Counts a scenario's population on Ray, `window` ranges at a time."""

    def __init__(
        self,
        ray: Any,
        range_size: int = 50_000,
        window: int | None = None,
        address: str | None = None,
        rate: float = AEP_CEILING,
    ) -> None:
        self._ray = ray
        self.address, self.rate = address, rate
        self._task = ray.remote(count_range)
        self.range_size = range_size
        self.window = window or max(2, 2 * int(ray.cluster_resources().get("CPU", 1)))

    async def count(self, loaded: LoadedScenario) -> tuple[Census, float]:
        """The census of the whole scenario, and the simulated time it ends at."""
        setup, census = loaded.setup, Census()
        steps = loaded.scenario.steps
        end = setup.start + sum(s.advance for s in steps if isinstance(s, model.Advance))
        spec = setup.population
        factory = ProfileFactory(
            setup.seed, spec.locales, setup.start, spec.lookback_days, spec.max_events
        )
        keys = tuple(slot.key for slot in setup.destinations)
        mapped = tuple(slot.bundle.mapped_audience_ids for slot in setup.destinations)
        shared = self._ray.put(factory), self._ray.put(audience_spec(AudienceSet(setup.audiences)))
        await self._add(census, shared, mapped, keys, spec.count, end)
        for step in steps:
            if isinstance(step, model.Generate):
                await self._add(census, shared, mapped, keys, step.generate, end)
        return census, end

    async def _add(
        self,
        census: Census,
        shared: tuple[Any, Any],
        mapped: tuple[frozenset[str], ...],
        keys: tuple[str, ...],
        count: int,
        now: float,
    ) -> None:
        pending: deque[Any] = deque()
        for start, size in ranges(census.profiles, count, self.range_size):
            pending.append(self._task.remote(*shared, mapped, start, size, now))
            census.most_pending = max(census.most_pending, len(pending))
            if len(pending) >= self.window:
                self._tally(census, keys, await pending.popleft())
        while pending:
            self._tally(census, keys, await pending.popleft())
        census.profiles += count

    def _tally(self, census: Census, keys: tuple[str, ...], counts: Counts) -> None:
        members, exported = counts
        census.ranges += 1
        census.populations.update(members)
        census.backfill.update(dict(zip(keys, exported, strict=True)))


async def census_report(taker: CensusTaker, loaded: LoadedScenario) -> ScenarioReport:
    started = time.perf_counter()
    census, end = await taker.count(loaded)
    seen = Observed(populations=dict(census.populations))
    delivered = await deliver_backfills(loaded, taker.address, taker.rate)
    outcomes = [backfill_outcome(key, result) for key, result in delivered.items()]
    for n, expectation in enumerate(loaded.scenario.expect):
        if isinstance(expectation, model.Exports):
            name = expectation.name or f"{n + 1}. exports"
            outcomes.append(check_exports(expectation.exports, delivered, name))
        else:
            outcomes.append(check(expectation, seen, n))
    return ScenarioReport(
        scenario=loaded.name,
        file=str(loaded.path),
        run_id="",
        seconds=time.perf_counter() - started,
        simulated_seconds=end - loaded.setup.start,
        outcomes=tuple(outcomes),
        stats={
            "journals": {key: result.run_id for key, result in delivered.items()},
            "census": True,
            "profiles": census.profiles,
            "ranges": census.ranges,
            "populations": dict(census.populations),
            "backfill_exports": {key: result.members for key, result in delivered.items()},
        },
    )
