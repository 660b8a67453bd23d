"""The fields of the profiles the sandbox generates, the default vocabulary of schema-aware PQL
warnings (`sandbox.segments.schema.KnownPaths`). It sits here, above both, because audiences and
profile generation are independent packages."""

from __future__ import annotations

from functools import lru_cache

from sandbox.profiles import EVENT_KINDS, ProfileFactory
from sandbox.segments.schema import KnownPaths

_SAMPLE = 300


@lru_cache(maxsize=1)
def generator_paths() -> KnownPaths:
    """The paths of the profiles and events the sandbox generates (a deterministic sample of
    profiles, and one event of every kind the simulator streams)."""
    factory = ProfileFactory(seed=0)
    known = KnownPaths(described="the generated profiles")
    profiles = factory.profiles(0, _SAMPLE)
    known.add_profiles(profiles)
    for key, kind in enumerate(EVENT_KINDS):
        known.add_profile({"xEvent": [factory.event(profiles[0], kind, factory.now, key)]})
    return known
