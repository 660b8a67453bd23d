"""Changes to the population: new profiles, streamed experience events, attribute updates."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from sandbox.profiles import ProfileFactory
from sandbox.simulator.store import Profile, ProfileStore

EVENT_KINDS = ("pageView", "productView", "cartAdd", "purchase")
EVENT_WEIGHTS = (60, 25, 10, 5)


def set_path(profile: Profile, path: str, value: Any) -> None:
    """Write `value` at a dotted XDM path, creating objects on the way."""
    *parents, leaf = path.split(".")
    node = profile
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[leaf] = value


class Population:
    """The generator and the store together, with a seeded RNG for choosing who changes."""

    def __init__(self, factory: ProfileFactory, store: ProfileStore, seed: int) -> None:
        self.factory = factory
        self.store = store
        self.generated = 0
        self._rng = random.Random(seed)
        self._keys = 0

    def generate(self, count: int) -> list[Profile]:
        profiles = self.factory.profiles(self.generated, count)
        self.generated += count
        for profile in profiles:
            self.store.add(profile)
        return profiles

    def choose(self, count: int) -> list[Profile]:
        ids = self.store.ids()
        if not ids:
            return []
        picked = self._rng.sample(ids, min(count, len(ids)))
        return [self.store.get(i) for i in picked if self.store.get(i) is not None]  # type: ignore[misc]

    def by_index(self, indexes: Sequence[int]) -> list[Profile]:
        ids = self.store.ids()
        return [
            p for i in indexes if 0 <= i < len(ids) and (p := self.store.get(ids[i])) is not None
        ]

    def random_kind(self) -> str:
        return self._rng.choices(EVENT_KINDS, weights=EVENT_WEIGHTS)[0]

    def add_event(self, profile: Profile, kind: str, at: float, url: str | None = None) -> Profile:
        self._keys += 1
        event = self.factory.event(profile, kind, at, self._keys)
        if url:
            event.setdefault("web", {}).setdefault("webPageDetails", {})["URL"] = url
        profile.setdefault("xEvent", []).append(event)
        return event

    def attribute_change(self, profile: Profile) -> dict[str, Any]:
        self._keys += 1
        return dict(self.factory.attribute_change(profile, self._keys))
