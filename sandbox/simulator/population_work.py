"""Generating and evaluating new profiles elsewhere (Ray tasks): the work, and how the core takes it.

`SimulatorCore.generate` normally makes and evaluates each chunk itself. Given a `PopulationWork`
(`sandbox.cluster.population` builds one on Ray), it hands out ranges of indexes instead: each is
regenerated from (seed, index) where it runs and evaluated by `evaluate_range`, exactly as
`Membership.evaluate` would (streaming and edge audiences, at the same simulated time), and comes
back as (profile, transitions, wake-up time) in index order. The core then announces the
transitions and stores the profiles in that order, so the run sees the same events as when it
did the work itself.

Audiences travel as their definitions (`AudienceSpec`, compiled PQL does not pickle) and are
compiled once per worker process.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import lru_cache
from typing import Any, Protocol

from sandbox.profiles import ProfileFactory
from sandbox.segments.audience_set import AudienceSet
from sandbox.segments.definition import make_audience
from sandbox.segments.membership import Transition
from sandbox.simulator.membership import STREAMING_MODES

Evaluated = tuple[dict[str, Any], list[Transition], float | None]
AudienceSpec = tuple[tuple[str, str, str, str, str], ...]
"""(id, name, PQL, requested mode, description) of each audience."""


class PopulationWork(Protocol):
    def __call__(
        self, factory: ProfileFactory, audiences: AudienceSpec, first: int, count: int, now: float
    ) -> AsyncIterator[list[Evaluated]]:
        """Profiles `first .. first + count - 1`, evaluated at `now`, a range at a time, in order."""
        ...


def audience_spec(audiences: AudienceSet) -> AudienceSpec:
    return tuple((a.id, a.name, a.expression, a.requested_mode, a.description) for a in audiences)


@lru_cache(maxsize=8)
def compiled(spec: AudienceSpec) -> AudienceSet:
    return AudienceSet(make_audience(*entry[:4], description=entry[4])[0] for entry in spec)


def evaluate_range(
    factory: ProfileFactory, spec: AudienceSpec, first: int, count: int, now: float
) -> list[Evaluated]:
    """Profiles `first .. first + count - 1` with their streaming transitions and wake-up times."""
    audiences = compiled(spec)
    evaluated: list[Evaluated] = []
    for profile in factory.profiles(first, count):
        transitions, when = audiences.evaluate_with_wakeup(profile, now, modes=STREAMING_MODES)
        evaluated.append((profile, transitions, when))
    return evaluated
