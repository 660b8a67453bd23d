"""Deadlines of calls in flight, watched by one timer: each call expires at its own time."""

from __future__ import annotations

import asyncio

from sandbox.delivery.deadlines import Deadlines


async def call(deadlines: Deadlines, seconds: float, log: list[str], name: str) -> None:
    """Take `seconds`, under a deadline; log whether it ended or timed out."""
    deadline = deadlines.start()
    try:
        await asyncio.sleep(seconds)
        log.append(f"{name} ended")
    except asyncio.CancelledError:
        if not deadline.expired_here():
            raise
        log.append(f"{name} timed out")
    finally:
        deadlines.end(deadline)


async def test_each_call_times_out_on_its_own_deadline_and_no_other():
    deadlines, log = Deadlines(0.1), list[str]()
    loop = asyncio.get_running_loop()
    began = loop.time()
    first = asyncio.create_task(call(deadlines, 0.02, log, "quick"))
    slow = asyncio.create_task(call(deadlines, 5, log, "slow"))
    await asyncio.sleep(0.05)
    later = asyncio.create_task(call(deadlines, 5, log, "later"))
    await asyncio.gather(first, slow)
    slow_ended = loop.time() - began
    await later
    later_ended = loop.time() - began
    assert log == ["quick ended", "slow timed out", "later timed out"]
    assert 0.1 <= slow_ended < 1  # never early; late only as much as a loaded loop is
    assert 0.15 <= later_ended < 1  # its own deadline, not the first call's


async def test_calls_that_end_in_time_are_never_cancelled_and_the_watch_stops():
    deadlines, log = Deadlines(0.05), list[str]()
    for _ in range(3):
        await asyncio.gather(*(call(deadlines, 0.01, log, f"c{n}") for n in range(5)))
    await asyncio.sleep(0.12)  # the timer fires for calls long gone, finds none, and disarms
    assert log == [f"c{n} ended" for n in range(5)] * 3
    assert deadlines._timer is None and not deadlines._pending


async def test_someone_else_cancelling_the_call_is_not_its_timeout():
    deadlines, log = Deadlines(5), list[str]()
    task = asyncio.create_task(call(deadlines, 5, log, "cancelled"))
    await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert task.cancelled() and log == []


def test_one_watch_serves_one_event_loop_after_another():
    deadlines, log = Deadlines(0.05), list[str]()
    asyncio.run(call(deadlines, 5, log, "first loop"))
    asyncio.run(call(deadlines, 5, log, "second loop"))
    assert log == ["first loop timed out", "second loop timed out"]
