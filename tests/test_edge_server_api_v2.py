"""Server API v2 profile lookup as Adobe documents it (activate-edge-profile-lookup.md, #12 item 7):
an identity with no profile gets `"payload": []` in its `activation:pull` handle, and v2 answers
carry the `locationHint:result` and `state:store` handles of Adobe's examples."""

from __future__ import annotations

from sandbox.edge.cookies import cookie_name
from tests.test_edge_errors import ADA, AUTH, HOME, _email, server_call
from tests.test_edge_world import DATASTREAM, World, edge_world

HINT = "or2"


def cluster_cookie(world: World) -> str:
    stream = world.backend.datastream(DATASTREAM)
    assert stream is not None
    return cookie_name(stream.org_id, "cluster")


async def test_an_identity_with_no_profile_gets_an_empty_payload() -> None:
    async with edge_world() as world:
        unknown = {"Email": [{"id": "test123@adobetest.com", "primary": True}]}
        answer = await server_call(world, {"xdm": {"identityMap": unknown}}, AUTH, requestId="r-1")
        body = answer.json()
        key = cluster_cookie(world)
    assert answer.status_code == 200
    assert body["handle"] == [
        {"type": "activation:pull", "payload": [], "eventIndex": 0},
        {"type": "locationHint:result",
         "payload": [{"scope": "EdgeNetwork", "hint": HINT, "ttlSeconds": 1800}]},
        {"type": "state:store", "payload": [{"key": key, "value": HINT, "maxAge": 1800}]},
    ]  # fmt: skip


async def test_a_known_profile_gets_one_entry_per_destination_and_the_same_handles() -> None:
    async with edge_world() as world:
        profile = world.backend.create_profile([])
        world.backend.link(profile, [_email("ada@example.com")])
        body = (await server_call(world, {"xdm": {**HOME, "identityMap": ADA}}, AUTH)).json()
        stream = world.backend.datastream(DATASTREAM)
        assert stream is not None
        destinations = stream.destinations
    pull, hint, store = body["handle"]
    assert [p["type"] for p in pull["payload"]] == ["profileLookup"] * len(destinations)
    assert [p["alias"] for p in pull["payload"]] == [d.alias for d in destinations]
    assert (hint["type"], store["type"]) == ("locationHint:result", "state:store")


async def test_the_cluster_cookie_is_stored_once() -> None:
    async with edge_world() as world:
        key = cluster_cookie(world)
        event = {"xdm": {"identityMap": ADA}}
        answer = await world.client.post(
            "/ee/v2/interact",
            params={"dataStreamId": DATASTREAM},
            json={"event": event, "meta": {"state": {"entries": [{"key": key, "value": HINT}]}}},
        )
    types = [h["type"] for h in answer.json()["handle"]]
    assert types == ["activation:pull", "locationHint:result"]
