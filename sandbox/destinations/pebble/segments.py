"""Adobe's audience helpers: `addedSegments`, `removedSegments`, `hasSegments` and the
`added` / `removed` filters (aep-destinations.md §3.2, decision 3).

Each takes either one namespace's map (`segmentMembership.ups`: audience id → membership) or the
whole `segmentMembership` (namespace → audience id → membership), in which case it works across
all namespaces. `realized` and `existing` count as added, `exited` as removed. The result is a
map of audience id → membership, so `for s in addedSegments(m)` gives entries with `s.key`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sandbox.destinations.pebble.errors import PebbleFailure
from sandbox.destinations.pebble.javatypes import java_class_name
from sandbox.destinations.pebble.runstate import RenderState

ADDED_STATUSES = frozenset({"realized", "existing"})
REMOVED_STATUSES = frozenset({"exited"})


def _memberships(value: Any, loc: int) -> Iterator[tuple[Any, Any]]:
    if not isinstance(value, dict):
        raise PebbleFailure(
            f"expected a map of audiences (segmentMembership or one namespace of it), got"
            f" {java_class_name(value)}",
            loc,
        )
    for key, item in value.items():
        if isinstance(item, dict) and "status" not in item and _holds_memberships(item):
            yield from item.items()
        else:
            yield key, item


def _holds_memberships(namespace: dict[Any, Any]) -> bool:
    return all(isinstance(entry, dict) for entry in namespace.values())


def _status(membership: Any) -> Any:
    return membership.get("status") if isinstance(membership, dict) else None


def _select(value: Any, statuses: frozenset[str], loc: int) -> dict[Any, Any] | None:
    if value is None:
        return None
    selected: dict[Any, Any] = {}
    for audience, membership in _memberships(value, loc):
        if _status(membership) in statuses and audience not in selected:
            selected[audience] = membership
    return selected


def added_segments(rt: RenderState, loc: int, value: Any = None, *ignored: Any) -> Any:
    return _select(value, ADDED_STATUSES, loc)


def removed_segments(rt: RenderState, loc: int, value: Any = None, *ignored: Any) -> Any:
    return _select(value, REMOVED_STATUSES, loc)


def has_segments(rt: RenderState, loc: int, value: Any = None, *ignored: Any) -> bool:
    if value is None:
        return False
    return any(True for _ in _memberships(value, loc))


def added_filter(rt: RenderState, value: Any, loc: int) -> Any:
    return _select(value, ADDED_STATUSES, loc)


def removed_filter(rt: RenderState, value: Any, loc: int) -> Any:
    return _select(value, REMOVED_STATUSES, loc)
