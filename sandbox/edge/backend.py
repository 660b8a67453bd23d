"""What the Edge emulator needs from the world behind it: datastreams, profiles and audiences.

The emulator never touches the simulator's state directly. The simulator implements
`EdgeBackend`; `sandbox.edge.memory.MemoryBackend` is a small standalone implementation. Every
value crossing this seam is a frozen dataclass or a plain JSON-like dict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sandbox.events import Event

JsonDict = dict[str, Any]


@dataclass(frozen=True)
class IdentityRef:
    """One identity a request carried, as in `xdm.identityMap[namespace][]`."""

    namespace: str
    """The identity namespace code as sent: `ECID`, `Email`, `CRMID`, ..."""
    id: str
    primary: bool = False
    authenticated_state: str = "ambiguous"
    """`ambiguous` | `authenticated` | `loggedOut`."""


@dataclass(frozen=True)
class AttributeMapping:
    """A profile attribute mapped to a "with attributes" Custom Personalization destination."""

    source: str
    """XDM path in the profile, e.g. `homeAddress.countryCode`."""
    target: str
    """The key it is returned under in `attributes`, e.g. `countryCode`."""


@dataclass(frozen=True)
class PersonalizationDestination:
    """One Custom Personalization connection (dataflow) tied to a datastream."""

    destination_id: str
    name: str
    alias: str
    """The integration alias, unique across connections; the SDK's `alias`."""
    audience_ids: tuple[str, ...]
    """Mapped audiences, in mapping order."""
    with_attributes: bool = False
    attributes: tuple[AttributeMapping, ...] = ()


@dataclass(frozen=True)
class Datastream:
    """A datastream with the Personalization Destinations option enabled."""

    datastream_id: str
    org_id: str
    """IMS org, e.g. `53A16ACB5CC1D3760A495C99@AdobeOrg`; names the `kndctr_` cookies."""
    destinations: tuple[PersonalizationDestination, ...]
    access_type: str = "mixed"
    """`mixed`: the Server API may be called without a token (audiences only);
    `authenticated`: every Server API call needs a bearer token."""
    edge_segmentation: bool = True
    """With it off, the request's own event never qualifies a visitor on the same page."""


class EdgeBackend(Protocol):
    """The profiles, audiences and datastreams the Edge emulator answers from.

    Calls are made from the event loop, one request at a time per visitor; all but
    `apply_event` must be quick and synchronous.
    """

    def datastream(self, datastream_id: str) -> Datastream | None:
        """The datastream and its Custom Personalization destinations, or None if unknown."""
        ...

    def resolve(self, identities: Sequence[IdentityRef]) -> str | None:
        """The id of the profile any of `identities` belongs to (first match wins), or None."""
        ...

    def create_profile(self, identities: Sequence[IdentityRef]) -> str:
        """A new profile for an unknown visitor, holding `identities`; returns its id."""
        ...

    def link(self, profile_id: str, identities: Sequence[IdentityRef]) -> str:
        """Stitch: identities seen together join one profile (merging profiles they belonged to).

        Returns the id of the profile that now holds them all (`profile_id` unless merged away).
        """
        ...

    async def apply_event(self, profile_id: str, xdm_event: Mapping[str, Any]) -> None:
        """Ingest an ExperienceEvent. Streaming audiences react asynchronously (next page)."""
        ...

    def evaluate_edge(self, profile_id: str, xdm_event: Mapping[str, Any], now: float) -> None:
        """Evaluate edge (synchronous) audiences on the profile plus this request's own event,
        updating its realized memberships at once (same page)."""
        ...

    def memberships(self, profile_id: str) -> set[str]:
        """Ids of the audiences the profile is currently realized in."""
        ...

    def attributes(self, profile_id: str, paths: Sequence[str]) -> dict[str, Any]:
        """Values of the profile at these XDM paths; paths without a value are left out."""
        ...

    def now(self) -> float:
        """Simulation time, epoch seconds."""
        ...

    def publish(self, event: Event) -> None:
        """Announce a fact (the emulator publishes `EdgeRequestHandled` and `ServerStarted`)."""
        ...
