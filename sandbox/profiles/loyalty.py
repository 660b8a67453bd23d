"""Loyalty membership: points that grow with tenure, and the tier the points earn."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from sandbox.profiles.timestamps import dates_text

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

TIERS: tuple[tuple[str, int], ...] = (
    ("platinum", 50_000),
    ("gold", 10_000),
    ("silver", 2_500),
    ("bronze", 0),
)
"""Tiers from the top, with the points each one starts at."""

_MAX_TENURE_DAYS = 3_650
_ADULT_DAYS = 6_575


def tier_for(points: int) -> str:
    """The tier `points` earn."""
    for tier, threshold in TIERS:
        if points >= threshold:
            return tier
    return TIERS[-1][0]


def memberships(
    today: int, birthdays: Ints, tenure_units: Floats, normal_units: tuple[Floats, Floats]
) -> list[dict[str, Any]]:
    """`loyalty` for a chunk: joined as an adult within ten years, log-normal points whose
    median rises with membership length, and the tier the points earn."""
    longest = np.clip(today - birthdays - _ADULT_DAYS, 0, _MAX_TENURE_DAYS)
    tenure = (tenure_units**1.3 * longest).astype(np.int64)
    first, second = normal_units
    normal = np.sqrt(-2.0 * np.log1p(-first)) * np.cos(2 * np.pi * second)
    centre = 6.3 + 0.35 * np.log1p(tenure / 30)
    points = np.minimum(np.exp(centre + 1.2 * normal), 250_000).astype(np.int64)
    tiers = np.array([tier for tier, _ in reversed(TIERS)])
    thresholds = np.array([low for _, low in reversed(TIERS)])
    tier = tiers[np.searchsorted(thresholds, points, side="right") - 1]
    return [
        {"tier": t, "points": p, "joinDate": d}
        for t, p, d in zip(tier.tolist(), points.tolist(), dates_text(today - tenure), strict=True)
    ]
