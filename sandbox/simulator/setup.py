"""What a simulation contains: population, audiences, destinations, the Edge and the partner.

`default_setup()` is the bundled workspace the TUI opens with no configuration: the three example REST
destinations sending to the mock partner, and the home-rental Edge workspace (`personalizationAlias`,
`adServerAlias` on `sandbox-datastream`). Scenario files build a `Setup` of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sandbox.bundled import folder
from sandbox.clock import DEFAULT_EPOCH
from sandbox.delivery.policy import DeliverySettings
from sandbox.destinations.audience_templates import AudienceTemplate, load_audience_template
from sandbox.destinations.bundle import DestinationBundle, load_bundle
from sandbox.destinations.dynamic_servers import DynamicServer
from sandbox.edge.workspace import Workspace as EdgeWorkspace
from sandbox.edge.workspace import default_workspace
from sandbox.segments.catalog import load_audiences, parse_audiences
from sandbox.segments.definition import Audience

EXAMPLES = folder("examples")
DEFAULT_DESTINATIONS = ("adnet-bearer", "moviestar-basic", "audiencehub-oauth2", "adsapi-audiences")


@dataclass(frozen=True)
class PopulationSpec:
    count: int = 500
    locales: tuple[str, ...] | dict[str, float] = ("en_US", "en_GB", "de_DE", "fr_FR")
    lookback_days: int = 30
    max_events: int = 50


@dataclass(frozen=True)
class DestinationSlot:
    key: str
    bundle: DestinationBundle
    endpoint: str = "mock"
    """`mock`: the bundled mock partner (scheme, host and port rewritten); else a base URL."""
    audience_template: AudienceTemplate | None = None
    """The destination's audience metadata template (`segmentMappingConfig.audienceTemplateId`)."""
    dynamic_servers: tuple[tuple[DynamicServer, str], ...] = ()
    """Dropdown and dynamic schema servers (with their files), read when the connection is made."""


@dataclass(frozen=True)
class Setup:
    name: str
    seed: int = 0
    start: float = DEFAULT_EPOCH
    population: PopulationSpec = PopulationSpec()
    audiences: tuple[Audience, ...] = ()
    destinations: tuple[DestinationSlot, ...] = ()
    edge: EdgeWorkspace | None = None
    partner_auth: dict[str, Any] | None = None
    partner_faults: tuple[dict[str, Any], ...] = ()
    partner_seed: int | None = None
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    batch_time: float | None = None
    """Seconds after midnight UTC of the daily batch segmentation run; None: on demand only."""

    @property
    def needs_partner(self) -> bool:
        return any(slot.endpoint == "mock" for slot in self.destinations)


def example_destination(name: str) -> DestinationSlot:
    folder = EXAMPLES / "destinations" / name
    bundle = load_bundle(
        folder / "destination.json", folder / "server.json", folder / "activation.json"
    )
    template_file = folder / "audience-template.json"
    template = None
    if template_file.is_file():
        template = load_audience_template(template_file, bundle.config, bundle.engine)[0]
    return DestinationSlot(name, bundle, audience_template=template)


def edge_audiences(workspace: EdgeWorkspace) -> tuple[Audience, ...]:
    data = {"audiences": [audience.definition for audience in workspace.audiences]}
    return parse_audiences(data, "<default edge workspace>").audiences


def default_setup(seed: int = 7, batch_time: float | None = 0.0) -> Setup:
    edge = default_workspace()
    rest = load_audiences(EXAMPLES / "audiences" / "rest-audiences.json").audiences
    return Setup(
        name="default workspace",
        seed=seed,
        audiences=rest + edge_audiences(edge),
        destinations=tuple(example_destination(name) for name in DEFAULT_DESTINATIONS),
        edge=edge,
        batch_time=batch_time,
    )


def setup_secrets(setup: Setup) -> tuple[str, ...]:
    """Every secret value a setup holds: the partner's auth settings and each destination's
    credentials (hidden wherever a partner record is stored or shown)."""
    from sandbox.delivery.redaction import credential_secrets
    from sandbox.partner.redaction import partner_secrets

    found = list(partner_secrets(setup.partner_auth))
    for slot in setup.destinations:
        found.extend(credential_secrets(slot.bundle.credentials()))
    return tuple(dict.fromkeys(found))
