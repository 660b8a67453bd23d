"""Aggregation groups: cutting a target-schema profile into the pieces each group's calls carry.

With an aggregation key (§1.7): `includeSegmentId` gives one piece per audience, its
`segmentMembership` cut down to that audience (`includeSegmentStatus` also groups by status);
`includeIdentity` gives one piece per identity namespace (`oneIdentityPerGroup`) or per namespace
group (`groups`; namespaces in no group form a group of their own). `splitUserById` then repeats a
piece once per identity, each copy holding one namespace and one identity. Under configurable
aggregation `lastQualificationTime` is re-written as `2021-10-26T17:41:55.947+0000`, as Adobe's
render examples show it after aggregation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sandbox.destinations.aggregation_policy import AggregationKeyConfig

Profile = dict[str, Any]


@dataclass(frozen=True)
class AggregationKey:
    """What one aggregation group has in common (`input.aggregationKey` in templates)."""

    destination_instance_id: str | None = None
    segment_id: str | None = None
    segment_namespace: str | None = None
    segment_alias: str | None = None
    segment_status: str | None = None
    identity_namespaces: tuple[str, ...] | None = None

    def to_template(self) -> dict[str, Any]:
        """Every field that applies, for `input.aggregationKey`."""
        fields = {
            "destinationInstanceId": self.destination_instance_id,
            "segmentId": self.segment_id,
            "segmentNamespace": self.segment_namespace,
            "segmentAlias": self.segment_alias,
            "segmentStatus": self.segment_status,
            "identityNamespaces": list(self.identity_namespaces)
            if self.identity_namespaces is not None
            else None,
        }
        return {name: value for name, value in fields.items() if value is not None}

    def to_render_api(self) -> dict[str, Any]:
        """The fields Adobe's render and test API responses show."""
        shown = ("destinationInstanceId", "segmentId", "segmentStatus", "identityNamespaces")
        return {k: v for k, v in self.to_template().items() if k in shown}

    @property
    def label(self) -> str:
        parts = [self.segment_alias or self.segment_id, self.segment_status]
        if self.identity_namespaces is not None:
            parts.append("+".join(self.identity_namespaces))
        return " ".join(p for p in parts if p) or "all"


@dataclass(frozen=True)
class Slicer:
    """Cuts profiles into (group key, piece) pairs for one destination and activation."""

    key_config: AggregationKeyConfig | None
    split_user_by_id: bool = False
    keyed: bool = False
    """Whether groups have a key even without a key config (configurable aggregation)."""
    destination_instance_id: str | None = None
    aliases: Mapping[tuple[str, str], str] | None = None
    normalize_times: bool = False

    def slices(self, profile: Profile) -> list[tuple[AggregationKey | None, Profile]]:
        base = AggregationKey(self.destination_instance_id)
        pieces: list[tuple[AggregationKey, Profile]] = [(base, profile)]
        config = self.key_config
        if config and config.include_segment_id:
            pieces = [p for key, piece in pieces for p in self._by_segment(key, piece, config)]
        if config and config.include_identity:
            pieces = [p for key, piece in pieces for p in self._by_identity(key, piece, config)]
        if self.split_user_by_id:
            pieces = [(key, copy) for key, piece in pieces for copy in split_by_id(piece)]
        if self.normalize_times:
            pieces = [(key, with_java_times(piece)) for key, piece in pieces]
        if config is None and not self.keyed:
            return [(None, piece) for _, piece in pieces]
        return list(pieces)

    def _by_segment(
        self, key: AggregationKey, profile: Profile, config: AggregationKeyConfig
    ) -> list[tuple[AggregationKey, Profile]]:
        pieces = []
        for namespace, entries in (profile.get("segmentMembership") or {}).items():
            for audience_id, entry in (entries or {}).items():
                status = entry.get("status") if config.include_segment_status else None
                alias = (self.aliases or {}).get((namespace, audience_id))
                part = AggregationKey(
                    key.destination_instance_id, audience_id, namespace, alias, status
                )
                cut = {**profile, "segmentMembership": {namespace: {audience_id: entry}}}
                pieces.append((part, cut))
        return pieces

    def _by_identity(
        self, key: AggregationKey, profile: Profile, config: AggregationKeyConfig
    ) -> list[tuple[AggregationKey, Profile]]:
        identities = {ns: ids for ns, ids in (profile.get("identityMap") or {}).items() if ids}
        pieces = []
        for group, present in identity_groups(identities, config):
            cut = {**profile, "identityMap": {ns: identities[ns] for ns in present}}
            pieces.append((_with_namespaces(key, group), cut))
        return pieces


def identity_groups(
    identities: Mapping[str, Any], config: AggregationKeyConfig
) -> list[tuple[tuple[str, ...], list[str]]]:
    """(the group's namespaces, those of them this profile has), for each group it has."""
    if config.one_identity_per_group:
        return [((ns,), [ns]) for ns in identities]
    found, used = [], set()
    for group in config.groups:
        wanted = {ns.lower() for ns in group.namespaces}
        present = [ns for ns in identities if ns.lower() in wanted]
        used.update(present)
        if present:
            found.append((tuple(group.namespaces), present))
    rest = [ns for ns in identities if ns not in used]
    return found + ([(tuple(rest), rest)] if rest else [])


def _with_namespaces(key: AggregationKey, namespaces: tuple[str, ...]) -> AggregationKey:
    return AggregationKey(
        key.destination_instance_id,
        key.segment_id,
        key.segment_namespace,
        key.segment_alias,
        key.segment_status,
        namespaces,
    )


def split_by_id(profile: Profile) -> list[Profile]:
    """One copy per identity, each with one namespace and one identity (`splitUserById`)."""
    identities = profile.get("identityMap") or {}
    copies = [
        {**profile, "identityMap": {namespace: [item]}}
        for namespace, items in identities.items()
        for item in items
    ]
    return copies or [profile]


def with_java_times(profile: Profile) -> Profile:
    """`lastQualificationTime` as AEP prints it after aggregation (millis and `+0000`)."""
    memberships = {
        namespace: {
            audience: {**entry, "lastQualificationTime": java_time(entry["lastQualificationTime"])}
            if isinstance(entry, dict) and "lastQualificationTime" in entry
            else entry
            for audience, entry in entries.items()
        }
        for namespace, entries in (profile.get("segmentMembership") or {}).items()
    }
    return {**profile, "segmentMembership": memberships}


def java_time(text: Any) -> Any:
    """`2021-10-26T17:41:55.947859Z` → `2021-10-26T17:41:55.947+0000` (unparseable: unchanged)."""
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return text
    moment = moment.astimezone(UTC) if moment.tzinfo else moment
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"
