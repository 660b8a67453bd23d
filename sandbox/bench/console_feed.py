"""The smallest `SimulatorApi` for the console's stages: partner arrivals on a bus, nothing else.

The stages drive the real `SandboxApp`; what feeds it is theirs (`run()`): the mock partner's
stream relayed over HTTP (tui.latency) or records decoded in process (tui.memory). Summaries are
empty and every command refuses, since the stages only press ↑/↓.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App

from sandbox.clock import Clock, RealClock
from sandbox.errors import SimulationError
from sandbox.events import EventBus
from sandbox.simulator.api import (
    AudienceSummary,
    DestinationSummary,
    EdgeExchange,
    ProfileSummary,
    RunState,
)

OUT_OF_STAGE = "the console stages only relay partner arrivals"


def press(app: App[Any], key: str) -> None:
    """Hand `key` to the app's driver, as a terminal would, without waiting for the screen."""
    event = events.Key(key, None)
    event.set_sender(app)
    driver = app._driver
    if driver is not None:
        driver.send_message(event)


class ConsoleFeed:
    """A `SimulatorApi` whose run only publishes partner arrivals (subclasses say how)."""

    def __init__(self, url: str) -> None:
        self.bus = EventBus()
        self.clock: Clock = RealClock(speed=1.0)
        self.url = url
        self.relayed = 0
        """Arrivals published so far."""

    async def run(self) -> None:
        raise NotImplementedError

    def run_state(self) -> RunState:
        return RunState("running", 1.0, self.clock.now())

    def servers(self) -> dict[str, str]:
        return {"partner": self.url}

    def audiences(self) -> list[AudienceSummary]:
        return []

    def destinations(self) -> list[DestinationSummary]:
        return []

    def profile_count(self) -> int:
        return 0

    def profiles_page(self, query: str, offset: int, limit: int) -> list[ProfileSummary]:
        return []

    def profile(self, profile_id: str) -> dict[str, Any] | None:
        return None

    def template_source(self, destination_id: str) -> str:
        return ""

    def render_preview(self, destination_id: str, template: str, profile_id: str | None) -> Any:
        raise SimulationError(OUT_OF_STAGE)

    def pause(self) -> None:
        raise SimulationError(OUT_OF_STAGE)

    def resume(self) -> None:
        raise SimulationError(OUT_OF_STAGE)

    def set_speed(self, speed: float) -> None:
        raise SimulationError(OUT_OF_STAGE)

    async def step(self, seconds: float) -> None:
        raise SimulationError(OUT_OF_STAGE)

    async def generate_profiles(self, count: int) -> None:
        raise SimulationError(OUT_OF_STAGE)

    async def stream_events(self, count: int) -> None:
        raise SimulationError(OUT_OF_STAGE)

    async def set_audience_pql(self, audience_id: str, pql: str) -> None:
        raise SimulationError(OUT_OF_STAGE)

    async def run_batch_job(self) -> int:
        raise SimulationError(OUT_OF_STAGE)

    async def preview_audience_pql(self, audience_id: str, pql: str) -> Any:
        raise SimulationError(OUT_OF_STAGE)

    async def set_partner_faults(self, preset: str) -> None:
        raise SimulationError(OUT_OF_STAGE)

    async def set_partner_fault_rules(self, rules: list[dict[str, Any]]) -> None:
        raise SimulationError(OUT_OF_STAGE)

    async def send_edge_event(
        self,
        identity: str,
        event_type: str = "",
        page: str | None = None,
        xdm: dict[str, Any] | None = None,
    ) -> EdgeExchange:
        raise SimulationError(OUT_OF_STAGE)
