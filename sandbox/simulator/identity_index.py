"""Which profile holds an identity: (namespace, id) → profile id, for lookups and stitching.

A million generated profiles carry ~5 million identities (ECID, e-mail and its hash, phone and
its hash, CRM id, device ids); kept as Python strings they cost ~180 bytes each in the index. The
index keys them instead by a 16-byte BLAKE2b digest of (namespace, id), which costs about half:
two different identities share a digest with probability ~2^-128 per pair (for 10^9 identities,
below 10^-20 in all), the same footing on which UUIDs are taken to be unique. Namespaces are
compared case-insensitively, as AEP compares identity namespace codes.
"""

from __future__ import annotations

from hashlib import blake2b


def _key(namespace: str, identity: str) -> bytes:
    return blake2b(f"{namespace.lower()}\x00{identity}".encode(), digest_size=16).digest()


class IdentityIndex:
    """(namespace, id) → profile id."""

    def __init__(self) -> None:
        self._owners: dict[bytes, str] = {}

    def __len__(self) -> int:
        return len(self._owners)

    def set(self, namespace: str, identity: str, profile_id: str) -> None:
        self._owners[_key(namespace, identity)] = profile_id

    def get(self, namespace: str, identity: str) -> str | None:
        return self._owners.get(_key(namespace, identity))

    def move(self, namespace: str, identity: str, source: str, target: str) -> None:
        """The identity now belongs to `target` if it belonged to `source`."""
        key = _key(namespace, identity)
        if self._owners.get(key) == source:
            self._owners[key] = target
