"""The console's fault presets on a real mock partner socket: "down" refuses for real (the client
sees a connection error, which AEP's retry policy retries), "503" stays its own HTTP answer."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from sandbox.delivery.failures import classify
from sandbox.simulator.api import FAULT_PRESETS
from sandbox.simulator.faults import preset_rules
from tests.test_mock_partner_server import start_partner, stop_partner

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    process, url = start_partner()
    yield url
    stop_partner(process)


def _set(url: str, preset: str) -> None:
    httpx.put(f"{url}/_admin/faults", json={"faults": preset_rules(preset)}).raise_for_status()


async def test_down_is_a_connection_error_not_an_http_answer(url: str) -> None:
    _set(url, "down")
    try:
        async with httpx.AsyncClient() as client:
            with pytest.raises(httpx.TransportError) as raised:
                await client.post(f"{url}/v1/audiences/members", json={"profiles": []})
    finally:
        _set(url, "clear")

    assert classify(raised.value, 5.0).outcome == "connect_error"
    assert classify(raised.value, 5.0).retryable
    record = httpx.get(f"{url}/_admin/requests").json()["requests"][-1]
    assert record["answer"]["status"] is None and record["answer"]["note"] == "connection reset"


async def test_503_remains_its_own_preset(url: str) -> None:
    _set(url, "503")
    try:
        async with httpx.AsyncClient() as client:
            answer = await client.post(f"{url}/v1/audiences/members", json={"profiles": []})
    finally:
        _set(url, "clear")

    assert (answer.status_code, answer.headers["retry-after"]) == (503, "30")
    assert {"503", "down"} <= set(FAULT_PRESETS)
