"""`CallRecorder`: what it remembers from the last call never hides less than redacting anew."""

from __future__ import annotations

import random

from sandbox.delivery.call import CallSpec, Sent
from sandbox.delivery.recording import CallRecorder
from sandbox.delivery.transport import Answer

URL = "http://127.0.0.1:9/ingest?key=url-secret-1"
HEADERS = (("Content-Type", "application/json"), ("X-Partner", "header-secret-1"))


def sent(body: bytes = b'{"echo":"header-secret-1"}') -> Sent:
    spec = CallSpec("activation", "dest", "export-1", 1, "POST", URL, HEADERS, '{"a":1}')
    answer = Answer(200, (("Content-Type", "application/json"),), body)
    return Sent(spec, answer, None, 0.0, 1.0)


def test_the_same_call_under_new_secrets_is_redacted_with_the_new_ones():
    recorder = CallRecorder(("authorization",), random.Random(1))
    before = recorder.record(sent(), ("other-secret",))
    assert "url-secret-1" in before.url and "header-secret-1" in before.response_body
    after = recorder.record(sent(), ("url-secret-1", "header-secret-1"))
    assert "url-secret-1" not in after.url
    assert dict(after.request_headers)["X-Partner"] == "***"
    assert "header-secret-1" not in after.response_body


def test_a_repeated_call_is_recorded_as_redacting_it_anew_would():
    secrets = ("url-secret-1", "header-secret-1")
    remembering = CallRecorder(("authorization",), random.Random(1))
    first = remembering.record(sent(), secrets)
    again = remembering.record(sent(), secrets)
    fresh = CallRecorder(("authorization",), random.Random(1)).record(sent(), secrets)
    for call in (again, fresh):
        assert (call.url, call.request_headers, call.response_headers, call.response_body) == (
            first.url,
            first.request_headers,
            first.response_headers,
            first.response_body,
        )
    assert again.trace_id != first.trace_id


def test_a_different_answer_is_not_served_from_the_last_one():
    recorder = CallRecorder(("authorization",), random.Random(1))
    secrets = ("header-secret-1",)
    recorder.record(sent(b'{"status":"ok"}'), secrets)
    echoed = recorder.record(sent(), secrets)
    assert echoed.response_body == '{"echo":"***"}'
