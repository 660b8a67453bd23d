"""What a load test is asked to do (built from the command line, checked there)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sandbox.load.bucket import AEP_CEILING
from sandbox.load.preparation import PopulationPlan


@dataclass(frozen=True)
class LoadPlan:
    population: PopulationPlan
    profiles: int
    rate: float = AEP_CEILING
    """Activation calls per second, held globally (retries included: AEP does not slow down)."""
    changes_per_second: float = 0.0
    """Profile changes per wall second in the streaming phase."""
    duration: float = 0.0
    """Wall seconds of the streaming phase."""
    speed: float = 1.0
    """Simulated seconds per wall second: AEP's retry waits and batch windows are divided by it."""
    endpoint: str | None = None
    """None: the bundled mock partner; else the partner's own base URL."""
    partner_faults: tuple[dict[str, Any], ...] = ()
    range_size: int = 5_000
    prepare_ahead: int = 256 * 2**20
    """Bytes of rendered calls prepared before sending starts, and kept ahead after."""
    workers: int = 1
    in_flight: int = 64
    timeout: float = 2.0
    max_p99_ms: float | None = None
    max_drop_rate: float | None = None
    journal: bool = False
    """Record every call in a journal (`sandbox runs`; with Ray, one shard per actor, merged).
    Off by default: keeping every request and answer body costs CPU and disk at thousands of
    calls a second."""
