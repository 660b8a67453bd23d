"""Driving `SandboxApp` in tests: build it with timers parked, flush on demand, read the screen."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from sandbox.tui.app import SandboxApp
from tests.tui.fake_simulator import ScriptedSimulator

SIZE = (140, 40)
PARKED = 3600.0
"""Timer periods long enough never to fire in a test: the test flushes and ticks by hand."""


def make_app(simulator: ScriptedSimulator, **options: Any) -> SandboxApp:
    return SandboxApp(simulator, flush_interval=PARKED, tick_interval=PARKED, **options)


async def flush(app: SandboxApp, pilot: Pilot[None]) -> None:
    """Let queued bus messages land, then push the digest to the widgets, as the timer would."""
    await pilot.pause()
    app.flush_events()
    await pilot.pause()


async def settle(app: SandboxApp, pilot: Pilot[None]) -> None:
    """Wait for every worker but the (endless) simulator run, then for the screen."""
    others = [worker for worker in app.workers if worker.name != "simulator"]
    await asyncio.gather(*(worker.wait() for worker in others), return_exceptions=True)
    await pilot.pause()


async def until(pilot: Pilot[None], condition: Callable[[], bool], attempts: int = 300) -> None:
    """Let the app run until `condition` holds (for work the app runs in its own workers)."""
    for _ in range(attempts):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the condition never held")


def screen_text(app: SandboxApp) -> str:
    """What the terminal shows, as plain text (the active screen, dialogs included)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
