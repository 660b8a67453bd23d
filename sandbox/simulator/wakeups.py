"""Profiles due for re-evaluation at a simulation time, on one timer for the whole population.

"Purchased in the last 3 hours" stops holding 3 hours after the purchase with nothing else
happening; the engine says when (`evaluate_with_wakeup`), and this schedule wakes the profile
then. A million profiles with time windows cost a heap entry each, not an asyncio task each.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Callable

from sandbox.clock import Clock


class Wakeups:
    """One due time per profile (the latest asked for wins); `on_due(profile_id)` runs then,
    in the order the wake-ups were scheduled among profiles due at the same instant."""

    def __init__(self, clock: Clock, on_due: Callable[[str], None]) -> None:
        self._clock = clock
        self._on_due = on_due
        self._due: dict[str, float] = {}
        self._heap: list[tuple[float, int, str]] = []
        self._sequence = itertools.count()
        self._timer: asyncio.Task[None] | None = None
        self._timer_at: float | None = None

    def __len__(self) -> int:
        return len(self._due)

    def schedule(self, profile_id: str, when: float | None, now: float) -> None:
        """Wake `profile_id` at `when`; None (or a time not in the future) cancels its wake-up."""
        if when is None or when <= now:
            self._due.pop(profile_id, None)
            return
        if self._due.get(profile_id) == when:
            return
        self._due[profile_id] = when
        heapq.heappush(self._heap, (when, next(self._sequence), profile_id))
        self._arm()

    def _arm(self) -> None:
        heap = self._heap
        while heap and self._due.get(heap[0][2]) != heap[0][0]:
            heapq.heappop(heap)  # superseded or cancelled
        if not heap:
            return
        first = heap[0][0]
        running = self._timer is not None and not self._timer.done()
        if running and self._timer_at is not None and self._timer_at <= first:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer_at = first
        self._timer = asyncio.ensure_future(self._fire(first))

    async def _fire(self, at: float) -> None:
        await self._clock.sleep_until(at)
        self._timer, self._timer_at = None, None
        now = self._clock.now()
        while self._heap and self._heap[0][0] <= now:
            when, _, profile_id = heapq.heappop(self._heap)
            if self._due.get(profile_id) == when:
                del self._due[profile_id]
                self._on_due(profile_id)
        self._arm()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer, self._timer_at = None, None
        self._due.clear()
        self._heap.clear()
