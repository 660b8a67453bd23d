"""Profiles summarised for tables (the TUI's profile list)."""

from __future__ import annotations

from typing import Any

from sandbox.simulator.api import ProfileSummary


def profile_summary(profile: dict[str, Any]) -> ProfileSummary:
    name = profile.get("person", {}).get("name", {})
    address = profile.get("homeAddress", {})
    ups = profile.get("segmentMembership", {}).get("ups", {})
    return ProfileSummary(
        id=str(profile.get("_id", "")),
        name=" ".join(filter(None, (name.get("firstName"), name.get("lastName")))) or "(visitor)",
        email=str(profile.get("personalEmail", {}).get("address", "")),
        city=str(address.get("city", "")),
        country=str(address.get("countryCode", "")),
        audiences=sum(
            1 for entry in ups.values() if entry.get("status") in ("realized", "existing")
        ),
        events=len(profile.get("xEvent", [])),
    )
