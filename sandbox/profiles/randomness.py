"""Counter-based randomness: every value is a hash of (seed, index, stream, position).

Nothing here keeps state between profiles, so profile *i* comes out the same whether it is
generated alone, in a chunk of ten or in a chunk of ten thousand. Chunks are hashed at once with
numpy (splitmix64's finaliser on uint64 arrays, which wrap silently); the assembly code then reads
the values in order through a `Draws` cursor.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from itertools import chain, count
from typing import TypeVar

import numpy as np
import numpy.typing as npt

Words = npt.NDArray[np.uint64]
T = TypeVar("T")

MASK64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_M1 = 0xBF58476D1CE4E5B9
_M2 = 0x94D049BB133111EB
_UNIT = 2.0**-53


def seed_word(seed: int, *labels: str) -> int:
    """A 64-bit key for any integer seed and stream labels (stable across runs and platforms)."""
    text = ":".join([str(seed), *labels]).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")


def mix(x: int) -> int:
    """splitmix64's finaliser on one Python int."""
    x &= MASK64
    x = ((x ^ (x >> 30)) * _M1) & MASK64
    x = ((x ^ (x >> 27)) * _M2) & MASK64
    return x ^ (x >> 31)


def mix_array(x: Words) -> Words:
    """splitmix64's finaliser on a uint64 array (returns a new array)."""
    x = x ^ (x >> np.uint64(30))
    x *= np.uint64(_M1)
    x ^= x >> np.uint64(27)
    x *= np.uint64(_M2)
    x ^= x >> np.uint64(31)
    return x


def keys(key: int, counters: Words) -> Words:
    """One independent stream key per counter (a profile index, a session ordinal...)."""
    return mix_array((counters + np.uint64(1)) * np.uint64(_GOLDEN) ^ np.uint64(key))


def matrix(stream_keys: Words, width: int) -> Words:
    """`width` 64-bit values for each stream key (one row per key)."""
    steps = (np.arange(1, width + 1, dtype=np.uint64) * np.uint64(_GOLDEN))[None, :]
    return mix_array(stream_keys[:, None] + steps)


def units(stream_keys: Words, width: int) -> npt.NDArray[np.float64]:
    """`width` floats in [0, 1) for each stream key (one row per key)."""
    return (matrix(stream_keys, width) >> np.uint64(11)).astype(np.float64) * _UNIT


class Draws:
    """Reads a stream's values in order; past its precomputed end it carries on by hashing.

    `unit` is the bound `__next__` of an iterator, so a draw costs one C call.
    """

    __slots__ = ("unit",)

    def __init__(self, values: list[float], key: int, offset: int = 0) -> None:
        """`values` are the stream's draws from position `offset` on."""
        self.unit: Callable[[], float] = chain(values, _beyond(key, offset + len(values))).__next__

    @classmethod
    def of(cls, key: int) -> Draws:
        """The stream of one key computed in Python: the same values `units` gives for it."""
        return cls([], key)

    def below(self, n: int) -> int:
        """An int in [0, n)."""
        return int(self.unit() * n)

    def between(self, low: int, high: int) -> int:
        """An int in [low, high]."""
        return low + int(self.unit() * (high - low + 1))

    def chance(self, p: float) -> bool:
        return self.unit() < p

    def pick(self, items: Sequence[T]) -> T:
        return items[int(self.unit() * len(items))]

    def word(self) -> int:
        """A random 53-bit int."""
        return int(self.unit() * 2.0**53)

    def bits(self) -> int:
        """A random 64-bit int (from two draws)."""
        return ((self.word() << 11) ^ self.word()) & MASK64


def _beyond(key: int, start: int) -> Iterator[float]:
    for step in count(start + 1):
        yield (mix(key + step * _GOLDEN) >> 11) * _UNIT


_FEW = 12
"""Below this many values left outside the range, a permutation walks them in Python."""


class Permutation:
    """A keyed bijection of `range(size)` (a Feistel network with cycle walking).

    Distinct indices get distinct values, which is how generated identities (emails, phone
    numbers, CRM ids) stay unique across a population without any shared state.
    """

    def __init__(self, size: int, key: int, rounds: int = 4) -> None:
        self.size = size
        self._half = max(1, ((size - 1).bit_length() + 1) // 2)
        self._mask = np.uint64((1 << self._half) - 1)
        self._round_keys = [np.uint64(mix(key + r * _GOLDEN)) for r in range(rounds)]

    def __call__(self, indices: Words) -> Words:
        """The permuted value of each index (indices are taken modulo `size`).

        Cycle walking takes a dozen or more passes over ever fewer values; once a few are left,
        a pass costs numpy's per-call overhead rather than work, so they finish in Python."""
        values = self._shuffle(indices % np.uint64(self.size))
        outside = np.flatnonzero(values >= np.uint64(self.size))
        while len(outside) > _FEW:
            values[outside] = self._shuffle(values[outside])
            outside = outside[values[outside] >= np.uint64(self.size)]
        for at in outside.tolist():
            values[at] = self._walk(int(values[at]))
        return values

    def _walk(self, value: int) -> int:
        """Cycle walking of one value in Python ints (the same steps as `_shuffle`)."""
        half, mask = self._half, int(self._mask)
        keys = [int(round_key) for round_key in self._round_keys]
        while value >= self.size:
            left, right = value >> half, value & mask
            for round_key in keys:
                left, right = right, left ^ (mix(right ^ round_key) & mask)
            value = (left << half) | right
        return value

    def _shuffle(self, values: Words) -> Words:
        half = np.uint64(self._half)
        left, right = values >> half, values & self._mask
        for round_key in self._round_keys:
            left, right = right, left ^ (mix_array(right ^ round_key) & self._mask)
        return (left << half) | right
