"""Audience membership over time: streaming re-evaluation on change, batch runs, time-window exits.

The PQL engine (`sandbox.segments`) is pure and synchronous; this module adds the clock. A profile whose
qualification can change by time passing alone ("purchased in the last 3 hours") gets a wake-up timer at
the engine's horizon, so it exits exactly when its window passes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sandbox.clock import Clock
from sandbox.events import AudienceEvaluated, EventBus, MembershipChanged
from sandbox.segments.audience_set import AudienceSet
from sandbox.segments.membership import Transition
from sandbox.simulator.store import Profile, ProfileStore
from sandbox.simulator.wakeups import Wakeups

STREAMING_MODES = frozenset({"streaming", "edge"})
OnTransitions = Callable[[Profile, Sequence[Transition]], None]


class Membership:
    """Evaluates audiences as profiles change, and announces every `realized`/`exited` change."""

    def __init__(
        self,
        audiences: AudienceSet,
        store: ProfileStore,
        clock: Clock,
        bus: EventBus,
        on_transitions: OnTransitions,
    ) -> None:
        self.audiences = audiences
        self._store = store
        self._clock = clock
        self._bus = bus
        self._on_transitions = on_transitions
        self.wakeups = Wakeups(clock, self._wake)
        self.population: Counter[str] = Counter()
        self.realized_total: Counter[str] = Counter()
        self.exited_total: Counter[str] = Counter()

    def evaluate(
        self,
        profile: Profile,
        modes: frozenset[str] = STREAMING_MODES,
        ids: Iterable[str] | None = None,
        notify: bool = True,
    ) -> list[Transition]:
        """Evaluate `profile` (a working copy: the caller keeps it in the store when transitions
        came back), announce the changes, and (with `notify`) hand them to the activations."""
        now = self._clock.now()
        transitions, when = self.audiences.evaluate_with_wakeup(profile, now, modes=modes, ids=ids)
        self._announce(profile, transitions, now, notify)
        if ids is None and modes == STREAMING_MODES:
            self.wakeups.schedule(str(profile["_id"]), when, now)
        return transitions

    def evaluate_new(self, profiles: list[Profile]) -> None:
        """`evaluate` on each of `profiles` in turn (newly generated: no wake-up is pending for
        them), with one batch run over them all when no streaming audience depends on time."""
        now = self._clock.now()
        per_profile = self.audiences.evaluate_chunk(profiles, now, modes=STREAMING_MODES)
        if per_profile is None:
            for profile in profiles:
                self.evaluate(profile)
            return
        for profile, transitions in zip(profiles, per_profile, strict=True):
            self._announce(profile, transitions, now, True)
            self.wakeups.schedule(str(profile["_id"]), None, now)  # as `evaluate` does

    def apply(self, profile: Profile, transitions: list[Transition], when: float | None) -> None:
        """What `evaluate` does with the outcome of an evaluation made elsewhere (the same
        audiences, at the same time): announce, notify, schedule the wake-up."""
        now = self._clock.now()
        self._announce(profile, transitions, now, True)
        self.wakeups.schedule(str(profile["_id"]), when, now)

    def evaluate_batch_one(self, profile: Profile) -> int:
        """Batch audiences on one profile (a working copy, kept when it changed); returns how many
        memberships changed."""
        now = self._clock.now()
        transitions = self.audiences.evaluate(profile, now, modes=frozenset({"batch"}))
        if transitions:
            self._store.put(profile)
            self._announce(profile, transitions, now, True)
        return len(transitions)

    def batch_evaluated(self) -> None:
        """A batch run over the population ended: each batch audience's new population."""
        now = self._clock.now()
        for audience_id in self.audiences.ids():
            if self.audiences.mode(audience_id) == "batch":
                self._bus.publish(
                    AudienceEvaluated(
                        at=now,
                        audience_id=audience_id,
                        population=self.population[audience_id],
                        mode="batch",
                    )
                )

    def _announce(
        self, profile: Profile, transitions: Sequence[Transition], now: float, notify: bool
    ) -> None:
        for change in transitions:
            if change.status == "realized":
                self.population[change.audience_id] += 1
                self.realized_total[change.audience_id] += 1
            elif change.previous in ("realized", "existing"):
                self.population[change.audience_id] -= 1
                self.exited_total[change.audience_id] += 1
            self._bus.publish(
                MembershipChanged(
                    at=now,
                    profile_id=change.profile_id,
                    audience_id=change.audience_id,
                    status=change.status,
                    previous=change.previous,
                )
            )
        if transitions and notify:
            self._on_transitions(profile, transitions)

    def _wake(self, profile_id: str) -> None:
        profile = self._store.get(profile_id)
        if profile is not None and self.evaluate(profile):
            self._store.put(profile)

    def cancel(self) -> None:
        self.wakeups.cancel()

    def summary(self, audience_id: str) -> dict[str, Any]:
        return {
            "population": self.population[audience_id],
            "realized_total": self.realized_total[audience_id],
            "exited_total": self.exited_total[audience_id],
        }
