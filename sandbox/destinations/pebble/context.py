"""Builds the `destination` part of the template context from audience mappings.

    destination_context({"ups": {"seg-1": "alias-1"}}, names={"ups": {"seg-1": "VIP"}})
    → {"namespaceSegmentAliases": {...}, "namespaceSegmentNames": {...},
       "namespaceSegmentTimestamps": {...}, "segmentAliases": {...}, "segmentNames": {...},
       "segmentTimestamps": {...}}

The deprecated un-namespaced maps (`segmentAliases`, ...) hold the `ups` namespace.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NamespacedMap = Mapping[str, Mapping[str, Any]]


def segment_timestamps(
    created_at: int, updated_at: int, mapping_created_at: int, mapping_updated_at: int
) -> dict[str, int]:
    """One audience's entry of `namespaceSegmentTimestamps` (UNIX timestamps)."""
    return {
        "createdAt": created_at,
        "updatedAt": updated_at,
        "mappingCreatedAt": mapping_created_at,
        "mappingUpdatedAt": mapping_updated_at,
    }


def _plain(mapping: NamespacedMap) -> dict[str, dict[str, Any]]:
    return {namespace: dict(inner) for namespace, inner in mapping.items()}


def destination_context(
    aliases: NamespacedMap,
    names: NamespacedMap | None = None,
    timestamps: NamespacedMap | None = None,
    default_namespace: str = "ups",
) -> dict[str, Any]:
    """The `destination` object: namespaced maps, plus the deprecated `ups`-only ones."""
    namespaced = {
        "namespaceSegmentAliases": _plain(aliases),
        "namespaceSegmentNames": _plain(names or {}),
        "namespaceSegmentTimestamps": _plain(timestamps or {}),
    }
    deprecated = {
        "segmentAliases": "namespaceSegmentAliases",
        "segmentNames": "namespaceSegmentNames",
        "segmentTimestamps": "namespaceSegmentTimestamps",
    }
    flat = {
        key: dict(namespaced[source].get(default_namespace, {}))
        for key, source in deprecated.items()
    }
    return namespaced | flat
