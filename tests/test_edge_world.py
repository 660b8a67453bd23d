"""A fresh Edge world per test (workspace, in-memory backend, app, client), and the backend's tests.

Other `test_edge_*` modules import `edge_world` and the audience ids from here. The rules below
stand in for the PQL engine: they decide the default workspace's audiences the way their PQL
reads, on the `xEvent` list and the simulation time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from sandbox.clock import VirtualClock, isoformat, parse_time
from sandbox.edge.app import EdgeApp
from sandbox.edge.backend import IdentityRef
from sandbox.edge.interactions import EdgeOptions
from sandbox.edge.memory import AudienceRule, MemoryBackend
from sandbox.edge.workspace import Workspace, default_workspace
from sandbox.events import Event, EventBus, MembershipChanged

DAY = 86_400.0
VISITED_TODAY = "0ac03102-b194-4219-b81b-0eb6fb5b1a3e"
VIEWED_BEACH = "e536aeb9-f8e1-4830-b1ed-97f557376cb9"
LOYALTY_GOLD = "5c87c577-5241-49f6-b82e-4f00dd623ac6"
BOOKED_RECENTLY = "ccd22114-1756-4df3-b69a-48bf9602839a"
DATASTREAM = "sandbox-datastream"


def _events(profile: Mapping[str, Any], kind: str) -> list[Mapping[str, Any]]:
    return [e for e in profile.get("xEvent", []) if e.get("eventType") == kind]


def visited_today(profile: Mapping[str, Any], now: float) -> bool:
    today = now - now % DAY
    views = _events(profile, "web.webpagedetails.pageViews")
    return any(today <= parse_time(e["timestamp"]) < today + DAY for e in views)


def viewed_beach(profile: Mapping[str, Any], now: float) -> bool:
    views = _events(profile, "web.webpagedetails.pageViews")
    return any(
        e.get("web", {}).get("webPageDetails", {}).get("siteSection") == "beach"
        and now - DAY <= parse_time(e["timestamp"]) <= now
        for e in views
    )


def loyalty_gold(profile: Mapping[str, Any], now: float) -> bool:
    return bool(profile.get("loyalty", {}).get("tier") == "gold")


def booked_recently(profile: Mapping[str, Any], now: float) -> bool:
    purchases = _events(profile, "commerce.purchases")
    return any(now - 90 * DAY <= parse_time(e["timestamp"]) <= now for e in purchases)


RULES: dict[str, AudienceRule] = {
    VISITED_TODAY: visited_today,
    VIEWED_BEACH: viewed_beach,
    LOYALTY_GOLD: loyalty_gold,
    BOOKED_RECENTLY: booked_recently,
}


@dataclass
class World:
    clock: VirtualClock
    backend: MemoryBackend
    app: EdgeApp
    client: httpx.AsyncClient
    published: list[Event] = field(default_factory=list)

    async def interact(
        self, body: Any, path: str = "/ee/v1/interact", **query: str
    ) -> httpx.Response:
        params = {"configId": DATASTREAM, **query}
        content = body if isinstance(body, bytes) else httpx.Request("POST", "/", json=body).read()
        headers = {"content-type": "text/plain;charset=UTF-8", "origin": "https://www.sandbox.test"}
        return await self.client.post(path, params=params, content=content, headers=headers)


@asynccontextmanager
async def edge_world(
    options: EdgeOptions | None = None, workspace: Workspace | None = None
) -> AsyncIterator[World]:
    clock, bus = VirtualClock(), EventBus()
    backend = MemoryBackend(workspace or default_workspace(), RULES, clock, bus)
    app = EdgeApp(backend, options or EdgeOptions(seed=7))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="https://edge.sandbox.test"
    ) as client:
        world = World(clock, backend, app, client)
        bus.subscribe(world.published.append)
        yield world


# -- the in-memory backend itself --------------------------------------------------------------


@pytest.fixture
def backend() -> MemoryBackend:
    return MemoryBackend(default_workspace(), RULES, VirtualClock(), EventBus())


def test_identities_seen_together_join_one_profile(backend: MemoryBackend) -> None:
    anonymous = backend.create_profile([IdentityRef("ECID", "1" * 38)])
    known = backend.create_profile([IdentityRef("Email", "ada@example.com")])
    both = [IdentityRef("Email", "ada@example.com"), IdentityRef("ECID", "1" * 38)]

    assert backend.resolve(both) == known
    assert backend.link(known, both) == known
    assert anonymous not in backend.profiles
    assert backend.resolve([IdentityRef("ECID", "1" * 38)]) == known
    ids = {
        ns: [e["id"] for e in entries]
        for ns, entries in backend.profiles[known]["identityMap"].items()
    }
    assert ids == {"Email": ["ada@example.com"], "ECID": ["1" * 38]}


def test_merging_keeps_both_histories_and_realized_memberships(backend: MemoryBackend) -> None:
    first = backend.create_profile([IdentityRef("ECID", "2" * 38)])
    backend.evaluate_edge(first, _page_view(backend.now()), backend.now())
    second = backend.create_profile([IdentityRef("CRMID", "c-1")])
    backend.profiles[first]["xEvent"].append(_page_view(backend.now()))

    backend.link(second, [IdentityRef("ECID", "2" * 38)])

    assert len(backend.profiles[second]["xEvent"]) == 1
    assert backend.memberships(second) == {VISITED_TODAY}


async def test_edge_rules_see_the_request_event_without_storing_it(backend: MemoryBackend) -> None:
    visitor = backend.create_profile([IdentityRef("ECID", "3" * 38)])
    backend.evaluate_edge(visitor, _page_view(backend.now(), "beach"), backend.now())

    assert backend.memberships(visitor) == {VISITED_TODAY}
    assert backend.profiles[visitor]["xEvent"] == []
    await backend.apply_event(visitor, _page_view(backend.now(), "beach"))
    assert backend.memberships(visitor) == {VISITED_TODAY, VIEWED_BEACH}


async def test_memberships_exit_and_announce_each_change(backend: MemoryBackend) -> None:
    changes: list[Event] = []
    backend.bus.subscribe(changes.append)
    visitor = backend.create_profile([IdentityRef("ECID", "4" * 38)])
    await backend.apply_event(visitor, _page_view(backend.now(), "beach"))
    clock = backend.clock
    assert isinstance(clock, VirtualClock)
    await clock.advance(2 * DAY)
    backend.update(visitor, {"loyalty": {"tier": "gold"}})

    assert backend.memberships(visitor) == {LOYALTY_GOLD}
    assert [
        (c.audience_id, c.status, c.previous) for c in changes if isinstance(c, MembershipChanged)
    ] == [
        (VIEWED_BEACH, "realized", None),
        (VIEWED_BEACH, "exited", "realized"),
        (LOYALTY_GOLD, "realized", None),
    ]


def test_batch_audiences_change_only_when_batch_segmentation_runs(backend: MemoryBackend) -> None:
    visitor = backend.create_profile([IdentityRef("ECID", "5" * 38)])
    purchase = {"eventType": "commerce.purchases", "timestamp": isoformat(backend.now())}
    backend.profiles[visitor]["xEvent"].append(purchase)
    assert backend.memberships(visitor) == set()
    backend.run_batch()
    assert backend.memberships(visitor) == {BOOKED_RECENTLY}


def test_attributes_are_looked_up_by_xdm_path(backend: MemoryBackend) -> None:
    visitor = backend.create_profile([IdentityRef("ECID", "6" * 38)])
    backend.profiles[visitor]["homeAddress"] = {"countryCode": "DE"}
    paths = ["homeAddress.countryCode", "loyalty.tier"]
    assert backend.attributes(visitor, paths) == {"homeAddress.countryCode": "DE"}


def _page_view(now: float, section: str = "home") -> dict[str, Any]:
    return {
        "eventType": "web.webpagedetails.pageViews",
        "web": {"webPageDetails": {"siteSection": section}},
        "timestamp": isoformat(now, millis=True),
    }
