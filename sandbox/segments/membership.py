"""Audience membership as AEP records it (`segmentMembership.ups.<id>`), and its changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sandbox.clock import isoformat
from sandbox.segments.runtime import QUALIFYING, membership_status

REALIZED = "realized"
EXITED = "exited"


@dataclass(frozen=True)
class Transition:
    """A profile entered (`realized`) or left (`exited`) an audience; `previous`: the old status."""

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


def settle(
    profile: dict[str, Any], audience_id: str, qualified: bool, now: float
) -> Transition | None:
    """Record the outcome of an evaluation; a Transition only when the membership changed.

    Qualifying writes `realized` (also after an earlier exit); no longer qualifying writes
    `exited`; a profile that never qualified gets no entry at all.
    """
    memberships = profile.get("segmentMembership")
    ups = memberships.get("ups") if type(memberships) is dict else None
    entry = ups.get(audience_id) if type(ups) is dict else None
    previous = entry.get("status") if type(entry) is dict else None
    if qualified == (previous in QUALIFYING):
        return None
    status = REALIZED if qualified else EXITED
    ups = profile.setdefault("segmentMembership", {}).setdefault("ups", {})
    ups[audience_id] = {"status": status, "lastQualificationTime": isoformat(now)}
    return Transition(str(profile.get("_id", "")), audience_id, status, previous)
