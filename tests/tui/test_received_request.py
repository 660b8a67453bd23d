"""Partner records as the inbox reads them: tolerant parsing, masked secrets, curl."""

from __future__ import annotations

import shlex

from sandbox.tui.curl import as_curl
from sandbox.tui.received_request import ReceivedRequest
from tests.tui.fake_simulator import partner_record


def test_a_mock_partner_record_is_read_with_its_answer() -> None:
    request = ReceivedRequest.from_record(partner_record(7, 429, fault="429-storm"), at=10.0)

    assert (request.seq, request.method, request.target) == (
        7,
        "POST",
        "/v1/audiences/members?dest=acme",
    )
    assert (request.status, request.fault, request.latency_ms) == (429, "429-storm", 12.0)
    assert request.size == len(partner_record(7)["body"])


def test_secrets_are_masked_on_the_way_in() -> None:
    record = partner_record(1, body='{"client_secret": "hunter22", "name": "x"}')

    request = ReceivedRequest.from_record(record, at=0.0)

    assert ("authorization", "Bearer ***") in request.headers
    assert "s3cr3t" not in repr(request) and "s3cr3t" not in str(request.headers)
    assert "hunter22" not in request.body and '"name": "x"' in request.body


def test_foreign_spellings_and_broken_fields_still_give_a_row() -> None:
    record = {
        "seq": "3",
        "method": "put",
        "path": "/x",
        "query": {"a": ["1", "2"]},
        "headers": {"Authorization": "Basic abc"},
        "body": {"k": 1},
        "response": {"status": "oops"},
        "latency_ms": 5,
    }

    request = ReceivedRequest.from_record(record, at=0.0)

    assert (request.seq, request.method, request.target) == (3, "PUT", "/x?a=1&a=2")
    assert request.headers == (("Authorization", "Basic ***"),)
    assert (request.status, request.latency_ms, request.body) == (None, 5.0, '{"k": 1}')
    assert ReceivedRequest.from_record({}, at=0.0).seq == 0


def test_pretty_body_reindents_json_only() -> None:
    json_request = ReceivedRequest.from_record(partner_record(1, body='{"a":[1]}'), at=0.0)
    text_request = ReceivedRequest.from_record(partner_record(1, body="a=1&b=2"), at=0.0)

    assert json_request.pretty_body() == ('{\n  "a": [\n    1\n  ]\n}', True)
    assert text_request.pretty_body() == ("a=1&b=2", False)


def test_curl_replays_the_request_with_secrets_still_masked() -> None:
    request = ReceivedRequest.from_record(partner_record(1, body='{"it\'s": 1}'), at=0.0)

    command = as_curl(request, "http://127.0.0.1:8787/")

    words = shlex.split(command.replace("\\\n", " "))
    assert words[:4] == [
        "curl",
        "-X",
        "POST",
        "http://127.0.0.1:8787/v1/audiences/members?dest=acme",
    ]
    assert "authorization: Bearer ***" in words
    assert words[-2:] == ["--data-raw", '{"it\'s": 1}']
    assert "s3cr3t" not in command
