"""Wall-clock deadlines of the HTTP calls in flight, watched by one timer instead of one per call.

Every exchange may take at most `DeliverySettings.timeout` seconds of wall time; when it runs out,
the calling task is cancelled and the call counts as timed out. `asyncio.timeout` (or one
`loop.call_at` per call) costs a timer handle pushed on the loop's heap, cancelled, and popped
again for every call, several microseconds on delivery's hot path. Here all calls of one exchanger
share one timeout, so their deadlines fall in the order the calls began: they are kept in an
insertion-ordered dict, and a single timer is armed for the oldest. When it fires it expires
every call whose deadline has passed and re-arms for the oldest left; a call that ends simply
leaves the dict. Deadlines are kept exactly (to the loop's timer precision), as before.
"""

from __future__ import annotations

import asyncio


class Deadline:
    """One call's deadline: cancels its task when reached, unless the call ended first."""

    __slots__ = ("at", "_cancelling", "_expired", "_task")

    def __init__(self, task: asyncio.Task[object], at: float) -> None:
        self.at = at
        self._task = task
        self._cancelling = task.cancelling()
        self._expired = False

    def expire(self) -> None:
        self._expired = True
        self._task.cancel()

    def expired_here(self) -> bool:
        """Whether a cancellation being handled is this deadline's own (then it is withdrawn
        and the call timed out) rather than someone cancelling the task."""
        return self._expired and self._task.uncancel() <= self._cancelling


class Deadlines:
    """The deadlines of calls that all may take `seconds` of wall time."""

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._pending: dict[Deadline, None] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> Deadline:
        """The deadline of a call the current task makes now; `end` it when the call ends."""
        task = asyncio.current_task()
        assert task is not None, "HTTP calls are made from a task"
        loop = task.get_loop()
        deadline = Deadline(task, loop.time() + self._seconds)
        self._pending[deadline] = None
        if self._timer is None or loop is not self._loop:
            self._arm(loop, deadline.at)
        return deadline

    def end(self, deadline: Deadline) -> None:
        self._pending.pop(deadline, None)

    def _arm(self, loop: asyncio.AbstractEventLoop, at: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._loop = loop
        self._timer = loop.call_at(at, self._expire_due)

    def _expire_due(self) -> None:
        self._timer = None
        assert self._loop is not None
        now = self._loop.time()
        while self._pending:
            oldest = next(iter(self._pending))
            if oldest.at > now:
                self._arm(self._loop, oldest.at)
                return
            del self._pending[oldest]
            oldest.expire()
