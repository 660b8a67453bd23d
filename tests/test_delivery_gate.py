"""The in-flight gate and the per-call deadline on delivery's hot path: bounds, order, cancels."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from sandbox.delivery import SINGLE_ATTEMPT, Deliverer, DeliverySettings
from sandbox.delivery.gate import Gate
from sandbox.destinations.credentials import Credentials
from tests.test_delivery_kit import outgoing


async def test_a_gate_holds_at_most_its_limit_and_serves_waiters_in_order():
    gate, inside, most, order = Gate(2), 0, 0, list[int]()

    async def hold(index: int) -> None:
        nonlocal inside, most
        await gate.enter()
        try:
            inside += 1
            most = max(most, inside)
            order.append(index)
            await asyncio.sleep(0.001)
            inside -= 1
        finally:
            gate.leave()

    await asyncio.gather(*(hold(index) for index in range(7)))
    assert most == 2
    assert order == list(range(7))
    assert gate.held == 0 and gate.try_enter()


async def test_a_waiter_cancelled_in_line_gives_up_no_slot():
    gate = Gate(1)
    assert gate.try_enter()
    waiter = asyncio.create_task(gate.enter())
    await asyncio.sleep(0)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    gate.leave()
    assert gate.held == 0
    assert gate.try_enter() and not gate.try_enter()


async def test_a_waiter_cancelled_as_its_slot_arrives_passes_the_slot_on():
    gate = Gate(1)
    assert gate.try_enter()
    first = asyncio.create_task(gate.enter())
    second = asyncio.create_task(gate.enter())
    await asyncio.sleep(0)
    gate.leave()  # hands the slot to `first`...
    first.cancel()  # ...which is cancelled before it runs
    with pytest.raises(asyncio.CancelledError):
        await first
    await asyncio.wait_for(second, 1)  # so `second` gets it
    gate.leave()
    assert gate.held == 0


def test_a_gate_needs_a_slot():
    with pytest.raises(ValueError, match="at least one slot"):
        Gate(0)


def _never_answers() -> httpx.AsyncClient:
    async def never(request: httpx.Request) -> httpx.Response:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    return httpx.AsyncClient(transport=httpx.MockTransport(never))


async def test_cancelling_a_delivery_is_not_taken_for_a_timeout(clock, bus):
    """Someone cancelling the task (Ctrl-C, a stopped run) cancels it; only the call's own
    deadline becomes a `timeout` outcome."""
    async with _never_answers() as client:
        deliverer = Deliverer(client, clock, bus, DeliverySettings(timeout=0.3, max_in_flight=1))
        task = asyncio.create_task(deliverer.deliver(outgoing(), Credentials(), SINGLE_ATTEMPT))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # its one slot came back: the next call gets through, to its own deadline
        sending = deliverer.deliver(outgoing(), Credentials(), SINGLE_ATTEMPT)
        result = await asyncio.wait_for(sending, 5)
    assert result.calls[0].outcome == "timeout"
    assert deliverer.exchanger._gate.held == 0


async def test_the_in_flight_bound_holds_across_timeouts(clock, bus):
    async with _never_answers() as client:
        deliverer = Deliverer(client, clock, bus, DeliverySettings(timeout=0.05, max_in_flight=2))
        sends = (deliverer.deliver(outgoing(), Credentials(), SINGLE_ATTEMPT) for _ in range(5))
        began = asyncio.get_running_loop().time()
        results = await asyncio.gather(*sends)
        took = asyncio.get_running_loop().time() - began
    assert [r.calls[0].outcome for r in results] == ["timeout"] * 5
    assert took >= 0.05 * 3 * 0.9  # five calls, two at a time: three rounds of deadlines
    assert deliverer.exchanger._gate.held == 0
