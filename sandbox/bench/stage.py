"""The result of one benchmark stage, and the timing helpers stages share."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class StageResult:
    name: str
    unit: str
    value: float
    anchor: str
    """What the value is measured against, in words."""
    anchor_value: float
    ratio: float
    """How the stage compares with its anchor; above 1 is better, whatever the unit."""
    target: float | None = None
    """The ratio the issue asks for, when it states one."""
    note: str = ""

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.ratio >= self.target

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["met"] = self.met
        return data


def rate(work: Callable[[], int], min_seconds: float = 0.5, max_rounds: int = 1_000_000) -> float:
    """Items per second of `work()` (which returns how many items it did), best of the rounds run
    within `min_seconds` (at least three), so a hiccup of the machine does not decide the result."""
    best = 0.0
    started = time.perf_counter()
    rounds = 0
    while rounds < 3 or (time.perf_counter() - started < min_seconds and rounds < max_rounds):
        t0 = time.perf_counter()
        items = work()
        elapsed = time.perf_counter() - t0
        best = max(best, items / elapsed if elapsed > 0 else float("inf"))
        rounds += 1
    return best


def higher_is_better(
    name: str, unit: str, value: float, anchor: str, anchor_value: float, target: float | None
) -> StageResult:
    ratio = value / anchor_value if anchor_value else 0.0
    return StageResult(name, unit, value, anchor, anchor_value, ratio, target)


def lower_is_better(
    name: str, unit: str, value: float, anchor: str, anchor_value: float, target: float | None
) -> StageResult:
    ratio = anchor_value / value if value else 0.0
    return StageResult(name, unit, value, anchor, anchor_value, ratio, target)
