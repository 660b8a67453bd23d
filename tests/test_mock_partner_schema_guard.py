"""The partner's schema never reads a file, never fetches a URL, and never backtracks for ever."""

from __future__ import annotations

import asyncio
import http.server
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mock_partner import PartnerState, create_app
from mock_partner.body_schema import BodySchema


@pytest.fixture
def state() -> PartnerState:
    return PartnerState()


@pytest.fixture
async def client(state: PartnerState) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://partner") as client:
        yield client


@pytest.fixture
def web() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that notes every path requested from it."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            body = b'{"type": "string"}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


async def test_a_ref_to_a_file_is_refused_when_set_and_nothing_is_read(client, tmp_path: Path):
    secret = tmp_path / "secret.json"
    secret.write_text('{"const": "TOP-SECRET-CONTENT"}')
    schema = {"properties": {"x": {"$ref": secret.as_uri()}}}
    answer = await client.put("/_admin/schema", json={"schema": schema})
    assert answer.status_code == 422
    assert "$.properties.x.$ref" in answer.json()["message"]
    assert "TOP-SECRET-CONTENT" not in answer.text
    assert (await client.get("/_admin/schema")).json() == {"schema": None}
    assert (await client.post("/v1", json={"x": 1})).status_code == 200


async def test_a_ref_to_a_url_is_refused_and_never_fetched(client, web):
    base, asked = web
    for ref in (f"{base}/schema.json", f"{base}/schema.json#/x", "other.json#/defs/a"):
        answer = await client.put(
            "/_admin/schema", json={"schema": {"properties": {"x": {"$ref": ref}}}}
        )
        assert answer.status_code == 422, ref
        assert "never reads files or fetches URLs" in answer.json()["message"]
    assert asked == []


async def test_an_unresolvable_internal_ref_is_refused_when_set_not_at_ingest(client):
    schema = {"properties": {"x": {"$ref": "#/$defs/missing"}}}
    answer = await client.put("/_admin/schema", json={"schema": schema})
    assert answer.status_code == 422 and "does not resolve" in answer.json()["message"]
    assert (await client.post("/v1", json={"x": 1})).status_code == 200


async def test_an_internal_ref_is_followed(client):
    schema = {
        "$defs": {"mail": {"type": "string", "pattern": "@"}},
        "properties": {"email": {"$ref": "#/$defs/mail"}},
    }
    assert (await client.put("/_admin/schema", json={"schema": schema})).status_code == 200
    assert (await client.post("/v1", json={"email": "a@b"})).status_code == 200
    assert (await client.post("/v1", json={"email": "ab"})).status_code == 400


@pytest.mark.parametrize("pattern", [r"(a)\1", r"a(?=b)", r"(?<!x)a"])
async def test_a_pattern_re2_cannot_run_is_refused_when_set(client, pattern):
    schema = {"properties": {"x": {"type": "string", "pattern": pattern}}}
    answer = await client.put("/_admin/schema", json={"schema": schema})
    assert answer.status_code == 422
    assert "$.properties.x.pattern" in answer.json()["message"]


@pytest.mark.parametrize(
    "schema",
    [
        {"properties": {"x": {"type": "string", "pattern": "^(a+)+$"}}},
        {"patternProperties": {"^(a+)+$": {"type": "string"}}, "additionalProperties": False},
    ],
)
async def test_a_catastrophic_pattern_cannot_freeze_the_partner(client, schema):
    assert (await client.put("/_admin/schema", json={"schema": schema})).status_code == 200
    evil = "a" * 50_000 + "!"
    began = time.perf_counter()
    answer = await asyncio.wait_for(client.post("/v1", json={"x": evil, evil: "y"}), 10)
    assert time.perf_counter() - began < 5
    assert answer.status_code == 400


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(r"\A[a-z]{1,3}\Z"),
    st.text(alphabet="abcxyz-", max_size=12),
)
def test_simple_patterns_match_as_python_does(pattern: str, value: str):
    """For patterns both engines read alike, RE2 decides as Python's `re` would."""
    import re

    checker = BodySchema({"properties": {"x": {"type": "string", "pattern": f"^{pattern}+"}}})
    expected = re.search(f"^{pattern}+", value) is not None
    body = f'{{"x": "{value}"}}'.encode()
    assert (checker.problem(body) is None) == expected
