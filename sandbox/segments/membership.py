"""Audience membership as AEP records it (`segmentMembership.ups.<id>`), and its changes."""

from __future__ import annotations

from typing import Any, NamedTuple

from sandbox.clock import isoformat
from sandbox.segments.runtime import QUALIFYING, membership_status

REALIZED = "realized"
EXITED = "exited"

Ups = dict[str, Any]
"""`segmentMembership.ups`: audience id to `{"status": ..., "lastQualificationTime": ...}`."""


class Transition(NamedTuple):
    """A profile entered (`realized`) or left (`exited`) an audience; `previous`: the old status.

    A named tuple rather than a frozen dataclass: a batch run makes millions of these, and a
    tuple is built in a third of the time."""

    profile_id: str
    audience_id: str
    status: str
    previous: str | None


def status_of(profile: dict[str, Any], audience_id: str) -> str | None:
    """The profile's recorded status for the audience: realized, existing, exited, or None."""
    return membership_status(profile, audience_id)


def is_member(profile: dict[str, Any], audience_id: str) -> bool:
    """Realized and existing both count as in the audience."""
    return membership_status(profile, audience_id) in QUALIFYING


def ups_of(profile: dict[str, Any]) -> Ups | None:
    """The profile's `segmentMembership.ups`, or None when it has none (or it is not an object)."""
    memberships = profile.get("segmentMembership")
    ups = memberships.get("ups") if type(memberships) is dict else None
    return ups if type(ups) is dict else None


def previous_status(ups: Ups | None, audience_id: str) -> str | None:
    """The status recorded in `ups` for the audience, or None."""
    entry = ups.get(audience_id) if ups is not None else None
    return entry.get("status") if type(entry) is dict else None


def settle(
    profile: dict[str, Any], audience_id: str, qualified: bool, now: float
) -> Transition | None:
    """Record the outcome of an evaluation; a Transition only when the membership changed.

    Qualifying writes `realized` (also after an earlier exit); no longer qualifying writes
    `exited`; a profile that never qualified gets no entry at all.
    """
    previous = previous_status(ups_of(profile), audience_id)
    if qualified == (previous in QUALIFYING):
        return None
    return record(profile, audience_id, qualified, previous, isoformat(now))[1]


def record(
    profile: dict[str, Any],
    audience_id: str,
    qualified: bool,
    previous: str | None,
    stamp: str,
    ups: Ups | None = None,
) -> tuple[Ups, Transition]:
    """Write a changed membership (realized or exited, at `stamp`) into `ups`, the profile's
    `segmentMembership.ups` (found, or made, when not given); the ups and the Transition."""
    status = REALIZED if qualified else EXITED
    if ups is None:
        ups = profile.setdefault("segmentMembership", {}).setdefault("ups", {})
    ups[audience_id] = {"status": status, "lastQualificationTime": stamp}
    return ups, Transition(str(profile.get("_id", "")), audience_id, status, previous)
