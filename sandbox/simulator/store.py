"""The simulator's profiles: XDM dicts by profile id, with an identity index for lookups and stitching."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Profile = dict[str, Any]


class ProfileStore:
    """Profiles in insertion order; `(namespace, id)` → profile id, namespaces compared case-insensitively
    as AEP compares identity namespace codes."""

    def __init__(self) -> None:
        self._profiles: dict[str, Profile] = {}
        self._index: dict[tuple[str, str], str] = {}

    def __len__(self) -> int:
        return len(self._profiles)

    def __iter__(self) -> Iterator[Profile]:
        return iter(self._profiles.values())

    def ids(self) -> list[str]:
        return list(self._profiles)

    def get(self, profile_id: str) -> Profile | None:
        return self._profiles.get(profile_id)

    def add(self, profile: Profile) -> str:
        profile_id = str(profile["_id"])
        self._profiles[profile_id] = profile
        for namespace, items in profile.get("identityMap", {}).items():
            for item in items:
                self._index[(namespace.lower(), str(item.get("id")))] = profile_id
        return profile_id

    def find(self, namespace: str, identity: str) -> str | None:
        return self._index.get((namespace.lower(), identity))

    def link(
        self, profile_id: str, identity_map: dict[str, list[dict[str, Any]]]
    ) -> tuple[str, ...]:
        """Add identities seen together with this profile; returns the namespaces that changed."""
        profile = self._profiles[profile_id]
        known = profile.setdefault("identityMap", {})
        changed: list[str] = []
        for namespace, items in identity_map.items():
            target = next((ns for ns in known if ns.lower() == namespace.lower()), namespace)
            present = {str(item.get("id")) for item in known.get(target, [])}
            for item in items:
                value = str(item.get("id", ""))
                if not value or value in present:
                    continue
                entry = {
                    "id": value,
                    "authenticatedState": item.get("authenticatedState", "ambiguous"),
                    "primary": False,
                }
                known.setdefault(target, []).append(entry)
                self._index[(target.lower(), value)] = profile_id
                present.add(value)
                if target not in changed:
                    changed.append(target)
        return tuple(changed)

    def merge(self, into: str, other: str) -> None:
        """Stitch `other` into `into`: identities and events move over, `other` is gone."""
        source = self._profiles.pop(other)
        self.link(into, source.get("identityMap", {}))
        target = self._profiles[into]
        events = target.setdefault("xEvent", []) + source.get("xEvent", [])
        target["xEvent"] = sorted(events, key=lambda event: str(event.get("timestamp", "")))
        for key, profile_id in list(self._index.items()):
            if profile_id == other:
                self._index[key] = into

    def search(self, query: str, offset: int, limit: int) -> list[Profile]:
        """Profiles whose id, name, email or city contain `query` (case-insensitive)."""
        needle = query.strip().lower()
        if not needle:
            return list(self._profiles.values())[offset : offset + limit]
        found: list[Profile] = []
        for profile in self._profiles.values():
            if needle in _haystack(profile):
                found.append(profile)
                if len(found) >= offset + limit:
                    break
        return found[offset:]


def _haystack(profile: Profile) -> str:
    person = profile.get("person", {}).get("name", {})
    return " ".join(
        (
            str(profile.get("_id", "")),
            str(person.get("firstName", "")),
            str(person.get("lastName", "")),
            str(profile.get("personalEmail", {}).get("address", "")),
            str(profile.get("homeAddress", {}).get("city", "")),
        )
    ).lower()
