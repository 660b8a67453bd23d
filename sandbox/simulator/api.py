"""What front ends see of the simulator: read-only summaries and the commands they may call.

The TUI and the scenario runner depend on `SimulatorApi`, not on the concrete `Simulator`, so tests can
hand them a scripted fake (memray's `MockReader`). Nothing here mutates state except the commands.
"""

from __future__ import annotations

from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from sandbox.clock import Clock
from sandbox.edge.client import EdgeExchange, PageVisit
from sandbox.events import EventBus
from sandbox.events import RunState as RunStateName

__all__ = ["EdgeExchange", "PageVisit", "ScenarioApi", "Selection", "SimulatorApi"]

DestinationKind = Literal["rest", "personalization"]
FAULT_PRESETS = ("429-storm", "5xx", "503", "latency", "down", "clear")
"""Partner fault presets the front ends offer (the mock partner supports much more)."""

SPEEDS = (1.0, 10.0, 60.0, 3600.0, 0.0)
"""Simulated seconds per wall second offered by the TUI; 0 means as fast as possible."""


@dataclass(frozen=True)
class AudienceSummary:
    id: str
    name: str
    mode: str  # "streaming" | "batch" | "edge" (as `Audience.mode` gives it)
    expression: str
    population: int
    realized_total: int
    exited_total: int
    last_evaluated: float | None = None
    """A batch audience: when the batch job last evaluated it (simulation time)."""


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
    kind: DestinationKind
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
    destination_id: str | None = None
    """The Destination SDK id the bus events carry, when it differs from `id` (the key)."""

    @property
    def event_key(self) -> str:
        """What `destination_id` reads in this destination's bus events."""
        return self.destination_id or self.id

    @property
    def instance_id(self) -> str:
        """The destination's AEP id (its exports and events carry it); shown to people as `name`."""
        return self.event_key


@dataclass(frozen=True)
class RunState:
    state: RunStateName
    speed: float
    now: float


@dataclass(frozen=True)
class Selection:
    """Which generated profiles a command acts on (the first that is set wins)."""

    indexes: tuple[int, ...] | None = None
    """Positions in generation order (0 is the first profile)."""
    sample: int | None = None
    """A seeded random sample of this many."""
    first: int = 1
    """The first this many."""


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

    async def run_batch_job(self) -> int:
        """Run the batch segmentation job now; how many memberships changed."""
        ...

    async def preview_audience_pql(self, audience_id: str, pql: str) -> Any:
        """What a new PQL would do before it is applied (InputError when it is invalid)."""
        ...

    async def set_partner_faults(self, preset: str) -> None: ...
    async def set_partner_fault_rules(self, rules: list[dict[str, Any]]) -> None:
        """Mock partner fault rules as its admin API takes them (`[]` clears)."""
        ...

    async def send_edge_event(
        self,
        identity: str,
        event_type: str = "web.webpagedetails.pageViews",
        page: str | None = None,
        xdm: dict[str, Any] | None = None,
    ) -> EdgeExchange:
        """`identity` is a profile id, an email, a CRMID or an ECID; unknown ones become new
        visitors. `page`: the page's URL (default: the demo site's); `xdm`: more XDM for the
        event, merged over the page view's."""
        ...


class ScenarioApi(Protocol):
    """The commands a scenario's steps drive: one per step kind, on the same simulator the TUI
    steers (the concrete `Simulator` implements both protocols)."""

    bus: EventBus
    clock: Clock

    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    def spawn(self, work: Coroutine[Any, Any, None], name: str) -> None: ...
    async def generate_profiles(self, count: int) -> None: ...
    async def advance(self, seconds: float) -> None: ...
    async def stream_events_to(
        self, selection: Selection, kind: str | None = None, url: str | None = None
    ) -> int: ...
    async def set_attributes(self, selection: Selection, values: dict[str, Any]) -> int: ...
    async def set_partner_fault_rules(self, rules: list[dict[str, Any]]) -> None: ...
    async def expire_partner_tokens(self) -> int: ...
    async def evaluate_batch(self) -> int: ...
    async def map_audience(
        self, destination: str, audience: str, name: str | None, mapping_id: str | None
    ) -> None: ...
    async def unmap_audience(self, destination: str, audience: str) -> None: ...
    async def rename_audience(self, destination: str | None, audience: str, name: str) -> None: ...
    async def end_activation(self, destination: str) -> None: ...
    async def visit_page(self, visit: PageVisit, profile: int | None = None) -> EdgeExchange:
        """A page view to the Edge; `profile` (an index) sends that profile's ECID."""
        ...

    async def settle(self, limit: float) -> None:
        """Follow batch windows and retries until every export has an outcome (or `limit`)."""
        ...

    async def partner_records(self) -> list[dict[str, Any]]: ...
    def audience_populations(self) -> dict[str, int]: ...
