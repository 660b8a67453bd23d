"""The Edge emulator over HTTP (in-process ASGI): handles, identity, segmentation, CORS, routing."""

from __future__ import annotations

import pytest

from sandbox.edge.backend import IdentityRef
from sandbox.edge.cookies import cookie_name, decode_identity
from sandbox.edge.interactions import EdgeOptions
from sandbox.edge.websdk import (
    audiences_by_alias,
    cookies_to_store,
    destinations,
    identity_map,
    interact_body,
    page_view,
    payloads,
)
from sandbox.edge.workspace import DEFAULT_WORKSPACE, Workspace, parse_workspace
from sandbox.events import EdgeRequestHandled
from tests.test_edge_world import (
    BOOKED_RECENTLY,
    DATASTREAM,
    LOYALTY_GOLD,
    VIEWED_BEACH,
    VISITED_TODAY,
    edge_world,
)

ORG = "5B6B2C3D5E6F708192A3B4C5@AdobeOrg"
IDENTITY_COOKIE = cookie_name(ORG, "identity")
CLUSTER_COOKIE = cookie_name(ORG, "cluster")
HOME = page_view("https://www.sandbox.test/demo/")
BEACH = page_view("https://www.sandbox.test/demo/?section=beach", "beach")


async def test_first_page_view_gets_every_handle_in_aep_shapes() -> None:
    async with edge_world() as world:
        answer = await world.interact(interact_body(HOME), requestId="req-1")

    assert answer.status_code == 200
    body = answer.json()
    assert (body["requestId"], body["errors"], body["warnings"]) == ("req-1", [], [])
    assert [h["type"] for h in body["handle"]] == [
        "activation:pull",
        "identity:result",
        "state:store",
        "locationHint:result",
    ]
    assert body["handle"][0]["eventIndex"] == 0
    assert destinations(body) == [
        {
            "type": "profileLookup",
            "destinationId": "97b65441-1597-4539-8799-3805981411ca",
            "alias": "personalizationAlias",
            "segments": [{"id": VISITED_TODAY}],
        },
        {
            "type": "profileLookup",
            "destinationId": "8cd53c4c-f5d8-4516-858f-af7729082045",
            "alias": "adServerAlias",
            "segments": [{"id": VISITED_TODAY}],
        },
    ]
    [identity] = payloads(body, "identity:result")
    assert identity["namespace"] == {"code": "ECID"}
    assert len(identity["id"]) == 38 and identity["id"].isdigit()
    stored = payloads(body, "state:store")
    assert [(s["key"], s["maxAge"], s["attrs"]) for s in stored] == [
        (IDENTITY_COOKIE, 34_128_000, {"SameSite": "None"}),
        (CLUSTER_COOKIE, 1_800, {"SameSite": "None"}),
    ]
    assert decode_identity(stored[0]["value"]) == identity["id"]
    assert stored[1]["value"] == "or2"
    assert payloads(body, "locationHint:result") == [
        {"scope": "EdgeNetwork", "hint": "or2", "ttlSeconds": 1800}
    ]
    assert answer.headers["x-adobe-edge"] == "or2;35"
    assert answer.headers["content-type"] == "application/json;charset=utf-8"


async def test_identity_cookie_in_state_entries_maps_back_to_the_same_visitor() -> None:
    async with edge_world() as world:
        first = (await world.interact(interact_body(HOME))).json()
        cookies = cookies_to_store(first)
        second = (await world.interact(interact_body(HOME, cookies), "/ee/or2/v1/interact")).json()
        handled = [e for e in world.published if isinstance(e, EdgeRequestHandled)]

    assert [h["type"] for h in second["handle"]] == ["activation:pull", "locationHint:result"]
    assert handled[0].profile_id == handled[1].profile_id is not None
    assert "query" not in interact_body(HOME, cookies)


async def test_identity_cookie_in_the_cookie_header_is_read_too() -> None:
    async with edge_world() as world:
        first = (await world.interact(interact_body(HOME))).json()
        header = "; ".join(f"{k}={v}" for k, v in cookies_to_store(first).items())
        world.client.cookies.clear()
        answer = await world.client.post(
            "/ee/or2/v1/interact",
            params={"configId": DATASTREAM},
            json=interact_body(HOME, fetch_ecid=False),
            headers={"cookie": f"other=1; {header}"},
        )
        handled = [e for e in world.published if isinstance(e, EdgeRequestHandled)]

    assert answer.status_code == 200
    assert payloads(answer.json(), "state:store") == []
    assert handled[0].profile_id == handled[1].profile_id


async def test_a_visitor_without_identity_becomes_a_new_profile_each_time() -> None:
    async with edge_world() as world:
        await world.interact(interact_body(HOME))
        await world.interact(interact_body(HOME))

    assert len(world.backend.profiles) == 2


async def test_signing_in_stitches_the_anonymous_visitor_to_the_known_profile() -> None:
    async with edge_world() as world:
        known = world.backend.create_profile([])
        world.backend.link(known, [_ref("Email", "ada@example.com")])
        world.backend.update(known, {"loyalty": {"tier": "gold"}})
        cookies = cookies_to_store((await world.interact(interact_body(HOME))).json())
        signed_in = page_view(
            "https://www.sandbox.test/demo/", identity_map=identity_map("Email", "ada@example.com")
        )
        answer = (await world.interact(interact_body(signed_in, cookies))).json()

    assert list(world.backend.profiles) == [known]
    assert audiences_by_alias(answer)["personalizationAlias"] == [VISITED_TODAY, LOYALTY_GOLD]
    ecid = decode_identity(cookies[IDENTITY_COOKIE])
    assert world.backend.resolve([_ref("ECID", ecid or "")]) == known


async def test_an_ecid_in_identity_map_wins_over_the_cookie() -> None:
    async with edge_world() as world:
        cookies = cookies_to_store((await world.interact(interact_body(HOME))).json())
        mine = "12345678901234567890123456789012345678"
        xdm = page_view("https://x/", identity_map=identity_map("ECID", mine, authenticated=False))
        answer = (await world.interact(interact_body(xdm, cookies))).json()

    assert decode_identity(cookies_to_store(answer)[IDENTITY_COOKIE]) == mine


async def test_edge_audiences_qualify_on_the_same_page_streaming_ones_on_the_next() -> None:
    async with edge_world() as world:
        first = (await world.interact(interact_body(BEACH))).json()
        cookies = cookies_to_store(first)
        second = (await world.interact(interact_body(HOME, cookies))).json()

    assert audiences_by_alias(first) == {
        "personalizationAlias": [VISITED_TODAY],
        "adServerAlias": [VISITED_TODAY],
    }
    assert audiences_by_alias(second) == {
        "personalizationAlias": [VISITED_TODAY, VIEWED_BEACH],
        "adServerAlias": [VISITED_TODAY, VIEWED_BEACH],
    }


async def test_without_edge_segmentation_nothing_qualifies_on_the_same_page() -> None:
    workspace = _workspace_with("false")
    async with edge_world(workspace=workspace) as world:
        first = (await world.interact(interact_body(HOME))).json()
        second = (await world.interact(interact_body(HOME, cookies_to_store(first)))).json()

    assert audiences_by_alias(first)["personalizationAlias"] == []
    assert audiences_by_alias(second)["personalizationAlias"] == []


async def test_events_are_ingested_with_simulation_time() -> None:
    async with edge_world() as world:
        xdm = {**HOME, "timestamp": "1999-12-31T23:59:59Z"}
        await world.clock.advance(3600)
        await world.interact(interact_body(xdm))
        [profile] = world.backend.profiles.values()

    assert profile["xEvent"][0]["timestamp"] == "2026-01-01T01:00:00.000Z"


async def test_collect_ingests_and_answers_204_without_a_body() -> None:
    async with edge_world() as world:
        answer = await world.interact(interact_body(BEACH), "/ee/v1/collect")
        [profile] = world.backend.profiles.values()

    assert (answer.status_code, answer.content) == (204, b"")
    assert answer.headers["access-control-allow-origin"] == "https://www.sandbox.test"
    assert len(profile["xEvent"]) == 1


async def test_every_request_is_announced() -> None:
    async with edge_world() as world:
        await world.clock.advance(60)
        await world.interact(interact_body(HOME), requestId="r")
        await world.interact(b"{", requestId="r")
    first, second = [e for e in world.published if isinstance(e, EdgeRequestHandled)]

    assert (first.at, first.path, first.datastream_id, first.status) == (
        world.clock.now(),
        "/ee/v1/interact",
        DATASTREAM,
        200,
    )
    assert "web.webpagedetails.pageViews" in first.request_body
    assert first.response_body.startswith('{"requestId":"r"')
    assert (second.status, second.profile_id, second.request_body) == (400, None, "{")


@pytest.mark.parametrize(
    "path",
    ["/ee/v1/interact", "/ee/or2/v1/interact", "/ee/va6/v1/interact", "/ee/v1/collect"],
)
async def test_cors_echoes_the_origin_with_credentials(path: str) -> None:
    async with edge_world() as world:
        answer = await world.interact(interact_body(HOME), path)

    assert answer.status_code in (200, 204)
    assert answer.headers["access-control-allow-origin"] == "https://www.sandbox.test"
    assert answer.headers["access-control-allow-credentials"] == "true"
    assert answer.headers["vary"] == "Origin"


async def test_errors_carry_cors_headers_too() -> None:
    async with edge_world() as world:
        answer = await world.interact(interact_body(HOME), configId="missing")

    assert answer.status_code == 400
    assert answer.headers["access-control-allow-origin"] == "https://www.sandbox.test"


async def test_options_answers_the_preflight() -> None:
    async with edge_world() as world:
        answer = await world.client.options(
            "/ee/or2/v1/interact",
            headers={
                "origin": "http://127.0.0.1:5000",
                "access-control-request-method": "POST",
                "access-control-request-headers": "content-type",
            },
        )

    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == "http://127.0.0.1:5000"
    assert answer.headers["access-control-allow-credentials"] == "true"
    assert "POST" in answer.headers["access-control-allow-methods"]
    assert answer.headers["access-control-allow-headers"] == "content-type"


async def test_no_origin_means_no_allow_origin() -> None:
    async with edge_world() as world:
        answer = await world.client.post(
            "/ee/v1/interact", params={"configId": DATASTREAM}, json=interact_body(HOME)
        )

    assert "access-control-allow-origin" not in answer.headers
    assert answer.headers["vary"] == "Origin"


async def test_a_custom_base_path_and_hint() -> None:
    options = EdgeOptions(base_path="edge", location_hint="va6", seed=1)
    async with edge_world(options) as world:
        moved = await world.interact(interact_body(HOME), "/edge/va6/v1/interact")
        old = await world.interact(interact_body(HOME), "/ee/v1/interact")

    assert moved.status_code == 200
    assert cookies_to_store(moved.json())[CLUSTER_COOKIE] == "va6"
    assert old.status_code == 404


async def test_minted_ecids_are_reproducible_with_a_seed() -> None:
    async with edge_world(EdgeOptions(seed=3)) as world:
        first = payloads((await world.interact(interact_body(HOME))).json(), "identity:result")
    async with edge_world(EdgeOptions(seed=3)) as world:
        again = payloads((await world.interact(interact_body(HOME))).json(), "identity:result")

    assert first == again


async def test_a_batch_audience_shows_once_batch_segmentation_ran() -> None:
    async with edge_world() as world:
        cookies = cookies_to_store((await world.interact(interact_body(HOME))).json())
        purchase = {"eventType": "commerce.purchases"}
        await world.interact(interact_body(purchase, cookies), "/ee/v1/collect")
        before = (await world.interact(interact_body(HOME, cookies))).json()
        world.backend.run_batch()
        after = (await world.interact(interact_body(HOME, cookies))).json()

    assert BOOKED_RECENTLY not in audiences_by_alias(before)["adServerAlias"]
    assert BOOKED_RECENTLY in audiences_by_alias(after)["adServerAlias"]


def _ref(namespace: str, value: str) -> IdentityRef:
    return IdentityRef(namespace, value)


def _workspace_with(edge_segmentation: str) -> Workspace:
    text = DEFAULT_WORKSPACE.read_text().replace(
        "edgeSegmentation: true", f"edgeSegmentation: {edge_segmentation}"
    )
    return parse_workspace(text, "edited.yaml")


async def test_a_malformed_identity_cookie_counts_as_none() -> None:
    async with edge_world() as world:
        cookies = {IDENTITY_COOKIE: "not-a-cookie"}
        answer = (await world.interact(interact_body(HOME, cookies, fetch_ecid=False))).json()

    [ecid] = payloads(answer, "identity:result")
    assert decode_identity(cookies_to_store(answer)[IDENTITY_COOKIE]) == ecid["id"]
