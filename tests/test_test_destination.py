"""`sandbox test-destination`: real calls to a loopback partner, shown in Adobe's test-API shape."""

from __future__ import annotations

import argparse
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from sandbox.commands import test_destination
from sandbox.errors import InputError
from tests.test_delivery_kit import loopback_server
from tests.test_destination_fixtures import EXAMPLES


@pytest.fixture(scope="module")
def running_server() -> Iterator[HTTPServer]:
    with loopback_server() as running:
        yield running


@pytest.fixture
def server(running_server: HTTPServer) -> Iterator[HTTPServer]:
    """The module's loopback partner, with no expectations and an empty log for each test."""
    running_server.clear()
    yield running_server
    running_server.clear()


def run_command(example: str, *options: str) -> int:
    parser = argparse.ArgumentParser()
    test_destination.add_arguments(parser)
    folder = EXAMPLES / example
    args = parser.parse_args(
        [
            "--destination", str(folder / "destination.json"),
            "--server", str(folder / "server.json"),
            "--activation", str(folder / "activation.json"),
            *options,
        ]
    )  # fmt: skip
    return test_destination.run(args)


def printed(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    output: dict[str, Any] = json.loads(capsys.readouterr().out)
    return output


def single_keyed(headers: list[dict[str, str]]) -> dict[str, str]:
    assert all(len(header) == 1 for header in headers)
    return {name: value for header in headers for name, value in header.items()}


def test_each_call_is_sent_and_shown_in_adobes_shape(server, capsys):
    server.expect_request("/moviestar/eu/users", method="POST").respond_with_response(
        Response('{"ok": true}', status=200, headers={"X-Partner": "1"})
    )
    code = run_command("moviestar-basic", "--count", "3", "--endpoint", server.url_for("/"))
    output = printed(capsys)
    assert code == 0
    assert len(server.log) == 3 and len(output["inputProfiles"]) == 3
    assert len(output["results"]) == 3  # maxUsersPerRequest is 1: one call per profile
    for result, (received, _) in zip(output["results"], server.log, strict=True):
        assert set(result) == {"httpCalls"}  # best effort: no aggregation key
        [call] = result["httpCalls"]
        assert set(call) == {"traceId", "request", "response"}
        request, response = call["request"], call["response"]
        assert request["method"] == "POST"
        assert request["uri"] == server.url_for("/moviestar/eu/users")
        assert single_keyed(request["headers"]) == {
            "Content-Type": "application/json",
            "Authorization": "Basic ***",
        }
        assert request["body"] == received.get_data(as_text=True)
        assert received.headers["Authorization"].startswith("Basic ")
        assert response["code"] == "200" and response["body"] == '{"ok": true}'
        assert single_keyed(response["headers"])["X-Partner"] == "1"
    assert "sandbox-password" not in json.dumps(output)


def test_a_failing_partner_is_shown_and_exits_1(server, capsys):
    server.expect_request("/adnet/v2/members").respond_with_json({"error": "down"}, status=503)
    code = run_command("adnet-bearer", "--count", "5", "--endpoint", server.url_for("/"))
    output = printed(capsys)
    assert code == 1
    [result] = output["results"]  # maxUsersPerRequest 10: five profiles in one call
    [call] = result["httpCalls"]
    assert len(server.log) == 1  # sent once, like Adobe's testing API: no retries
    assert call["response"]["code"] == "503"
    assert result["error"].startswith("the partner answered 503 Service Unavailable")
    assert len(json.loads(call["request"]["body"])["users"]) == 5


def test_an_unreachable_endpoint_is_a_result_with_an_error(capsys):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = run_command("adnet-bearer", "--count", "2", "--endpoint", f"http://127.0.0.1:{port}")
    output = printed(capsys)
    assert code == 1
    [result] = output["results"]
    [call] = result["httpCalls"]
    assert call["response"]["code"] is None
    assert call["response"]["error"].startswith("could not connect")
    assert result["error"].startswith("could not connect")


def test_given_profiles_are_used_as_given(server, capsys, tmp_path: Path):
    server.expect_request("/moviestar/eu/users").respond_with_handler(_ok)
    profiles = [
        {
            "segmentMembership": {"ups": {"8b5e7a0e-3c1d-4f2a-9b6e-2a7c4d1e5f01": {
                "status": "realized", "lastQualificationTime": "2026-01-01T00:00:00Z"}}},
            "identityMap": {"email": [{"id": "ann@example.com"}]},
            "attributes": {"firstName": {"value": "Ann"}},
        }
    ]  # fmt: skip
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps(profiles))
    code = run_command("moviestar-basic", "--profiles", str(path), "--endpoint", server.url_for(""))
    output = printed(capsys)
    assert code == 0 and output["inputProfiles"] == profiles
    body = json.loads(output["results"][0]["httpCalls"][0]["request"]["body"])
    assert body["identities"] == [{"type": "email", "id": "ann@example.com"}]


@pytest.mark.parametrize(
    ("options", "location"),
    [
        pytest.param(["--count", "2", "--profiles", "p.json"], "--profiles", id="both"),
        pytest.param(["--endpoint", "127.0.0.1:8787"], "--endpoint", id="no-scheme"),
        pytest.param(["--endpoint", "http://127.0.0.1:8787/api"], "--endpoint", id="with-path"),
        pytest.param(["--endpoint", "http://127.0.0.1:99999"], "--endpoint", id="bad-port"),
        pytest.param(["--timeout", "0"], "--timeout", id="timeout"),
        pytest.param(["--count", "0"], "--count", id="count"),
    ],
)
def test_bad_options_are_input_errors_naming_the_option(options, location):
    with pytest.raises(InputError) as raised:
        run_command("adnet-bearer", *options)
    assert raised.value.problems[0].location == location


def test_a_profiles_file_that_is_not_an_array_is_an_input_error(tmp_path: Path):
    path = tmp_path / "profiles.json"
    path.write_text('{"profiles": []}')
    with pytest.raises(InputError, match="expected a non-empty JSON array"):
        run_command("adnet-bearer", "--profiles", str(path))


def _ok(request: Request) -> Response:
    return Response("{}", status=200)
