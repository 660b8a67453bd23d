"""The simulator seen from the Edge emulator: `EdgeBackend` over the simulator's profiles and audiences."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from sandbox.edge.backend import Datastream, IdentityRef
from sandbox.events import Event
from sandbox.simulator.simulator import SimulatorCore
from sandbox.simulator.store import Profile

EDGE_MODES = frozenset({"edge"})


class SimulatorEdgeBackend:
    """Visitors resolve to simulator profiles; edge audiences evaluate on the request's own event."""

    def __init__(self, core: SimulatorCore, datastreams: Sequence[Datastream]) -> None:
        self._core = core
        self._datastreams = {stream.datastream_id: stream for stream in datastreams}
        self._visitors = itertools.count(1)

    def datastream(self, datastream_id: str) -> Datastream | None:
        return self._datastreams.get(datastream_id)

    def resolve(self, identities: Sequence[IdentityRef]) -> str | None:
        for identity in identities:
            found = self._core.store.find(identity.namespace, identity.id)
            if found is not None:
                return found
        return None

    def create_profile(self, identities: Sequence[IdentityRef]) -> str:
        profile: Profile = {
            "_id": f"visitor-{next(self._visitors):06d}",
            "identityMap": _identity_map(identities),
            "xEvent": [],
        }
        self._core.membership.evaluate(profile)
        self._core.store.add(profile)
        return str(profile["_id"])

    def link(self, profile_id: str, identities: Sequence[IdentityRef]) -> str:
        store = self._core.store
        for identity in identities:
            owner = store.find(identity.namespace, identity.id)
            if owner is not None and owner != profile_id and store.get(owner) is not None:
                store.merge(profile_id, owner)
        profile = store.get(profile_id)
        if profile is not None:
            self._core.link_identities(profile, _identity_map(identities))
        return profile_id

    async def apply_event(self, profile_id: str, xdm_event: Mapping[str, Any]) -> None:
        profile = self._core.store.get(profile_id)
        if profile is not None:
            self._core.ingest_event(profile, dict(xdm_event))

    def evaluate_edge(self, profile_id: str, xdm_event: Mapping[str, Any], now: float) -> None:
        profile = self._core.store.get(profile_id)
        if profile is None:
            return
        events = profile.setdefault("xEvent", [])
        events.append(dict(xdm_event))
        transitions = self._core.membership.evaluate(profile, modes=EDGE_MODES)
        events.pop()  # judged with the request's event; it is kept only through `apply_event`
        if transitions:
            self._core.store.put(profile)

    def memberships(self, profile_id: str) -> set[str]:
        profile = self._core.store.get(profile_id) or {}
        ups = profile.get("segmentMembership", {}).get("ups", {})
        return {
            aid for aid, entry in ups.items() if entry.get("status") in ("realized", "existing")
        }

    def attributes(self, profile_id: str, paths: Sequence[str]) -> dict[str, Any]:
        profile = self._core.store.get(profile_id) or {}
        found: dict[str, Any] = {}
        for path in paths:
            node: Any = profile
            for part in path.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if node is not None:
                found[path] = node
        return found

    def now(self) -> float:
        return self._core.clock.now()

    def publish(self, event: Event) -> None:
        self._core.bus.publish(event)


def _identity_map(identities: Sequence[IdentityRef]) -> dict[str, list[dict[str, Any]]]:
    result: dict[str, list[dict[str, Any]]] = {}
    for identity in identities:
        result.setdefault(identity.namespace, []).append(
            {
                "id": identity.id,
                "authenticatedState": identity.authenticated_state,
                "primary": identity.primary,
            }
        )
    return result
