"""The in-flight bound on calls to partners: a semaphore whose uncontended entry costs no await.

`asyncio.Semaphore` creates a coroutine to enter and checks for waiters to leave, on every call;
delivery enters once per HTTP call and is rarely at its bound, so `Gate.try_enter()` takes a free
slot synchronously and only a call that must wait awaits `enter()`. Waiters are served first in,
first out, and a slot is handed straight to the next waiter when one leaves.
"""

from __future__ import annotations

import asyncio
from collections import deque


class Gate:
    """At most `limit` holders at a time."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"a gate needs at least one slot, not {limit}")
        self._limit = limit
        self._held = 0
        self._waiting: deque[asyncio.Future[None]] = deque()

    @property
    def held(self) -> int:
        """Slots taken now (a slot handed to a waiter counts as taken)."""
        return self._held

    def try_enter(self) -> bool:
        """Take a slot if one is free and nobody waits for one; never waits."""
        if self._held < self._limit and not self._waiting:
            self._held += 1
            return True
        return False

    async def enter(self) -> None:
        """Take a slot, waiting in line for one when all are taken."""
        if self.try_enter():
            return
        future = asyncio.get_running_loop().create_future()
        self._waiting.append(future)
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.leave()  # the slot was handed over just as the waiter was cancelled
            elif future in self._waiting:
                self._waiting.remove(future)
            raise

    def leave(self) -> None:
        """Give a slot back: to the first waiter still waiting, else to the pool."""
        while self._waiting:
            future = self._waiting.popleft()
            if not future.done():
                future.set_result(None)
                return
        self._held -= 1
