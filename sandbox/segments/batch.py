"""Batch evaluation: many profiles through one list of audiences at one moment.

A batch run judges every profile with the same audiences at the same `now`, so what
`AudienceSet.evaluate` sets up per profile and audience (an evaluation frame, the text of
`lastQualificationTime`) is set up once per run, and each profile's `segmentMembership.ups` is
looked up once rather than once per audience. The outcome, memberships written and transitions
returned, is the same as `AudienceSet.evaluate` on each profile in turn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from sandbox.clock import isoformat
from sandbox.segments.compiled import EvalContext
from sandbox.segments.definition import Audience
from sandbox.segments.membership import Transition, record, ups_of
from sandbox.segments.runtime import QUALIFYING, Frame, Test
from sandbox.segments.stamps import forget, remember_many

SLICE = 1000
"""Profiles whose event timestamps are parsed in one go."""


class BatchRun:
    """The audiences (in dependency order) bound to one evaluation time."""

    def __init__(self, audiences: Sequence[Audience], now: float) -> None:
        context = EvalContext(now)
        self._bound: list[tuple[str, Test, Frame]] = [
            (audience.id, *audience.compiled.bound(context)) for audience in audiences
        ]
        self._stamp = isoformat(now)
        self._uses_events = any(audience.compiled.uses_events for audience in audiences)

    def run(self, profiles: Iterable[dict[str, Any]]) -> list[Transition]:
        """Evaluate every profile; record and return the membership changes, profile by profile.

        Profiles go in slices whose event timestamps are parsed together first, when some
        audience reads events, and taken out of the memo again after the slice (see `stamps`)."""
        changes: list[Transition] = []
        remaining = iter(profiles)
        while batch := list(islice(remaining, SLICE)):
            parsed = remember_many(event_stamps(batch)) if self._uses_events else []
            for profile in batch:
                self._profile(profile, changes)
            forget(parsed)
        return changes

    def _profile(self, profile: dict[str, Any], changes: list[Transition]) -> None:
        """One profile through every audience. `ups` is read once, and again only when a write
        creates it; the status lookup is `membership.previous_status`, inlined (it runs once per
        profile and audience)."""
        ups = ups_of(profile)
        for audience_id, test, frame in self._bound:
            frame.profile = profile
            qualified = test(frame)
            entry = ups.get(audience_id) if ups is not None else None
            previous = entry.get("status") if type(entry) is dict else None
            if qualified != (previous in QUALIFYING):
                ups, change = record(profile, audience_id, qualified, previous, self._stamp, ups)
                changes.append(change)


def event_stamps(profiles: list[dict[str, Any]]) -> list[Any]:
    """The `timestamp` of every event in the profiles' `xEvent` lists."""
    return [
        event.get("timestamp")
        for profile in profiles
        if type(events := profile.get("xEvent")) is list
        for event in events
        if type(event) is dict
    ]
