"""A small standalone `EdgeBackend` over plain profile dicts, for `sandbox edge` and tests.

Profiles are XDM dicts with their ExperienceEvents under `xEvent` and memberships under
`segmentMembership.ups` (the shape the simulator uses). Audiences are a workspace's, each with an
`AudienceRule` deciding membership; edge audiences evaluate on the request's own event (same
page), streaming ones when an event is ingested (next page), batch ones on `run_batch()`.
Anonymous visitors are bounded (`MAX_ANONYMOUS_VISITORS`, least recently seen evicted first).
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from sandbox.clock import Clock, isoformat
from sandbox.edge.backend import Datastream, IdentityRef
from sandbox.edge.workspace import Audience, Workspace
from sandbox.events import Event, EventBus, MembershipChanged

Profile = dict[str, Any]

MAX_ANONYMOUS_VISITORS = 10_000
"""Anonymous visitors (no authenticated identity) kept; beyond it the least recently seen is
forgotten, so a stream of new cookies cannot grow memory without bound."""


class AudienceRule(Protocol):
    def __call__(self, profile: Mapping[str, Any], now: float) -> bool:
        """Whether the profile (with its `xEvent` list) qualifies at simulation time `now`."""
        ...


class MemoryBackend:
    """`MemoryBackend(workspace, rules, clock, bus)`; `rules` maps audience id → rule."""

    def __init__(
        self,
        workspace: Workspace,
        rules: Mapping[str, AudienceRule],
        clock: Clock,
        bus: EventBus,
        max_anonymous: int = MAX_ANONYMOUS_VISITORS,
    ) -> None:
        self.workspace = workspace
        self.rules = dict(rules)
        self.clock = clock
        self.bus = bus
        self.profiles: dict[str, Profile] = {}
        self._owners: dict[tuple[str, str], str] = {}
        self._ids = itertools.count(1)
        self.max_anonymous = max_anonymous
        self._anonymous: OrderedDict[str, None] = OrderedDict()
        """Profiles without an authenticated identity, least recently seen first."""

    # -- the EdgeBackend protocol --------------------------------------------------------------

    def datastream(self, datastream_id: str) -> Datastream | None:
        return self.workspace.datastream(datastream_id)

    def resolve(self, identities: Sequence[IdentityRef]) -> str | None:
        found = next(
            (self._owners[key] for key in map(_key, identities) if key in self._owners), None
        )
        if found is not None and found in self._anonymous:
            self._anonymous.move_to_end(found)
        return found

    def create_profile(self, identities: Sequence[IdentityRef]) -> str:
        profile_id = f"visitor-{next(self._ids):06d}"
        self.profiles[profile_id] = {"_id": profile_id, "identityMap": {}, "xEvent": []}
        self._anonymous[profile_id] = None
        linked = self.link(profile_id, identities)
        self._evict()
        return linked

    def _evict(self) -> None:
        """Forget the least recently seen anonymous visitors beyond `max_anonymous`."""
        while len(self._anonymous) > self.max_anonymous:
            profile_id, _ = self._anonymous.popitem(last=False)
            profile = self.profiles.pop(profile_id, None)
            for namespace, entries in (profile or {}).get("identityMap", {}).items():
                for entry in entries:
                    self._owners.pop((namespace.lower(), entry["id"]), None)

    def link(self, profile_id: str, identities: Sequence[IdentityRef]) -> str:
        for identity in identities:
            owner = self._owners.get(_key(identity))
            if owner is not None and owner != profile_id:
                self._merge(owner, into=profile_id)
            self._add_identity(profile_id, identity)
        return profile_id

    async def apply_event(self, profile_id: str, xdm_event: Mapping[str, Any]) -> None:
        profile = self.profiles[profile_id]
        profile["xEvent"].append(dict(xdm_event))
        self._evaluate(profile, self._audiences("streaming"), self.clock.now())

    def evaluate_edge(self, profile_id: str, xdm_event: Mapping[str, Any], now: float) -> None:
        profile = self.profiles[profile_id]
        with_event = {**profile, "xEvent": [*profile["xEvent"], dict(xdm_event)]}
        self._evaluate(profile, self._audiences("edge"), now, seen_as=with_event)

    def memberships(self, profile_id: str) -> set[str]:
        ups = self.profiles[profile_id].get("segmentMembership", {}).get("ups", {})
        return {aid for aid, entry in ups.items() if entry["status"] in ("realized", "existing")}

    def attributes(self, profile_id: str, paths: Sequence[str]) -> dict[str, Any]:
        profile = self.profiles[profile_id]
        values = {path: _lookup(profile, path) for path in paths}
        return {path: value for path, value in values.items() if value is not None}

    def now(self) -> float:
        return self.clock.now()

    def publish(self, event: Event) -> None:
        self.bus.publish(event)

    # -- beyond the protocol: what a standalone run and tests need ----------------------------

    def update(self, profile_id: str, attributes: Mapping[str, Any]) -> None:
        """Set profile attributes (a streaming profile update): streaming audiences re-evaluate."""
        self.profiles[profile_id].update(attributes)
        self._evaluate(self.profiles[profile_id], self._audiences("streaming"), self.clock.now())

    def run_batch(self) -> None:
        """Batch segmentation over every profile, as a scheduled job would."""
        for profile in self.profiles.values():
            self._evaluate(profile, self._audiences("batch"), self.clock.now())

    # -- internals ----------------------------------------------------------------------------

    def _audiences(self, mode: str) -> list[Audience]:
        return [a for a in self.workspace.audiences if a.mode == mode and a.id in self.rules]

    def _evaluate(
        self,
        profile: Profile,
        audiences: Iterable[Audience],
        now: float,
        seen_as: Mapping[str, Any] | None = None,
    ) -> None:
        for audience in audiences:
            qualifies = self.rules[audience.id](seen_as or profile, now)
            self._set_status(profile, audience.id, qualifies, now)

    def _set_status(self, profile: Profile, audience_id: str, qualifies: bool, now: float) -> None:
        ups = profile.setdefault("segmentMembership", {}).setdefault("ups", {})
        previous = ups.get(audience_id, {}).get("status")
        status = "realized" if qualifies else ("exited" if previous else None)
        if status is None or status == previous:
            return
        ups[audience_id] = {"status": status, "lastQualificationTime": isoformat(now)}
        self.bus.publish(MembershipChanged(now, profile["_id"], audience_id, status, previous))

    def _add_identity(self, profile_id: str, identity: IdentityRef) -> None:
        self._owners[_key(identity)] = profile_id
        if identity.authenticated_state == "authenticated":
            self._anonymous.pop(profile_id, None)  # a known person is never evicted
        entries = self.profiles[profile_id]["identityMap"].setdefault(identity.namespace, [])
        if all(entry["id"] != identity.id for entry in entries):
            entry = {"id": identity.id, "authenticatedState": identity.authenticated_state}
            entries.append({**entry, "primary": identity.primary})

    def _merge(self, source_id: str, into: str) -> None:
        """Fold one profile into another (an identity graph link): identities and events move."""
        source, target = self.profiles.pop(source_id), self.profiles[into]
        self._anonymous.pop(source_id, None)
        for namespace, entries in source["identityMap"].items():
            for entry in entries:
                state = entry["authenticatedState"]
                self._add_identity(
                    into, IdentityRef(namespace, entry["id"], entry["primary"], state)
                )
        target["xEvent"] = sorted([*target["xEvent"], *source["xEvent"]], key=_timestamp)
        for audience_id, entry in source.get("segmentMembership", {}).get("ups", {}).items():
            ups = target.setdefault("segmentMembership", {}).setdefault("ups", {})
            if ups.get(audience_id, {}).get("status") != "realized":
                ups[audience_id] = dict(entry)


def _key(identity: IdentityRef) -> tuple[str, str]:
    """Namespaces compare case-insensitively, as AEP's identity namespace codes do."""
    return identity.namespace.lower(), identity.id


def _lookup(profile: Mapping[str, Any], path: str) -> Any:
    node: Any = profile
    for part in path.split("."):
        node = node.get(part) if isinstance(node, Mapping) else None
    return node


def _timestamp(event: Mapping[str, Any]) -> str:
    return str(event.get("timestamp", ""))
