"""What front ends see of the simulator: read-only summaries and the commands they may call.

The TUI and the scenario runner depend on `SimulatorApi`, not on the concrete `Simulator`, so tests can
hand them a scripted fake (memray's `MockReader`). Nothing here mutates state except the commands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from sandbox.clock import Clock
from sandbox.events import EventBus

FAULT_PRESETS = ("429-storm", "5xx", "latency", "down", "clear")
"""Partner fault presets the front ends offer (the mock partner supports much more)."""

SPEEDS = (1.0, 10.0, 60.0, 3600.0, 0.0)
"""Simulated seconds per wall second offered by the TUI; 0 means as fast as possible."""


@dataclass(frozen=True)
class AudienceSummary:
    id: str
    name: str
    mode: str  # "streaming" | "batch" | "edge"
    expression: str
    population: int
    realized_total: int
    exited_total: int


@dataclass(frozen=True)
class ProfileSummary:
    id: str
    name: str
    email: str
    city: str
    country: str
    audiences: int
    events: int


@dataclass(frozen=True)
class PendingBatch:
    key: str
    size: int
    age_seconds: float


@dataclass(frozen=True)
class DestinationSummary:
    id: str
    name: str
    kind: str  # "rest" | "personalization"
    endpoint: str
    auth: str
    aggregation: str
    mapped_audiences: tuple[str, ...]
    pending: tuple[PendingBatch, ...] = ()
    queued: int = 0
    delivered: int = 0
    retrying: int = 0
    dropped: int = 0
    notes: tuple[str, ...] = ()
    """Lines about the connection: audiences at the partner, dynamic dropdown options, schema."""


@dataclass(frozen=True)
class RunState:
    state: str  # "running" | "paused" | "stopped"
    speed: float
    now: float


@dataclass(frozen=True)
class EdgeExchange:
    """One Web SDK-style call to the Edge emulator, as the console shows it."""

    url: str
    request: dict[str, Any]
    status: int
    response: dict[str, Any]
    destinations: list[dict[str, Any]] = field(default_factory=list)


class SimulatorApi(Protocol):
    """The simulator as its front ends use it."""

    bus: EventBus
    clock: Clock

    def run_state(self) -> RunState: ...
    def servers(self) -> dict[str, str]: ...
    def audiences(self) -> list[AudienceSummary]: ...
    def profile_count(self) -> int: ...
    def profiles_page(self, query: str, offset: int, limit: int) -> list[ProfileSummary]: ...
    def profile(self, profile_id: str) -> dict[str, Any] | None: ...
    def destinations(self) -> list[DestinationSummary]: ...
    def template_source(self, destination_id: str) -> str: ...
    def render_preview(self, destination_id: str, template: str, profile_id: str | None) -> Any:
        """`Rendered` (text, warnings) for the playground; raises `InputError` for a bad template."""
        ...

    async def run(self) -> None:
        """Start servers and keep the simulation going until cancelled."""
        ...

    def pause(self) -> None: ...
    def resume(self) -> None: ...
    async def step(self, seconds: float) -> None: ...
    def set_speed(self, speed: float) -> None: ...
    async def generate_profiles(self, count: int) -> None: ...
    async def stream_events(self, count: int) -> None: ...
    async def set_audience_pql(self, audience_id: str, pql: str) -> None:
        """Re-define an audience; raises `InputError` for bad PQL. The population moves on."""
        ...

    async def set_partner_faults(self, preset: str) -> None: ...
    async def send_edge_event(
        self, identity: str, event_type: str = "web.webpagedetails.pageViews"
    ) -> EdgeExchange:
        """`identity` is a profile id, an email, a CRMID or an ECID; unknown ones become new visitors."""
        ...
