"""What the demo page shows for which audience: the hero banner and the ad slot.

The home page's hero is chosen from the `personalizationAlias` destination's audiences, the ad
from `adServerAlias`'s: the first audience of the list that the visitor is in wins. Copy is
written for the default workspace's audiences; any other audience shows its own name.
"""

from __future__ import annotations

from typing import Any

from sandbox.edge.backend import Datastream
from sandbox.edge.workspace import Workspace

SLOTS = {"personalizationAlias": "hero", "adServerAlias": "ad"}

VISITED_TODAY = "0ac03102-b194-4219-b81b-0eb6fb5b1a3e"
VIEWED_BEACH = "e536aeb9-f8e1-4830-b1ed-97f557376cb9"
LOYALTY_GOLD = "5c87c577-5241-49f6-b82e-4f00dd623ac6"
BOOKED_RECENTLY = "ccd22114-1756-4df3-b69a-48bf9602839a"

COPY: dict[str, dict[str, tuple[str, str]]] = {
    "hero": {
        LOYALTY_GOLD: ("Gold members stay first", "Early access to next summer's villas."),
        VIEWED_BEACH: ("Your beach escape is waiting", "Sea-view cottages from 89 € a night."),
        VISITED_TODAY: ("Good to see you today", "Cabins, lofts and farmhouses, hand-picked."),
    },
    "ad": {
        BOOKED_RECENTLY: ("Travel insurance", "Cover for the stay you just booked."),
        VIEWED_BEACH: ("Surfboard hire −20 %", "Pick it up at the beach, drop it off anywhere."),
        VISITED_TODAY: ("Car hire near your stay", "Free cancellation up to 24 h before."),
    },
}
FALLBACK = {
    "hero": ("Stays for every trip", "Find a place that feels like home."),
    "ad": ("Sandbox Stays gift cards", "The present that goes places."),
}
PRIORITY = (LOYALTY_GOLD, BOOKED_RECENTLY, VIEWED_BEACH)
"""The default audiences that outrank the others when a visitor is in several."""


def page_config(
    workspace: Workspace,
    stream: Datastream | None,
    edge_domain: str,
    edge_base_path: str,
    datastream_id: str,
) -> dict[str, Any]:
    """The page's `config.json`: alloy's configure options plus the slot rules."""
    destinations = stream.destinations if stream else ()
    slots = {
        d.alias: _slot(workspace, SLOTS[d.alias], d.audience_ids)
        for d in destinations
        if d.alias in SLOTS
    }
    return {
        "datastreamId": datastream_id,
        "orgId": workspace.org_id,
        "edgeDomain": edge_domain,
        "edgeBasePath": edge_base_path,
        "slots": slots,
        "audiences": {a.id: {"name": a.name, "mode": a.mode} for a in workspace.audiences},
        "destinations": {d.alias: d.name for d in destinations},
    }


def _slot(workspace: Workspace, slot: str, audience_ids: tuple[str, ...]) -> dict[str, Any]:
    names = {a.id: a.name for a in workspace.audiences}
    ranked = sorted(audience_ids, key=lambda i: PRIORITY.index(i) if i in PRIORITY else 99)
    rules = [
        _rule(i, names.get(i, i), COPY[slot].get(i, (names.get(i, i), "Picked for you.")))
        for i in ranked
    ]
    title, text = FALLBACK[slot]
    return {"slot": slot, "rules": rules, "fallback": {"title": title, "text": text}}


def _rule(audience_id: str, name: str, copy: tuple[str, str]) -> dict[str, str]:
    return {"audienceId": audience_id, "audienceName": name, "title": copy[0], "text": copy[1]}
