"""What the partner's endpoints answer: `/oauth/*`, any other path, and a fault's forced status.

Any path but `/oauth/*` is a partner endpoint: it checks credentials (401), then that a body
declared JSON is JSON (400), then the JSON Schema when one is set (400), and answers 200 with
`{"ok": true, "sequence": N}`. The audience API (`/audiences`, `/account`: `audiences.py`) and
the dynamic servers' endpoints (`/dropdowns/*`, `/schemas/*`: `dynamic.py`) answer for themselves.
"""

from __future__ import annotations

from http import HTTPStatus

from mock_partner.answers import BODILESS, JSON, Answer, error_answer
from mock_partner.audiences import is_audience_path
from mock_partner.auth import authenticate
from mock_partner.body_schema import CHECKED_METHODS
from mock_partner.dynamic import dynamic_answer, is_dynamic_path
from mock_partner.injection import Decision
from mock_partner.oauth import AUTHORIZE_PATH, TOKEN_PATH, authorize_endpoint, token_endpoint
from mock_partner.records import Arrival, json_problem
from mock_partner.state import PartnerState


def endpoint_answer(state: PartnerState, arrival: Arrival, sequence: int) -> Answer:
    """What the endpoint at `arrival.path` answers when no fault interferes."""
    if arrival.path == TOKEN_PATH:
        return token_endpoint(state.auth, state.tokens, arrival, state.clock())
    if arrival.path == AUTHORIZE_PATH:
        return authorize_endpoint(state.auth, state.tokens, arrival, state.clock())
    authorization = arrival.header("authorization")
    refusal = authenticate(state.auth, state.tokens, authorization, state.clock())
    if refusal is None and is_audience_path(arrival.path):
        return state.audiences.answer(arrival, state.clock())
    if refusal is None and is_dynamic_path(arrival.path):
        return dynamic_answer(arrival)
    if refusal is None:
        refusal = body_problem(state, arrival)
    return refusal or accepted(sequence)


def accepted(sequence: int, *headers: tuple[str, str]) -> Answer:
    body = b'{"ok":true,"sequence":%d}' % sequence
    return Answer(200, body, (("content-type", JSON), *headers))


def body_problem(state: PartnerState, arrival: Arrival) -> Answer | None:
    """A 400 when a body declared JSON is not JSON, or fails the partner's schema."""
    media_type = arrival.media_type()
    if arrival.body and (media_type == JSON or media_type.endswith("+json")):
        problem = json_problem(arrival.body)
        if problem is not None:
            return error_answer(400, "invalid_json", f"the body is {problem}")
    if state.schema is None or arrival.method not in CHECKED_METHODS:
        return None
    failure = state.schema.problem(arrival.body)
    if failure is None:
        return None
    path, reason = failure
    return error_answer(400, "schema_validation_failed", f"{path}: {reason}")


def fault_answer(decision: Decision, sequence: int) -> Answer:
    """The answer a fault's status gives: success-shaped below 400, else the error shape."""
    status = decision.status or 200
    retry = () if decision.retry_after is None else (("retry-after", str(decision.retry_after)),)
    if status in BODILESS:
        return Answer(status, b"", retry)
    if status < 400:
        answer = accepted(sequence, *retry)
        return Answer(status, answer.body, answer.headers)
    try:
        error = HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        error = "error"
    return error_answer(status, error, f"injected by fault rule {decision.rule!r}", *retry)
