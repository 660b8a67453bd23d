"""A global request rate: one token bucket that every activation call passes before it is sent.

Virtual scheduling (GCRA): each caller reserves the next free slot, `1 / rate` seconds after the
one before, and sleeps until it. Up to `burst` slots may lie in the past, so a caller that comes
after a pause goes at once, but the long-run rate never exceeds `rate`. Slots are reserved in the
order callers arrive, so waiting is fair. Time and sleeping are injected (tests use fakes).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

AEP_CEILING = 10_000.0
"""Requests per second AEP sends at most per dataflow (aep-destinations.md §9)."""


class TokenBucket:
    """At most `rate` acquisitions per second, `burst` of them at once."""

    def __init__(
        self,
        rate: float,
        burst: int = 1,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be positive, not {rate}")
        self.rate = rate
        self._interval = 1.0 / rate
        self._slack = max(burst - 1, 0) * self._interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._next = monotonic()
        self.granted = 0
        self.waited = 0.0
        """Seconds callers spent waiting for a slot, added up."""

    def reserve(self) -> float:
        """Take the next slot; returns how many seconds from now it is (0: go now)."""
        now = self._monotonic()
        slot = max(self._next, now - self._slack)
        self._next = slot + self._interval
        self.granted += 1
        return max(slot - now, 0.0)

    async def acquire(self) -> None:
        delay = self.reserve()
        if delay > 0.0005:
            self.waited += delay
            await self._sleep(delay)
