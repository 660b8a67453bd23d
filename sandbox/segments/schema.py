"""The fields profiles have: the generator's XDM shape plus what loaded profiles hold.

A PQL path no profile has is almost always a typo (`loyalty.pointz > 5000` quietly empties an
audience), so `validate`, `evaluate`, scenario loading and the console's PQL editor warn about
one (`paths.unknown_path_warnings`). Arrays are transparent, as they are to PQL paths: an event's
`commerce.order.priceTotal` is known as `xEvent.commerce.order.priceTotal`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

_UNCHECKED = ("segmentMembership",)
"""Roots whose keys are ids, not field names (audience ids)."""


class KnownPaths:
    """A set of dotted paths (every prefix included), and what they were gathered from."""

    def __init__(self, paths: Iterable[str] = (), described: str = "") -> None:
        self.paths: set[str] = set(paths)
        self.described = described

    def add_profile(self, profile: Any) -> None:
        _collect(profile, "", self.paths)

    def add_profiles(self, profiles: Iterable[Any]) -> None:
        for profile in profiles:
            _collect(profile, "", self.paths)

    def merged(self, other: KnownPaths, described: str) -> KnownPaths:
        return KnownPaths(self.paths | other.paths, described)

    def __contains__(self, dotted: str) -> bool:
        return dotted in self.paths or dotted.split(".", 1)[0] in _UNCHECKED

    def first_unknown(self, keys: tuple[str, ...]) -> int | None:
        """The index of the first key whose path is unknown, or None when all are known."""
        for index in range(len(keys)):
            if ".".join(keys[: index + 1]) not in self:
                return index
        return None

    def suggestion(self, keys: tuple[str, ...]) -> tuple[str, ...] | None:
        """The known path of the same depth and prefix closest to `keys`, if one is close."""
        parent = ".".join(keys[:-1])
        siblings = [
            path.rsplit(".", 1)[-1]
            for path in self.paths
            if path.count(".") == len(keys) - 1 and (not parent or path.startswith(parent + "."))
        ]
        close = difflib.get_close_matches(keys[-1], siblings, n=1, cutoff=0.6)
        return (*keys[:-1], close[0]) if close else None


def _collect(value: Any, prefix: str, paths: set[str]) -> None:
    if type(value) is dict:
        for key, item in value.items():
            if type(key) is not str:
                continue
            path = f"{prefix}.{key}" if prefix else key
            paths.add(path)
            if key not in _UNCHECKED or prefix:
                _collect(item, path, paths)
    elif type(value) is list:
        for item in value:
            _collect(item, prefix, paths)


def profile_paths(profiles: Iterable[Any], described: str) -> KnownPaths:
    known = KnownPaths(described=described)
    known.add_profiles(profiles)
    return known
