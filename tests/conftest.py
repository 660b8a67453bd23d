"""Shared fixtures: a fresh, observable world per test (SimPy's `env` and `log`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.clock import VirtualClock
from sandbox.events import Event, EventBus

pytest_plugins = ["tests.partner_world"]
"""The mock partner in process (`wall`, `state`, `client`); a module's own fixture of the same
name takes precedence."""


@pytest.fixture(autouse=True)
def isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep every test's journals and certificates out of the developer's data home."""
    path = tmp_path_factory.mktemp("sandbox-data")
    monkeypatch.setenv("SANDBOX_DATA_DIR", str(path))
    return path


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def bus() -> EventBus:
    return EventBus()


@pytest.fixture
def events(bus: EventBus) -> Iterator[list[Event]]:
    seen: list[Event] = []
    unsubscribe = bus.subscribe(seen.append)
    yield seen
    unsubscribe()
