"""Every failure the Edge answers in AEP's problem+json shape, and the Server API's auth rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
import pytest

from sandbox.edge.app import EdgeApp
from sandbox.edge.backend import IdentityRef
from sandbox.edge.interactions import EdgeOptions
from sandbox.edge.websdk import interact_body, page_view
from sandbox.edge.workspace import DEFAULT_WORKSPACE, parse_workspace
from sandbox.events import FailureReported
from tests.test_edge_world import DATASTREAM, VISITED_TODAY, World, edge_world

TYPE = "https://ns.adobe.com/aep/errors/"
HOME = page_view("https://www.sandbox.test/demo/")
AUTH = {
    "authorization": "Bearer sandbox-access-token",
    "x-api-key": "sandbox",
    "x-gw-ims-org-id": "5B6B2C3D5E6F708192A3B4C5@AdobeOrg",
}
ADA = {"Email": [{"id": "ada@example.com", "authenticatedState": "authenticated", "primary": True}]}


def assert_problem(answer: httpx.Response, code: str, title: str) -> dict[str, Any]:
    assert answer.headers["content-type"] == "application/problem+json;charset=utf-8"
    body: dict[str, Any] = answer.json()
    status = int(code.rsplit("-", 1)[1])
    assert answer.status_code == status
    assert (body["type"], body["status"], body["title"]) == (TYPE + code, status, title)
    assert body["detail"] and body["report"]["requestId"]
    return body


async def server_call(
    world: World, event: Mapping[str, Any], headers: Mapping[str, str] | None = None, **query: str
) -> httpx.Response:
    params = {"dataStreamId": DATASTREAM, **query}
    return await world.client.post(
        "/ee/v2/interact", params=params, json={"event": event}, headers=dict(headers or {})
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        pytest.param(b"{not json", "The request body is not valid JSON", id="not-json"),
        pytest.param(b"", "The request body is empty", id="empty"),
        pytest.param(
            b'{"events": []}', "$.events: List should have at least 1 item", id="no-events"
        ),
        pytest.param(
            b'{"events": [{"xdm": 3}]}',
            "$.events[0].xdm: Input should be an object",
            id="xdm",
        ),
        pytest.param(
            b'{"events": [{}], "surprise": 1}',
            "$.surprise: Extra inputs are not permitted",
            id="extra",
        ),
        pytest.param(
            b'{"events": [{"xdm": {"identityMap": {"Email": [{"id": ""}]}}}]}',
            "$.events[0].xdm.identityMap.Email[0].id: a non-empty string is required.",
            id="identity-id",
        ),
        pytest.param(
            b'{"events": [{"xdm": {"identityMap": {"Email": {"id": "a"}}}}]}',
            "$.events[0].xdm.identityMap.Email: must be a list of identities.",
            id="identity-list",
        ),
        pytest.param(
            b'{"events": [{"xdm": {"identityMap": {"ECID": [{"id": "INVALID_ID"}]}}}]}',
            "$.events[0].xdm.identityMap.ECID[0].id: 'INVALID_ID' is not a valid ECID value",
            id="bad-ecid",
        ),
        pytest.param(b'{"events": [{}]}' + b" " * 70_000, "at most 65536 allowed", id="too-big"),
    ],
)
async def test_a_malformed_body_is_exeg_0003_400_naming_the_field(body: bytes, reason: str) -> None:
    async with edge_world() as world:
        answer = await world.interact(body, requestId="bad-1")

    problem = assert_problem(answer, "EXEG-0003-400", "Invalid request")
    assert problem["report"]["requestId"] == "bad-1"
    assert problem["report"]["configId"] == DATASTREAM
    assert any(reason in error for error in problem["report"]["errors"]), problem


@pytest.mark.parametrize("config_id", ["unknown-stream", ""])
async def test_an_unknown_datastream_is_refused(config_id: str) -> None:
    async with edge_world() as world:
        answer = await world.interact(interact_body(HOME), configId=config_id)

    if config_id:
        body = assert_problem(answer, "EXEG-0003-400", "Invalid datastream ID")
        assert "'unknown-stream'" in body["detail"] and "'configId'" in body["detail"]
    else:
        body = assert_problem(answer, "EXEG-0003-400", "Invalid request")
        assert body["report"]["errors"] == ["The query parameter 'configId' is required."]
    assert world.backend.profiles == {}


async def test_server_api_without_any_identity_is_exeg_0306_400() -> None:
    async with edge_world() as world:
        answer = await server_call(world, {"xdm": {"eventType": "web.webpagedetails.pageViews"}})

    assert_problem(answer, "EXEG-0306-400", "No primary identity set in request (event)")


async def test_server_api_unknown_datastream_names_the_v2_parameter() -> None:
    async with edge_world() as world:
        answer = await server_call(world, {"xdm": {"identityMap": ADA}}, dataStreamId="nope")

    assert (
        "'dataStreamId'"
        in assert_problem(answer, "EXEG-0003-400", "Invalid datastream ID")["detail"]
    )


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        pytest.param(
            {**AUTH, "authorization": "Basic c2FuZGJveA=="}, "EXEG-0500-401", id="not-bearer"
        ),
        pytest.param({**AUTH, "authorization": "Bearer "}, "EXEG-0500-401", id="empty-token"),
        pytest.param({"authorization": AUTH["authorization"]}, "EXEG-0500-401", id="no-api-key"),
        pytest.param({**AUTH, "authorization": "Bearer wrong"}, "EXEG-0502-401", id="wrong-token"),
    ],
)
async def test_a_bad_bearer_is_refused(headers: dict[str, str], code: str) -> None:
    async with edge_world() as world:
        answer = await server_call(world, {"xdm": {"identityMap": ADA}}, headers)

    assert_problem(answer, code, "Invalid authorization token")
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert world.backend.profiles == {}


async def test_an_authenticated_datastream_needs_a_token() -> None:
    text = DEFAULT_WORKSPACE.read_text().replace("accessType: mixed", "accessType: authenticated")
    async with edge_world(workspace=parse_workspace(text, "auth.yaml")) as world:
        anonymous = await server_call(world, {"xdm": {"identityMap": ADA}})
        signed = await server_call(world, {"xdm": {"identityMap": ADA}}, AUTH)

    assert_problem(anonymous, "EXEG-0500-401", "Invalid authorization token")
    assert signed.status_code == 200


async def test_attributes_only_reach_the_authenticated_server_api() -> None:
    async with edge_world() as world:
        profile = world.backend.create_profile([])
        world.backend.link(profile, [_email("ada@example.com")])
        world.backend.update(
            profile, {"homeAddress": {"countryCode": "DE"}, "loyalty": {"tier": "gold"}}
        )
        event = {"xdm": {**HOME, "identityMap": ADA}}
        signed = (await server_call(world, event, AUTH, requestId="s-1")).json()
        anonymous = (await server_call(world, event)).json()
        web = (await world.interact({"events": [event]})).json()

    pull, *others = signed["handle"]
    assert [h["type"] for h in others] == ["locationHint:result", "state:store"]
    assert (signed["requestId"], pull["type"], pull["eventIndex"]) == ("s-1", "activation:pull", 0)
    home, ads = pull["payload"]
    assert "attributes" not in home
    assert ads["attributes"] == {"countryCode": {"value": "DE"}, "loyaltyTier": {"value": "gold"}}
    assert {"id": VISITED_TODAY, "namespace": "ups"} in ads["segments"]
    assert all("attributes" not in p for p in anonymous["handle"][0]["payload"])
    assert all(
        "attributes" not in p for h in web["handle"] for p in h["payload"] if isinstance(p, dict)
    )
    assert all(set(s) == {"id"} for p in web["handle"][0]["payload"] for s in p["segments"])


async def test_server_collect_answers_204() -> None:
    async with edge_world() as world:
        answer = await world.client.post(
            "/ee/v2/collect",
            params={"dataStreamId": DATASTREAM},
            json={"event": {"xdm": {"identityMap": ADA}}},
        )

    assert (answer.status_code, answer.content) == (204, b"")


@pytest.mark.parametrize(
    "path", ["/ee/v3/interact", "/ee/a/b/v1/interact", "/elsewhere", "/ee/v1/nope"]
)
async def test_an_unknown_route_is_a_404_problem(path: str) -> None:
    async with edge_world() as world:
        answer = await world.interact(interact_body(HOME), path)

    body = answer.json()
    assert (answer.status_code, body["type"], body["title"]) == (404, "about:blank", "Not Found")
    assert "/ee[/<hint>]/v1/interact" in body["detail"]


async def test_get_on_an_endpoint_is_a_405_problem() -> None:
    async with edge_world() as world:
        answer = await world.client.get("/ee/v1/interact", params={"configId": DATASTREAM})

    assert (answer.status_code, answer.json()["title"]) == (405, "Method Not Allowed")
    assert answer.headers["allow"] == "POST, OPTIONS"


async def test_a_failing_backend_is_a_500_problem_never_a_bare_error() -> None:
    async with edge_world() as world:

        def broken(profile_id: str) -> set[str]:
            raise RuntimeError("store offline")

        world.backend.memberships = broken  # type: ignore[method-assign]
        answer = await world.interact(interact_body(HOME))

    body = answer.json()
    assert (answer.status_code, body["type"], body["status"]) == (500, "about:blank", 500)
    assert "RuntimeError: store offline" in body["detail"]
    assert answer.headers["access-control-allow-origin"] == "https://www.sandbox.test"
    told = [e for e in world.published if isinstance(e, FailureReported)]
    assert [(e.where, e.reason) for e in told] == [("edge request", "RuntimeError: store offline")]


async def test_a_failing_ingestion_does_not_change_the_answer() -> None:
    async with edge_world() as world:

        async def broken(profile_id: str, xdm_event: Mapping[str, Any]) -> None:
            raise RuntimeError("queue full")

        world.backend.apply_event = broken  # type: ignore[method-assign]
        answer = await world.interact(interact_body(HOME))

    assert answer.status_code == 200
    told = [e for e in world.published if isinstance(e, FailureReported)]
    assert [(e.where, e.reason) for e in told] == [
        ("ingesting an edge event", "RuntimeError: queue full")
    ]


async def test_the_app_speaks_lifespan() -> None:
    app = EdgeApp(_NoBackend(), EdgeOptions())  # type: ignore[arg-type]
    sent: list[dict[str, Any]] = []
    inbox = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])

    async def receive() -> dict[str, Any]:
        return next(inbox)

    async def send(message: Any) -> None:
        sent.append(message)

    await app({"type": "lifespan"}, receive, send)
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


class _NoBackend:
    pass


def _email(address: str) -> IdentityRef:
    return IdentityRef("Email", address, True, "authenticated")
