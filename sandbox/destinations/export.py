"""Export rules (§6.1, §11.1): when a profile goes to a streaming destination, and what it carries.

Triggers, for a profile in at least one mapped audience: a mapped audience's status changed
(`realized`/`exited`; `existing` counts as `realized`), an identity was added or removed in a mapped
namespace, or a mapped attribute was written (any write counts, even of the same value). The first
look at a profile (`before is None`) is the historical backfill: members of mapped audiences go.

Content (the target schema templates see): `segmentMembership` with mapped audiences only;
`identityMap` with mapped namespaces only, renamed to their target and hashed where required,
items as `{"id": ...}` (a cookie namespace only where its target accepts it: `export_plan`);
`attributes` with custom targets as `{"value": v}` (`{}` when absent) and `profileFields`
targets as the bare value (left out when absent).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sandbox.destinations.identities import find_namespace
from sandbox.profiles.identities import sha256_lower

Profile = Mapping[str, Any]
ACTIVE = ("realized", "existing")


@dataclass(frozen=True)
class IdentityRoute:
    """One identity mapping: where the values come from and which target namespace they go to."""

    target: str
    source_namespace: str | None = None
    source_attribute: str | None = None
    hashed: bool = False

    def values(self, profile: Profile) -> list[str]:
        if self.source_namespace is not None:
            key = find_namespace(profile.get("identityMap") or {}, self.source_namespace)
            items = (profile.get("identityMap") or {}).get(key, []) if key else []
            found = [str(item["id"]) for item in items if isinstance(item, dict) and "id" in item]
        else:
            value = read_path(profile, self.source_attribute or "")
            found = [str(value)] if isinstance(value, str | int) and value != "" else []
        return [sha256_lower(v) for v in found] if self.hashed else found

    @property
    def label(self) -> str:
        return self.source_namespace or self.source_attribute or self.target


@dataclass(frozen=True)
class AttributeRoute:
    source: str
    target: str
    predefined: bool
    """A `profileFields` target (bare value) rather than a custom one (`{"value": v}`)."""


@dataclass(frozen=True)
class ExportRules:
    """What one activation exports; built once per bundle, applied to every profile."""

    audiences: frozenset[tuple[str, str]]
    """Mapped audiences as (namespace, audience id)."""
    identities: tuple[IdentityRoute, ...]
    attributes: tuple[AttributeRoute, ...]

    def export_profile(self, profile: Profile) -> dict[str, Any]:
        """The target-schema profile a template sees."""
        return {
            "segmentMembership": self._memberships(profile),
            "identityMap": self._identities(profile),
            "attributes": self._attributes(profile),
        }

    def snapshot(self, profile: Profile) -> dict[str, Any]:
        """The part of `profile` that `export_reasons` compares: memberships, identities, mapped
        attributes (no events). It shares values with `profile`: serialize it (as the simulator
        does) or copy it before `profile` changes."""
        kept: dict[str, Any] = {
            "segmentMembership": profile.get("segmentMembership") or {},
            "identityMap": profile.get("identityMap") or {},
        }
        paths = [route.source for route in self.attributes]
        paths += [route.source_attribute for route in self.identities if route.source_attribute]
        for path in paths:
            value = read_path(profile, path)
            if value is not None:
                _write_path(kept, path, value)
        return kept

    def export_reasons(
        self, before: Profile | None, after: Profile, written: Collection[str] = ()
    ) -> tuple[str, ...]:
        """Why `after` must be exported (`()`: it need not be). `written` names XDM paths that
        were written since `before`, so a write of an unchanged value still counts."""
        statuses = self._statuses(after)
        if before is None:
            active = [f"audience:{i}:realized" for (_, i), s in statuses.items() if s in ACTIVE]
            return ("backfill", *active) if active else ()
        audience = self._audience_reasons(self._statuses(before), statuses)
        if not audience and not any(s in ACTIVE for s in statuses.values()):
            return ()
        changes = self._identity_reasons(before, after) + self._attribute_reasons(
            before, after, written
        )
        return tuple(dict.fromkeys(audience + changes))

    def _memberships(self, profile: Profile) -> dict[str, dict[str, Any]]:
        result: dict[str, dict[str, Any]] = {"ups": {}}
        for namespace, entries in (profile.get("segmentMembership") or {}).items():
            for audience_id, entry in (entries or {}).items():
                if (namespace, audience_id) in self.audiences and isinstance(entry, dict):
                    kept = {k: entry[k] for k in ("lastQualificationTime", "status") if k in entry}
                    result.setdefault(namespace, {})[audience_id] = kept
        return result

    def _identities(self, profile: Profile) -> dict[str, list[dict[str, str]]]:
        result: dict[str, list[dict[str, str]]] = {}
        for route in self.identities:
            items = result.setdefault(route.target, [])
            for value in route.values(profile):
                if {"id": value} not in items:
                    items.append({"id": value})
        return {namespace: items for namespace, items in result.items() if items}

    def _attributes(self, profile: Profile) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for route in self.attributes:
            value = read_path(profile, route.source)
            if route.predefined:
                if value is not None:
                    result[route.target] = value
            else:
                result[route.target] = {} if value is None else {"value": value}
        return result

    def _statuses(self, profile: Profile) -> dict[tuple[str, str], str]:
        found: dict[tuple[str, str], str] = {}
        for namespace, entries in (profile.get("segmentMembership") or {}).items():
            for audience_id, entry in (entries or {}).items():
                if (namespace, audience_id) in self.audiences and isinstance(entry, dict):
                    status = str(entry.get("status", "realized"))
                    found[(namespace, audience_id)] = "realized" if status in ACTIVE else status
        return found

    @staticmethod
    def _audience_reasons(
        before: dict[tuple[str, str], str], after: dict[tuple[str, str], str]
    ) -> list[str]:
        return [
            f"audience:{audience_id}:{status}"
            for (namespace, audience_id), status in after.items()
            if before.get((namespace, audience_id)) != status
            and not (status == "exited" and (namespace, audience_id) not in before)
        ]

    def _identity_reasons(self, before: Profile, after: Profile) -> list[str]:
        return [
            f"identity:{route.label}"
            for route in self.identities
            if set(route.values(before)) != set(route.values(after))
        ]

    def _attribute_reasons(
        self, before: Profile, after: Profile, written: Collection[str]
    ) -> list[str]:
        return [
            f"attribute:{route.target}"
            for route in self.attributes
            if read_path(before, route.source) != read_path(after, route.source)
            or any(overlaps(route.source, path) for path in written)
        ]


def _write_path(profile: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    node = profile
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def read_path(profile: Profile, path: str) -> Any:
    """The value at a dotted XDM path (`person.name.firstName`), or None."""
    node: Any = profile
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def overlaps(path: str, written: str) -> bool:
    """Whether writing `written` touches `path` (the same field, a parent, or a child)."""
    return path == written or path.startswith(written + ".") or written.startswith(path + ".")
