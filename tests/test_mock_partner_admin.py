"""The admin API: filters, count, clear, schema, the SSE stream, OpenAPI, 4xx for bad requests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import orjson
import pytest
from openapi_spec_validator import validate

from mock_partner import PartnerState, create_app
from mock_partner.admin_io import ADMIN_MAX_BODY

SCHEMA = {
    "type": "object",
    "required": ["profiles"],
    "properties": {
        "profiles": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["email"],
                "properties": {"email": {"type": "string", "format": "email"}},
            },
        }
    },
}


@pytest.fixture
def state() -> PartnerState:
    return PartnerState()


@pytest.fixture
async def client(state: PartnerState) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://partner") as client:
        yield client


@pytest.fixture
async def traffic(client: httpx.AsyncClient) -> None:
    await client.post(
        "/_admin/faults", json={"match": {"path": "/fail/*"}, "status": 503, "name": "down"}
    )
    await client.post("/v1/audiences/a", json={"n": 1}, headers={"x-tenant": "acme"})
    await client.put("/v1/audiences/b", json={"n": 2}, headers={"x-tenant": "globex"})
    await client.post("/fail/now", json={"n": 3})
    await client.get("/v1/health")


async def listed(client: httpx.AsyncClient, **params: str | int) -> list[int]:
    response = await client.get("/_admin/requests", params=params)
    assert response.status_code == 200, response.text
    return [r["sequence"] for r in response.json()["requests"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [1, 2, 3, 4]),
        ({"method": "post"}, [1, 3]),
        ({"path": "/v1/audiences/*"}, [1, 2]),
        ({"status": "503"}, [3]),
        ({"status": "2xx"}, [1, 2, 4]),
        ({"since": 2}, [3, 4]),
        ({"header": "x-tenant"}, [1, 2]),
        ({"header": "X-Tenant: glob*"}, [2]),
        ({"fault": "down"}, [3]),
        ({"fault": "any"}, [3]),
        ({"fault": "none"}, [1, 2, 4]),
        ({"limit": 2}, [1, 2]),
        ({"since": 1, "limit": 2}, [2, 3]),
        ({"tail": 2}, [3, 4]),
        ({"method": "POST", "path": "/v1/*", "header": "x-tenant:acme"}, [1]),
    ],
)
@pytest.mark.usefixtures("traffic")
async def test_request_filters(client, params, expected):
    assert await listed(client, **params) == expected


@pytest.mark.usefixtures("traffic")
async def test_count_and_totals(client):
    response = await client.get("/_admin/count", params={"status": "2xx"})

    body = response.json()
    assert body["count"] == 3
    assert body["total"] == 4
    assert body["by_status"] == {"200": 3, "503": 1}
    assert body["by_fault"] == {"down": 1}


@pytest.mark.usefixtures("traffic")
async def test_one_request_by_sequence(client):
    found = await client.get("/_admin/requests/2")
    missing = await client.get("/_admin/requests/99")

    assert found.json()["path"] == "/v1/audiences/b"
    assert found.json()["json"] == {"n": 2}
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found"


@pytest.mark.usefixtures("traffic")
async def test_clear_forgets_the_log_but_sequences_keep_rising(client, state):
    cleared = await client.delete("/_admin/requests")
    await client.post("/after", json={})

    assert cleared.json()["total"] == 0
    assert await listed(client) == [5]
    assert state.faults.describe()["faults"][0]["name"] == "down"


@pytest.mark.parametrize(
    ("params", "location"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"status": "teapot"}, "status"),
        ({"limit": 1, "tail": 1}, ""),
        ({"colour": "red"}, "colour"),
    ],
)
async def test_bad_filters_are_a_422(client, params, location):
    response = await client.get("/_admin/requests", params=params)

    assert response.status_code == 422
    assert response.json()["details"][0]["location"] == location


async def test_health(client):
    body = (await client.get("/_admin/health")).json()

    assert body["status"] == "ok"
    assert body["total"] == 0 and body["auth"] == "none" and body["in_flight"] == 0


@pytest.mark.parametrize(
    ("kwargs", "status", "error"),
    [
        (
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            400,
            "invalid_json",
        ),
        (
            {"content": b"seed=1", "headers": {"content-type": "text/plain"}},
            415,
            "unsupported_media_type",
        ),
        (
            {
                "content": b"[" + b"1," * ADMIN_MAX_BODY + b"1]",
                "headers": {"content-type": "application/json"},
            },
            413,
            "payload_too_large",
        ),
        ({"json": ["not", "an", "object"]}, 422, "invalid_settings"),
    ],
    ids=["bad-json", "wrong-type", "oversized", "wrong-shape"],
)
async def test_malformed_admin_requests_get_a_clear_4xx(client, state, kwargs, status, error):
    response = await client.put("/_admin/faults", **kwargs)

    assert response.status_code == status
    assert response.json()["error"] == error
    assert response.json()["message"]
    assert state.received == []


async def test_unknown_routes_and_methods_are_json_404_and_405(client):
    missing = await client.get("/_admin/nothing")
    wrong = await client.patch("/_admin/faults")

    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    assert wrong.status_code == 405 and wrong.json()["error"] == "method_not_allowed"
    assert "GET" in wrong.headers["allow"]


async def test_the_openapi_document_is_valid_openapi_3(client):
    document = (await client.get("/_admin/openapi.json")).json()

    validate(document)
    assert document["openapi"].startswith("3.")
    assert "/_admin/stream" in document["paths"]
    assert "FaultRule" in document["components"]["schemas"]


async def test_bodies_are_checked_against_the_schema_and_recorded_either_way(client, state):
    await client.put("/_admin/schema", json={"schema": SCHEMA})

    good = await client.post("/v1", json={"profiles": [{"email": "a@example.com"}]})
    bad = await client.post("/v1", json={"profiles": [{"mail": "a@example.com"}]})
    read = await client.get("/v1")

    assert good.status_code == 200 and read.status_code == 200
    assert bad.status_code == 400
    assert bad.json() == {
        "error": "schema_validation_failed",
        "message": "$.profiles[0]: 'email' is a required property",
    }
    assert [r.answer.status for r in state.received] == [200, 400, 200]


async def test_schema_admin_get_put_delete_and_invalid(client):
    put = await client.put("/_admin/schema", json={"schema": SCHEMA})
    got = await client.get("/_admin/schema")
    invalid = await client.put("/_admin/schema", json={"schema": {"type": "bogus"}})
    deleted = await client.delete("/_admin/schema")

    assert put.json() == got.json() == {"schema": SCHEMA}
    assert invalid.status_code == 422
    assert "not a valid JSON Schema" in invalid.json()["message"]
    assert deleted.json() == {"schema": None}
    assert (await client.post("/v1", json={"anything": True})).status_code == 200


def sse_records(text: str) -> list[dict[str, object]]:
    return [orjson.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]


@pytest.mark.usefixtures("traffic")
async def test_the_stream_replays_since_a_sequence_and_ends_at_its_limit(client):
    response = await client.get("/_admin/stream", params={"since": 1, "limit": 2})

    assert response.headers["content-type"].startswith("text/event-stream")
    assert [r["sequence"] for r in sse_records(response.text)] == [2, 3]
    assert "id: 2\n" in response.text


@pytest.mark.usefixtures("traffic")
async def test_the_stream_applies_filters_to_its_replay(client):
    response = await client.get("/_admin/stream", params={"tail": 1, "method": "POST", "limit": 1})

    assert [r["path"] for r in sse_records(response.text)] == ["/fail/now"]


async def test_the_stream_follows_live_arrivals(state):
    app = create_app(state)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://partner") as client:
        follower = asyncio.create_task(client.get("/_admin/stream", params={"limit": 2}))
        while state.log.stats()["subscribers"] == 0:
            await asyncio.sleep(0)
        await client.post("/one", json={})
        await client.post("/two", json={})
        response = await follower

    assert [r["path"] for r in sse_records(response.text)] == ["/one", "/two"]
    assert state.log.stats()["subscribers"] == 0
