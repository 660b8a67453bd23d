"""The simulator's profiles, kept compact: one encoded record per profile, decoded on demand.

A million XDM profiles with their events take ~15 KiB each as Python dicts and ~3.4 KiB as JSON,
so the store keeps JSON (`orjson`) and hands out *working copies*: `get` decodes, and a change is
kept only when it is written back with `put`. An identity index (namespace, id) → profile id
serves lookups and stitching; namespaces are compared case-insensitively, as AEP compares
identity namespace codes.
"""

from __future__ import annotations

import pickle
import random
from collections.abc import Callable, Iterator
from typing import Any

import orjson

Profile = dict[str, Any]
JSON_START = ord("{")
BeforeReplace = Callable[[str, bytes], None]
"""Told a profile's id and its record as stored, just before the record is replaced or removed."""


def encode(profile: Profile) -> bytes:
    """JSON when the profile is plain JSON (it always is, unless a caller stored a date or a huge
    integer in it), else a pickle, which keeps those values exactly. orjson's bytes keep their
    growth buffer (about twice the length), so the record is copied to its exact size."""
    try:
        return memoryview(orjson.dumps(profile)).tobytes()
    except TypeError:
        return pickle.dumps(profile, protocol=pickle.HIGHEST_PROTOCOL)


def decode(record: bytes) -> Profile:
    value = orjson.loads(record) if record[0] == JSON_START else pickle.loads(record)
    return value  # type: ignore[no-any-return]


class ProfileStore:
    """Profiles in insertion order, encoded; an identity index per lower-cased namespace."""

    def __init__(self) -> None:
        self._records: dict[str, bytes] = {}
        self._order: list[str] = []
        self._index: dict[str, dict[str, str]] = {}
        self._before_replace: list[BeforeReplace] = []

    def on_replace(self, hook: BeforeReplace) -> None:
        """Call `hook` with the old record whenever a stored record is about to change or go (an
        activation keeps what it exported as "the record as stored" until then)."""
        self._before_replace.append(hook)

    def record(self, profile_id: str) -> bytes | None:
        """The encoded record of a profile (decode it with `decode`)."""
        return self._records.get(profile_id)

    def _replacing(self, profile_id: str) -> None:
        old = self._records.get(profile_id)
        if old is not None:
            for hook in self._before_replace:
                hook(profile_id, old)

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Profile]:
        """Working copies, one at a time (the population is never decoded all at once), of the
        profiles present when iteration began and still present when reached: profiles may be
        added, written back or merged away meanwhile."""
        for profile_id in list(self._order):
            record = self._records.get(profile_id)
            if record is not None:
                yield decode(record)

    def ids(self) -> list[str]:
        return list(self._order)

    def id_at(self, position: int) -> str | None:
        """The id of the `position`-th profile still here (0-based, insertion order)."""
        return self._order[position] if 0 <= position < len(self._order) else None

    def sample(self, rng: random.Random, count: int) -> list[str]:
        """`count` distinct ids (fewer if there are fewer profiles), chosen by `rng`."""
        positions = rng.sample(range(len(self._order)), min(count, len(self._order)))
        return [self._order[p] for p in positions]

    def get(self, profile_id: str) -> Profile | None:
        """A working copy of the profile: changes to it are kept only through `put`."""
        record = self._records.get(profile_id)
        return None if record is None else decode(record)

    def put(self, profile: Profile) -> None:
        """Keep `profile` (a working copy, changed) as the stored version of its id."""
        profile_id = str(profile["_id"])
        if profile_id not in self._records:
            raise KeyError(profile_id)
        self._replacing(profile_id)
        self._records[profile_id] = encode(profile)

    def add(self, profile: Profile) -> str:
        profile_id = str(profile["_id"])
        if profile_id not in self._records:
            self._order.append(profile_id)
        else:
            self._replacing(profile_id)
        self._records[profile_id] = encode(profile)
        for namespace, items in profile.get("identityMap", {}).items():
            ids = self._namespace(namespace)
            for item in items:
                ids[str(item.get("id"))] = profile_id
        return profile_id

    def _namespace(self, namespace: str) -> dict[str, str]:
        key = namespace.lower()
        ids = self._index.get(key)
        if ids is None:
            ids = self._index[key] = {}
        return ids

    def find(self, namespace: str, identity: str) -> str | None:
        return self._index.get(namespace.lower(), {}).get(identity)

    def link(
        self, profile: Profile, identity_map: dict[str, list[dict[str, Any]]]
    ) -> tuple[str, ...]:
        """Add identities seen together with `profile` (the working copy is changed and kept);
        returns the namespaces that changed."""
        profile_id = str(profile["_id"])
        known = profile.setdefault("identityMap", {})
        changed: list[str] = []
        for namespace, items in identity_map.items():
            target = next((ns for ns in known if ns.lower() == namespace.lower()), namespace)
            present = {str(item.get("id")) for item in known.get(target, [])}
            for item in items:
                value = str(item.get("id", ""))
                if not value or value in present:
                    continue
                entry = {
                    "id": value,
                    "authenticatedState": item.get("authenticatedState", "ambiguous"),
                    "primary": False,
                }
                known.setdefault(target, []).append(entry)
                self._namespace(target)[value] = profile_id
                present.add(value)
                if target not in changed:
                    changed.append(target)
        if changed:
            self.put(profile)
        return tuple(changed)

    def merge(self, into: str, other: str) -> None:
        """Stitch `other` into `into`: identities and events move over, `other` is gone."""
        self._replacing(other)
        source = decode(self._records.pop(other))
        self._order.remove(other)
        target = decode(self._records[into])
        self.link(target, source.get("identityMap", {}))
        events = target.setdefault("xEvent", []) + source.get("xEvent", [])
        target["xEvent"] = sorted(events, key=lambda event: str(event.get("timestamp", "")))
        self.put(target)
        for namespace, items in source.get("identityMap", {}).items():
            ids = self._namespace(namespace)
            for item in items:
                if ids.get(str(item.get("id"))) == other:
                    ids[str(item.get("id"))] = into

    def search(self, query: str, offset: int, limit: int) -> list[Profile]:
        """Profiles whose id, name, email or city contain `query` (case-insensitive). Records are
        screened on their encoded bytes first, so only candidates are decoded."""
        needle = query.strip().lower()
        if not needle:
            chosen = self._order[offset : offset + limit]
            return [decode(self._records[profile_id]) for profile_id in chosen]
        raw = needle.encode() if needle.isascii() else b""  # bytes.lower() folds ASCII only
        found: list[Profile] = []
        for profile_id in self._order:
            record = self._records[profile_id]
            if raw not in record.lower() and record[0] == JSON_START:
                continue
            profile = decode(record)
            if needle in _haystack(profile):
                found.append(profile)
                if len(found) >= offset + limit:
                    break
        return found[offset:]


def _haystack(profile: Profile) -> str:
    person = profile.get("person", {}).get("name", {})
    return " ".join(
        (
            str(profile.get("_id", "")),
            str(person.get("firstName", "")),
            str(person.get("lastName", "")),
            str(profile.get("personalEmail", {}).get("address", "")),
            str(profile.get("homeAddress", {}).get("city", "")),
        )
    ).lower()
