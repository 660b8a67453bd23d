"""Simulation speeds as the console offers them: labels, and the next step up or down."""

from __future__ import annotations

import math

from sandbox.simulator.api import SPEEDS


def speed_label(speed: float) -> str:
    """`60×`, or `max` for as fast as possible (speed 0)."""
    return "max" if speed <= 0 else f"{speed:g}×"


def _pace(speed: float) -> float:
    return math.inf if speed <= 0 else speed


def next_speed(current: float, faster: bool) -> float:
    """The offered speed one step faster or slower than `current` (which need not be offered)."""
    ladder = sorted(SPEEDS, key=_pace)
    if faster:
        return next((s for s in ladder if _pace(s) > _pace(current)), ladder[-1])
    return next((s for s in reversed(ladder) if _pace(s) < _pace(current)), ladder[0])
