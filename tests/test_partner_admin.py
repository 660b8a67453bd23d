"""PartnerAdmin against the partner in process: every call; refusals become sandbox errors."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from mock_partner import PartnerState, create_app
from sandbox.clock import VirtualClock
from sandbox.errors import InputError, SimulationError
from sandbox.partner import PartnerAdmin, ReceivedRequest


@pytest.fixture
def state() -> PartnerState:
    return PartnerState()


@pytest.fixture
async def http(state: PartnerState) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://partner") as client:
        yield client


@pytest.fixture
def admin(http: httpx.AsyncClient) -> PartnerAdmin:
    return PartnerAdmin(client=http)


async def test_requests_come_back_typed_with_filters(admin, http):
    await http.post("/v1/a", json={"n": 1}, headers={"x-id": "7"})
    await http.get("/v1/b")

    posted = await admin.requests(method="POST")
    [only] = await admin.requests(path="/v1/b", status=200, limit=5)
    one = await admin.request(posted[0].sequence)

    assert isinstance(posted[0], ReceivedRequest)
    assert posted[0].body_json == {"n": 1}
    assert posted[0].header("X-ID") == "7"
    assert posted[0].answer.status == 200
    assert posted[0].raw_body() == b'{"n":1}'
    assert only.method == "GET"
    assert one == posted[0]


async def test_count_stats_and_clear(admin, http):
    for _ in range(3):
        await http.post("/v1", json={})

    assert await admin.count() == 3
    assert await admin.count(since=2) == 1
    assert (await admin.stats())["total"] == 3
    await admin.clear()
    assert await admin.count() == 0


async def test_faults_set_add_read_and_clear(admin, http):
    await admin.set_faults([{"status": 500, "first": 1}], seed=4)
    await admin.add_fault({"name": "slow", "latency": 0.001})

    described = await admin.faults()
    statuses = [(await http.post("/v1", json={})).status_code for _ in range(2)]
    await admin.clear_faults()

    assert described["seed"] == 4
    assert [f["name"] for f in described["faults"]] == ["rule-1", "slow"]
    assert statuses == [500, 200]
    assert (await admin.faults())["faults"] == []


async def test_a_refused_fault_is_an_input_error_naming_the_field(admin):
    with pytest.raises(InputError) as caught:
        await admin.set_faults([{"status": 500, "latency": {"kind": "uniform", "min": 1}}])

    [problem] = caught.value.problems
    assert problem.file == "<partner admin>"
    assert problem.location == "faults[0].latency"
    assert "exactly min, max" in problem.message


async def test_auth_and_token_control(admin, http):
    await admin.set_auth("oauth2", expires_in=120)
    form = {
        "grant_type": "client_credentials",
        "client_id": "sandbox-client",
        "client_secret": "sandbox-secret",
    }
    access = (await http.post("/oauth/token", data=form)).json()["access_token"]
    bearer = {"authorization": f"Bearer {access}"}

    before = (await http.post("/v1", json={}, headers=bearer)).status_code
    expired = await admin.expire_tokens()
    after = (await http.post("/v1", json={}, headers=bearer)).status_code

    assert (await admin.auth())["expires_in"] == 120
    assert (before, expired, after) == (200, 1, 401)
    assert [t["state"] for t in await admin.tokens()] == ["expired"]
    assert await admin.revoke_tokens(access) == 1


async def test_schema_on_and_off(admin, http):
    await admin.set_schema({"type": "object", "required": ["id"]})
    refused = (await http.post("/v1", json={})).status_code
    await admin.set_schema(None)
    accepted = (await http.post("/v1", json={})).status_code

    assert (refused, accepted) == (400, 200)


async def test_health(admin):
    assert (await admin.health())["status"] == "ok"


async def test_stream_yields_typed_records_and_skips_other_events(admin, http):
    for index in range(3):
        await http.post(f"/s/{index}", json={})

    paths = [record.path async for record in admin.stream(since=1, limit=2)]

    assert paths == ["/s/1", "/s/2"]


async def test_a_bad_stream_filter_is_an_input_error(admin):
    with pytest.raises(InputError):
        async for _ in admin.stream(limit=0):
            pass


async def test_other_refusals_are_simulation_errors(admin):
    with pytest.raises(SimulationError, match="404 no retained request with sequence 42"):
        await admin.request(42)


async def test_an_unreachable_partner_is_a_simulation_error():
    async with PartnerAdmin("http://127.0.0.1:9", timeout=2) as admin:
        with pytest.raises(SimulationError, match="cannot reach the mock partner"):
            await admin.health()


class RecordingClock(VirtualClock):
    def __init__(self) -> None:
        super().__init__()
        self.entered = 0

    def _enter_busy(self) -> None:
        self.entered += 1
        super()._enter_busy()


async def test_calls_hold_virtual_time_but_the_stream_does_not(http):
    clock = RecordingClock()
    admin = PartnerAdmin(client=http, clock=clock)
    await http.post("/x", json={})

    await admin.health()
    await admin.count()
    [record] = [r async for r in admin.stream(since=0, limit=1)]

    assert clock.entered == 2
    assert record.path == "/x"
