"""The simulator's profiles, kept compact: one encoded record per profile, decoded on demand.

A million XDM profiles with their events take ~15 KiB each as Python dicts, ~3.5 KiB as JSON and
~0.5 KiB as JSON compressed with a dictionary learnt from them (`record_codec`), so the store keeps
compressed records and hands out *working copies*: `get` decodes, and a change is kept only when it
is written back with `put`. An identity index (namespace, id) → profile id (`identity_index`)
serves lookups and stitching.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from sandbox.simulator.identity_index import IdentityIndex
from sandbox.simulator.record_codec import JSON_START, RecordCodec, deserialise, serialise
from sandbox.simulator.record_packing import Packing

Profile = dict[str, Any]
BeforeReplace = Callable[[str, bytes], None]
"""Told a profile's id and its record as stored, just before the record is replaced or removed."""


encode = serialise
"""A profile (or a snapshot of one) as uncompressed bytes, for keeping outside the store."""
decode = deserialise


class ProfileStore:
    """Profiles in insertion order, encoded compactly; an index of their identities."""

    def __init__(self, codec: RecordCodec | None = None) -> None:
        self._records: dict[str, bytes] = {}
        self._order: list[str] = []
        self._index = IdentityIndex()
        self._codec = codec or RecordCodec()
        self._packing = Packing(self._codec, self._swap)
        self._before_replace: list[BeforeReplace] = []

    def on_replace(self, hook: BeforeReplace) -> None:
        """Call `hook` with the old record whenever a stored record is about to change or go (an
        activation keeps what it exported as "the record as stored" until then)."""
        self._before_replace.append(hook)

    def record(self, profile_id: str) -> bytes | None:
        """The encoded record of a profile (decode it with `decode_record`)."""
        return self._records.get(profile_id)

    def decode_record(self, record: bytes) -> Profile:
        """A working copy of the profile a record (from `record` or a replace hook) holds."""
        return self._codec.decode(record)

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
                yield self._codec.decode(record)

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
        return None if record is None else self._codec.decode(record)

    def put(self, profile: Profile) -> None:
        """Keep `profile` (a working copy, changed) as the stored version of its id."""
        profile_id = str(profile["_id"])
        if profile_id not in self._records:
            raise KeyError(profile_id)
        self._replacing(profile_id)
        self._records[profile_id] = self._codec.encode(profile)

    def add(self, profile: Profile) -> str:
        profile_id = str(profile["_id"])
        if profile_id not in self._records:
            self._order.append(profile_id)
        else:
            self._replacing(profile_id)
        if self._codec.compressing:  # compressed on the packing thread (`record_packing`)
            self._records[profile_id] = raw = self._codec.plain(profile)
            self._packing.add(profile_id, raw)
        else:
            self._records[profile_id] = self._codec.encode(profile)
        for namespace, items in profile.get("identityMap", {}).items():
            for item in items:
                self._index.set(namespace, str(item.get("id")), profile_id)
        return profile_id

    def _swap(self, profile_id: str, raw: bytes, packed: bytes) -> None:
        if self._records.get(profile_id) is raw:  # unchanged since it was sent for packing
            self._records[profile_id] = packed

    def find(self, namespace: str, identity: str) -> str | None:
        return self._index.get(namespace, identity)

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
                self._index.set(target, value, profile_id)
                present.add(value)
                if target not in changed:
                    changed.append(target)
        if changed:
            self.put(profile)
        return tuple(changed)

    def merge(self, into: str, other: str) -> None:
        """Stitch `other` into `into`: identities and events move over, `other` is gone."""
        self._replacing(other)
        source = self._codec.decode(self._records.pop(other))
        self._order.remove(other)
        target = self._codec.decode(self._records[into])
        self.link(target, source.get("identityMap", {}))
        events = target.setdefault("xEvent", []) + source.get("xEvent", [])
        target["xEvent"] = sorted(events, key=lambda event: str(event.get("timestamp", "")))
        self.put(target)
        for namespace, items in source.get("identityMap", {}).items():
            for item in items:
                self._index.move(namespace, str(item.get("id")), other, into)

    def search(self, query: str, offset: int, limit: int) -> list[Profile]:
        """Profiles whose id, name, email or city contain `query` (case-insensitive). Records are
        screened on their encoded bytes first, so only candidates are decoded."""
        needle = query.strip().lower()
        if not needle:
            chosen = self._order[offset : offset + limit]
            return [self._codec.decode(self._records[profile_id]) for profile_id in chosen]
        raw = needle.encode() if needle.isascii() else b""  # bytes.lower() folds ASCII only
        found: list[Profile] = []
        for profile_id in self._order:
            record = self._codec.raw(self._records[profile_id])
            if raw not in record.lower() and record[0] == JSON_START:
                continue
            profile = deserialise(record)
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
