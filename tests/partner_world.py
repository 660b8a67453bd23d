"""The mock partner in process for its tests: a settable wall clock, its state, an httpx client.

Registered for every test module by `tests/conftest.py`; a module may define its own `state`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from mock_partner import PartnerState, create_app


class FakeClock:
    """The partner's wall clock, moved by hand."""

    def __init__(self, now: float = 1_767_225_600.0) -> None:  # 2026-01-01T00:00:00Z
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def wall() -> FakeClock:
    return FakeClock()


@pytest.fixture
def state(wall: FakeClock) -> PartnerState:
    return PartnerState(clock=wall)


@pytest.fixture
async def client(state: PartnerState) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://partner") as client:
        yield client
