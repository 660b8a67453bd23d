"""Changes to the population: new profiles, streamed experience events, attribute updates."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
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

    def generate(self, count: int, chunk: int) -> Iterator[list[Profile]]:
        """The next `count` profiles, `chunk` at a time (not stored: the caller evaluates, then
        stores them)."""
        first, self.generated = self.generated, self.generated + count
        return self.factory.iter_chunks(count, chunk, start=first)

    def choose(self, count: int) -> list[Profile]:
        """Working copies of `count` profiles picked at random."""
        return self._copies(self.store.sample(self._rng, count))

    def by_index(self, indexes: Iterable[int]) -> list[Profile]:
        """Working copies of the profiles at these positions (insertion order)."""
        return self._copies(self.store.id_at(i) for i in indexes)

    def _copies(self, ids: Iterable[str | None]) -> list[Profile]:
        """One working copy per id, the same one when an id comes twice (so a second change to
        it builds on the first)."""
        ids = list(ids)
        copies: dict[str, Profile | None] = {}
        for profile_id in ids:
            if profile_id is not None and profile_id not in copies:
                copies[profile_id] = self.store.get(profile_id)
        ordered = (copies[i] for i in ids if i is not None)
        return [profile for profile in ordered if profile is not None]

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
