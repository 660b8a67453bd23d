"""`ProfileFactory`: deterministic, realistic XDM profiles with their experience events, fast.

Profile *i* depends only on (seed, i) and the factory's options: its random values are hashes
of (seed, i, position), computed for a whole chunk at once with numpy, and its names, phone and
CRM id come from keyed permutations of i. So any chunking gives byte-identical output.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sandbox.clock import DEFAULT_EPOCH
from sandbox.errors import InputError, Problem
from sandbox.profiles import changes
from sandbox.profiles.locales import DEFAULT_LOCALES, resolve_locales
from sandbox.profiles.pools import pools_for
from sandbox.profiles.population import Population
from sandbox.profiles.randomness import Draws, seed_word
from sandbox.profiles.records import Profile, assemble
from sandbox.profiles.timestamps import to_millis

MAX_PROFILES = 2**50
"""Indices stay below this, so (index, session, slot) counters fit in 64 bits."""


class ProfileFactory:
    """Makes XDM individual profiles (plain JSON-ready dicts) for one seed and set of options.

    Args:
        seed: any integer; the same seed and options give the same profiles, byte for byte.
        locales: locale codes (equal shares) or a mapping of code to weight.
        now: simulation time (epoch seconds) the events lead up to.
        lookback_days: events fall within this many days before `now`.
        max_events: at most this many events per profile.

    Raises:
        InputError: an unknown locale, a bad weight, or a negative or non-integer option.
    """

    def __init__(
        self,
        seed: int,
        locales: Sequence[str] | Mapping[str, float] = DEFAULT_LOCALES,
        now: float = DEFAULT_EPOCH,
        lookback_days: int = 30,
        max_events: int = 50,
    ) -> None:
        _check_options(seed, now, lookback_days, max_events)
        self.seed, self.now = seed, now
        self.lookback_days, self.max_events = lookback_days, max_events
        self._population = Population(
            seed, resolve_locales(locales), now, lookback_days, max_events
        )

    def profile(self, index: int) -> Profile:
        """Profile number `index` (0-based)."""
        return self.profiles(index, 1)[0]

    def profiles(self, start: int, count: int) -> list[Profile]:
        """Profiles `start` .. `start + count - 1`, generated as one chunk."""
        _check_range(start, count)
        if count == 0:
            return []
        with _collector_paused(promote=count >= _PROMOTE_FROM):
            seeds = self._population.seeds(start, count)
            profiles = [assemble(self._population, seeds, n) for n in range(count)]
        return profiles

    def iter_chunks(
        self, count: int, chunk_size: int = 1000, start: int = 0
    ) -> Iterator[list[Profile]]:
        """`count` profiles from `start`, in lists of at most `chunk_size` (options are checked
        at once, not when the first chunk is asked for)."""
        _check_range(start, count)
        if chunk_size < 1:
            raise InputError.single(
                "<option>", "chunk_size", f"must be at least 1, not {chunk_size}"
            )
        ends = range(start, start + count, chunk_size)
        return (self.profiles(first, min(chunk_size, start + count - first)) for first in ends)

    def event(self, profile: Profile, kind: str, at: float, key: int) -> dict[str, Any]:
        """A new experience event of `kind` (`pageView`, `productView`, `cartAdd`, `purchase`) for
        `profile` at simulation time `at`, deterministic by `key`. A cart add takes the product
        last viewed, a purchase the cart last filled. The profile is not changed."""
        draws = Draws.of(seed_word(self.seed, "event", str(profile.get("_id")), str(key)))
        return changes.next_event(profile, kind, to_millis(at), draws)

    def attribute_change(self, profile: Profile, key: int) -> dict[str, Any]:
        """A plausible update of `profile` as `{xdm_path: new_value}`: loyalty points (and tier),
        a move within the country, or a consent flip. The profile is not changed."""
        draws = Draws.of(seed_word(self.seed, "change", str(profile.get("_id")), str(key)))
        return changes.attribute_change(profile, draws, lambda code: pools_for(self.seed, code))


_PROMOTE_FROM = 500
"""Chunks at least this big move their objects to the oldest generation unscanned."""


@contextmanager
def _collector_paused(promote: bool) -> Iterator[None]:
    """Pause the cyclic garbage collector while a chunk is built.

    A chunk makes hundreds of thousands of small dicts and lists, none of them cyclic; scanning
    them as they appear costs a third of the time. With `promote`, they are then moved to the
    oldest generation unscanned (`freeze` + `unfreeze` splice lists; nothing is traversed),
    unless the program froze objects of its own, which `unfreeze` would release. Young garbage
    of other code moves along and waits for the next full collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if promote and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def _check_options(seed: int, now: float, lookback_days: int, max_events: int) -> None:
    problems = []
    if not isinstance(seed, int) or isinstance(seed, bool):
        problems.append(Problem("<option>", "seed", f"must be an integer, not {seed!r}"))
    if not isinstance(now, int | float) or not math.isfinite(now) or now < 0:
        problems.append(
            Problem("<option>", "now", f"must be epoch seconds at or after 1970, not {now!r}")
        )
    for name, value in (("lookback_days", lookback_days), ("max_events", max_events)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.append(
                Problem("<option>", name, f"must be a whole number >= 0, not {value!r}")
            )
    if problems:
        raise InputError(problems)


def _check_range(start: int, count: int) -> None:
    for name, value in (("start", start), ("count", count)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            message = f"must be a whole number >= 0, not {value!r}"
            raise InputError.single("<option>", name, message)
    if start + count > MAX_PROFILES:
        message = f"profile indices go up to {MAX_PROFILES:,}; {start} + {count} is past that"
        raise InputError.single("<option>", "count", message)
