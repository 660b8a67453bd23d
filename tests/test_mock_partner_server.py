"""`python -m mock_partner` on a real loopback socket: start, serve, reset, hold, stream, stop."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import orjson
import pytest

pytestmark = pytest.mark.timeout(60)


def start_partner(*flags: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "mock_partner", "--port", "0", *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.fullmatch(r"mock_partner listening on (http://127\.0\.0\.1:\d+)\n", line)
    assert found, (line, process.stderr and process.stderr.read())
    return process, found.group(1)


def stop_partner(process: subprocess.Popen[str]) -> str:
    process.terminate()
    _, err = process.communicate(timeout=10)
    return err


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    process, url = start_partner()
    yield url
    stop_partner(process)


@pytest.fixture
async def admin(url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=url) as client:
        await client.delete("/_admin/faults")
        await client.delete("/_admin/requests")
        yield client


def test_smoke_start_post_check_the_admin_api_and_stop():
    process, url = start_partner("--status", "201", "--fault-name", "smoke")
    try:
        posted = httpx.post(f"{url}/v1/audiences/a1/members?x=1", json={"id": 1})
        listed = httpx.get(f"{url}/_admin/requests").json()["requests"]
    finally:
        err = stop_partner(process)

    assert posted.status_code == 201
    [record] = listed
    assert (record["method"], record["path"], record["query"]) == (
        "POST",
        "/v1/audiences/a1/members",
        "x=1",
    )
    assert record["json"] == {"id": 1}
    assert record["answer"]["fault"] == "smoke"
    assert process.returncode == 0
    assert "Traceback" not in err and "ERROR" not in err


async def test_a_reset_fault_resets_the_tcp_connection(admin, url):
    await admin.post("/_admin/faults", json={"reset": True})

    async with httpx.AsyncClient(base_url=url) as client:
        with pytest.raises(httpx.ReadError):
            await client.post("/v1", json={})

    [record] = (await admin.get("/_admin/requests")).json()["requests"]
    assert record["answer"]["status"] is None
    assert record["answer"]["note"] == "connection reset"


async def test_no_answer_holds_until_the_client_gives_up(admin, url):
    await admin.post("/_admin/faults", json={"no_answer": {"max_seconds": 30}})

    async with httpx.AsyncClient(base_url=url, timeout=0.3) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.post("/v1", json={})

    note = await _note_of_first_record(admin)
    assert re.fullmatch(r"no answer; the client gave up after 0\.\d+ s", note)


async def test_no_answer_closes_the_connection_after_its_max(admin, url):
    await admin.post("/_admin/faults", json={"no_answer": 0.2})

    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.post("/v1", json={})

    assert await _note_of_first_record(admin) == "no answer; closed the connection after 0.2 s"


@pytest.mark.parametrize("status", [204, 304])
async def test_bodiless_statuses_go_out_as_valid_http(admin, url, status):
    await admin.post("/_admin/faults", json={"status": status})

    async with httpx.AsyncClient(base_url=url) as client:
        first = await client.post("/v1", json={})
        second = await client.post("/v1", json={})  # the same connection is still usable

    assert (first.status_code, second.status_code) == (status, status)
    assert first.content == b"" and "content-length" not in first.headers


async def test_latency_is_felt_by_the_client(admin, url):
    await admin.post("/_admin/faults", json={"latency": 0.2})

    async with httpx.AsyncClient(base_url=url) as client:
        started = time.monotonic()
        response = await client.post("/v1", json={})
        waited = time.monotonic() - started

    assert response.status_code == 200
    assert waited >= 0.2


async def test_the_stream_follows_arrivals_live(admin, url):
    received: list[dict[str, object]] = []

    async def follow() -> None:
        async with admin.stream("GET", "/_admin/stream", params={"limit": 3}) as response:
            async for line in response.aiter_lines():
                if line.startswith("data: "):
                    received.append(orjson.loads(line[6:]))

    follower = asyncio.create_task(follow())
    while (await admin.get("/_admin/health")).json()["subscribers"] == 0:
        await asyncio.sleep(0.01)
    async with httpx.AsyncClient(base_url=url) as client:
        for index in range(3):
            await client.post(f"/live/{index}", json={"i": index})
    await asyncio.wait_for(follower, 10)

    assert [r["path"] for r in received] == ["/live/0", "/live/1", "/live/2"]


async def _note_of_first_record(admin: httpx.AsyncClient) -> str:
    for _ in range(100):  # the partner records a hold when it ends, just after the client sees it
        records = (await admin.get("/_admin/requests")).json()["requests"]
        if records:
            return str(records[0]["answer"]["note"])
        await asyncio.sleep(0.02)
    raise AssertionError("the held request was never recorded")
