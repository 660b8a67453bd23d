"""What people read instead of IDs: audience, destination and profile names.

Every audience, destination and profile on screen carries its name; its ID stays one key away
(the profile's detail view, the request detail, copy-as-curl, exports).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sandbox.simulator.api import AudienceSummary, DestinationSummary

LIVE_STATUSES = ("realized", "existing")


def destination_names(destinations: Iterable[DestinationSummary]) -> dict[str, str]:
    """Names by the workspace key and by the AEP id (events carry the latter)."""
    names: dict[str, str] = {}
    for d in destinations:
        names[d.id] = d.name
        if d.instance_id:
            names[d.instance_id] = d.name
    return names


def audience_names(audiences: Iterable[AudienceSummary]) -> dict[str, str]:
    return {a.id: a.name for a in audiences}


def named(ids: Iterable[str], names: Mapping[str, str]) -> str:
    """`Viewed beach rentals, Cart abandoners`; an id with no name shows as it is."""
    return ", ".join(names.get(i, i) for i in ids)


def memberships(profile: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """The profile's audiences by name, with their status: `Viewed beach rentals (realized)`."""
    found = []
    for namespace in (profile.get("segmentMembership") or {}).values():
        for audience_id, entry in (namespace or {}).items():
            status = entry.get("status", "?") if isinstance(entry, dict) else "?"
            found.append(f"{names.get(audience_id, audience_id)} ({status})")
    return found


def with_names(text: str, names: Mapping[str, str]) -> str:
    """`text` with every id it mentions replaced by its name (a check's observed value)."""
    for found, name in names.items():
        if found in text and found != name:
            text = text.replace(found, f"“{name}”")
    return text


def profile_name(profile: Mapping[str, Any]) -> str:
    name = profile.get("person", {}).get("name", {})
    full = " ".join(filter(None, (name.get("firstName"), name.get("lastName"))))
    email = profile.get("personalEmail", {}).get("address", "")
    return full or email or "(anonymous visitor)"
