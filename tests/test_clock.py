"""The virtual clock jumps between timers once everything has settled; the real clock scales time."""

from __future__ import annotations

import asyncio
import time

from sandbox.clock import DEFAULT_EPOCH, RealClock, VirtualClock, isoformat, parse_time


async def test_virtual_sleep_takes_no_wall_time(clock: VirtualClock) -> None:
    woke: list[float] = []

    async def sleeper(delay: float) -> None:
        await clock.sleep(delay)
        woke.append(clock.now() - DEFAULT_EPOCH)

    tasks = [asyncio.create_task(sleeper(d)) for d in (1800, 15, 30)]
    started = time.perf_counter()
    await clock.advance(3600)
    assert time.perf_counter() - started < 1.0
    assert woke == [15, 30, 1800]
    assert clock.now() == DEFAULT_EPOCH + 3600
    await asyncio.gather(*tasks)


async def test_virtual_clock_stops_at_target(clock: VirtualClock) -> None:
    task = asyncio.create_task(clock.sleep(100))
    await clock.advance(50)
    assert not task.done()
    await clock.advance(50)
    assert task.done()


async def test_chained_sleeps_follow_each_other(clock: VirtualClock) -> None:
    seen: list[float] = []

    async def retrying() -> None:
        for delay in (15, 30):
            await clock.sleep(delay)
            seen.append(clock.now() - DEFAULT_EPOCH)

    task = asyncio.create_task(retrying())
    await clock.advance(60)
    assert seen == [15, 45]
    await task


async def test_virtual_clock_waits_for_io_in_flight(clock: VirtualClock) -> None:
    order: list[str] = []

    async def request() -> None:
        async with clock.busy():
            await asyncio.sleep(0.05)  # real I/O takes real time
            order.append("answered")
        await clock.sleep(15)
        order.append("retried")

    task = asyncio.create_task(request())
    await asyncio.sleep(0)
    await clock.advance(10)
    assert order == ["answered"]
    await clock.advance(10)
    assert order == ["answered", "retried"]
    await task


async def test_cancelled_sleep_does_not_block(clock: VirtualClock) -> None:
    task = asyncio.create_task(clock.sleep(10))
    await asyncio.sleep(0)
    task.cancel()
    await clock.advance(20)
    assert clock.next_timer is None


async def test_real_clock_speed_and_pause() -> None:
    clock = RealClock(speed=3600)
    runner = asyncio.create_task(clock.run())
    try:
        await asyncio.wait_for(clock.sleep(1800), timeout=5)  # half an hour in about half a second
        clock.pause()
        frozen = clock.now()
        await asyncio.sleep(0.02)
        assert clock.now() == frozen
        await clock.step(60)
        assert clock.now() == frozen + 60
        clock.resume()
        clock.set_speed(0)  # as fast as possible
        await asyncio.wait_for(clock.sleep(86_400), timeout=5)
    finally:
        runner.cancel()


def test_time_formatting_round_trips() -> None:
    assert isoformat(DEFAULT_EPOCH) == "2026-01-01T00:00:00Z"
    assert isoformat(DEFAULT_EPOCH + 1.5, millis=True) == "2026-01-01T00:00:01.500Z"
    assert parse_time("2026-01-01T00:00:01.500Z") == DEFAULT_EPOCH + 1.5
    assert parse_time("2021-10-26T17:41:55.947+0000".replace("+0000", "+00:00")) > 0


async def test_settle_waits_for_every_runnable_task(clock: VirtualClock) -> None:
    """A relay of tasks, each woken by the previous one's future, plus one spinning on
    `sleep(0)`: `settle` returns only when all of them are done or blocked on a timer."""
    import asyncio

    loop = asyncio.get_running_loop()
    futures = [loop.create_future() for _ in range(30)]
    done: list[int] = []

    async def relay(index: int) -> None:
        await futures[index]
        done.append(index)
        if index + 1 < len(futures):
            futures[index + 1].set_result(None)
        await clock.sleep(60)  # then blocked on simulation time

    async def spin() -> None:
        for _ in range(500):
            await asyncio.sleep(0)
        done.append(-1)

    tasks = [asyncio.create_task(relay(i)) for i in range(len(futures))]
    tasks.append(asyncio.create_task(spin()))
    futures[0].set_result(None)
    await clock.settle()
    assert sorted(done) == [-1, *range(30)]
    assert clock.next_timer == clock.now() + 60
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def test_settle_reads_no_private_asyncio_state() -> None:
    from pathlib import Path

    import sandbox.clock

    source = Path(sandbox.clock.__file__).read_text()
    assert "_ready" not in source.replace("_ready_tasks", "")
