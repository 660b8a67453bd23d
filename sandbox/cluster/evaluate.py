"""Audience populations of a population too large for one machine: membership bitsets by range.

Each range is a Ray task (`membership_bits`: profiles regenerated from (seed, index) in the task,
evaluated, and reduced to one packed bitset per audience, an eighth of a byte per profile and
audience); the driver concatenates them in index order. 10^8 profiles × 20 audiences come back as
250 MB of bits, never as profiles.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sandbox.load.preparation import PopulationPlan, membership_bits


def memberships(
    ray: Any, plan: PopulationPlan, count: int, range_size: int = 10_000
) -> dict[str, np.ndarray[Any, np.dtype[np.bool_]]]:
    """Audience id → one flag per profile `0 .. count - 1`: a member or not."""
    task = ray.remote(membership_bits)
    starts = range(0, count, range_size)
    refs = [task.remote(plan, start, min(range_size, count - start)) for start in starts]
    parts: dict[str, list[np.ndarray[Any, np.dtype[np.bool_]]]] = {}
    for start, bits in zip(starts, ray.get(refs), strict=True):
        size = min(range_size, count - start)
        for audience_id, packed in bits.items():
            flags = np.unpackbits(np.frombuffer(packed, dtype=np.uint8), count=size)
            parts.setdefault(audience_id, []).append(flags.astype(bool))
    return {audience_id: np.concatenate(chunks) for audience_id, chunks in parts.items()}


def populations(flags: dict[str, np.ndarray[Any, np.dtype[np.bool_]]]) -> dict[str, int]:
    return {audience_id: int(members.sum()) for audience_id, members in flags.items()}
