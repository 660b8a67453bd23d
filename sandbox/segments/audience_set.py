"""A set of compiled audiences in dependency order, evaluated against profiles (pure, synchronous).

    audiences = AudienceSet(load_audiences("audiences.json").audiences)
    changes = audiences.evaluate(profile, clock.now(), modes={"streaming", "edge"})
    wake_at = audiences.next_wakeup(profile, clock.now(), modes={"streaming", "edge"})

`inSegment` reads the profile's own `segmentMembership`, which evaluation updates as it goes, so
an audience sees the fresh membership of every audience it references (they come first).
References to audiences outside the set read whatever the profile already carries.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Any

from sandbox.errors import InputError, Problem
from sandbox.segments.batch import BatchRun
from sandbox.segments.compiled import EvalContext
from sandbox.segments.definition import Audience, make_audience
from sandbox.segments.membership import Transition, settle

Modes = Collection[str] | None
"""Evaluation modes to include ("batch", "streaming", "edge"); None means all."""


class AudienceSet:
    """Audiences by id, ordered so that every audience follows those it references."""

    def __init__(self, audiences: Iterable[Audience] = ()) -> None:
        self._by_id: dict[str, Audience] = {}
        for audience in audiences:
            if audience.id in self._by_id:
                raise InputError.single(
                    audience.compiled.source,
                    f"audience {audience.id}",
                    "two audiences share this id; ids must be unique",
                )
            self._by_id[audience.id] = audience
        self._order = dependency_order(self._by_id)
        self._selections: dict[tuple[Any, Any], list[Audience]] = {}

    def __len__(self) -> int:
        return len(self._order)

    def __iter__(self) -> Iterator[Audience]:
        return iter(self._order)

    def ids(self) -> list[str]:
        """Audience ids in evaluation (dependency) order."""
        return [audience.id for audience in self._order]

    def get(self, audience_id: str) -> Audience | None:
        return self._by_id.get(audience_id)

    def mode(self, audience_id: str) -> str:
        return self._by_id[audience_id].mode

    def redefine(self, audience_id: str, pql: str) -> list[Problem]:
        """Replace an audience's PQL, keeping its id, name and requested mode; returns warnings.

        Raises InputError for bad PQL, an unknown id or a reference cycle (then nothing changes).
        """
        old = self._by_id.get(audience_id)
        if old is None:
            raise InputError.single("<audiences>", audience_id, "no audience has this id")
        new, warnings = make_audience(
            audience_id, old.name, pql, old.requested_mode, description=old.description
        )
        candidate = {**self._by_id, audience_id: new}
        self._order = dependency_order(candidate)
        self._by_id = candidate
        self._selections.clear()
        return warnings

    def evaluate(
        self,
        profile: dict[str, Any],
        now: float,
        modes: Modes = None,
        ids: Iterable[str] | None = None,
    ) -> list[Transition]:
        """Evaluate the chosen audiences (all, or of `modes` / `ids`); record and return changes."""
        context = EvalContext(now)
        changes: list[Transition] = []
        for audience in self._select(modes, ids):
            change = settle(profile, audience.id, audience.compiled.matches(profile, context), now)
            if change is not None:
                changes.append(change)
        return changes

    def evaluate_with_wakeup(
        self,
        profile: dict[str, Any],
        now: float,
        modes: Modes = None,
        ids: Iterable[str] | None = None,
    ) -> tuple[list[Transition], float | None]:
        """`evaluate` and `next_wakeup` (over the same audiences) in one pass."""
        context = EvalContext(now)
        changes: list[Transition] = []
        wakeup: float | None = None
        for audience in self._select(modes, ids):
            verdict = audience.compiled.evaluate(profile, context)
            change = settle(profile, audience.id, verdict.matched, now)
            if change is not None:
                changes.append(change)
            if verdict.horizon is not None and (wakeup is None or verdict.horizon < wakeup):
                wakeup = verdict.horizon
        return changes, wakeup

    def evaluate_many(
        self, profiles: Iterable[dict[str, Any]], now: float, mode: str | None = "batch"
    ) -> list[Transition]:
        """A batch run: the audiences of `mode` (None: all) over every profile."""
        modes = None if mode is None else (mode,)
        return BatchRun(self._select(modes, None), now).run(profiles)

    def evaluate_chunk(
        self, profiles: list[dict[str, Any]], now: float, modes: Modes = None
    ) -> list[list[Transition]] | None:
        """`evaluate` on each profile in turn, done as one batch run: the changes per profile, in
        order. None (nothing evaluated) when a chosen audience depends on time (its wake-up needs
        `evaluate_with_wakeup`, profile by profile) or two profiles share an id."""
        chosen = self._select(modes, None)
        ids = {str(profile.get("_id", "")): index for index, profile in enumerate(profiles)}
        if len(ids) < len(profiles) or any(a.compiled.time_dependent for a in chosen):
            return None  # (two profiles with one id: their changes could not be told apart)
        per_profile: list[list[Transition]] = [[] for _ in profiles]
        for change in BatchRun(chosen, now).run(profiles):
            per_profile[ids[change.profile_id]].append(change)
        return per_profile

    def next_wakeup(self, profile: dict[str, Any], now: float, modes: Modes = None) -> float | None:
        """The earliest time after `now` at which time passing alone could move the profile into or
        out of one of the chosen audiences; None when no window can."""
        context = EvalContext(now)
        horizons = [
            horizon
            for audience in self._select(modes, None)
            if audience.compiled.time_dependent
            and (horizon := audience.compiled.horizon(profile, context)) is not None
        ]
        return min(horizons, default=None)

    def _select(self, modes: Modes, ids: Iterable[str] | None) -> list[Audience]:
        key = (None if modes is None else frozenset(modes), None if ids is None else frozenset(ids))
        chosen = self._selections.get(key)
        if chosen is None:
            chosen = [
                audience
                for audience in self._order
                if (key[0] is None or audience.mode in key[0])
                and (key[1] is None or audience.id in key[1])
            ]
            if len(self._selections) < 64:
                self._selections[key] = chosen
        return chosen


def dependency_order(audiences: dict[str, Audience]) -> list[Audience]:
    """Audiences so that each comes after those its `inSegment` names; InputError on a cycle."""
    ordered: list[Audience] = []
    state: dict[str, str] = {}
    for audience_id in audiences:
        _visit(audience_id, audiences, state, ordered, [])
    return ordered


def _visit(
    audience_id: str,
    audiences: dict[str, Audience],
    state: dict[str, str],
    ordered: list[Audience],
    trail: list[str],
) -> None:
    if state.get(audience_id) == "done":
        return
    if state.get(audience_id) == "visiting":
        raise _cycle_error(trail[trail.index(audience_id) :] + [audience_id], audiences)
    state[audience_id] = "visiting"
    audience = audiences[audience_id]
    for reference in sorted(audience.compiled.references):
        if reference in audiences:
            _visit(reference, audiences, state, ordered, [*trail, audience_id])
    state[audience_id] = "done"
    ordered.append(audience)


def _cycle_error(cycle: list[str], audiences: dict[str, Audience]) -> InputError:
    names = " → ".join(f"{audiences[i].name!r} ({i})" for i in cycle)
    first = audiences[cycle[0]]
    return InputError.single(
        first.compiled.source,
        f"audience {first.id}",
        f"inSegment references form a cycle: {names}; an audience cannot depend on itself, "
        "directly or through others",
    )
