"""Adobe's destination testing API response shape (§5.4), built from recorded exports (§11.10).

    {"results": [{"aggregationKey"?: {...}, "httpCalls": [{"traceId", "request": {"method", "uri",
      "headers": [{"Name": "value"}], "body"}, "response": {"code": "200", "headers": [...],
      "body"}}]}], "inputProfiles": [...]}

Headers are arrays of single-key objects and `code` is a string, as Adobe writes them; secrets
are already redacted in the recorded calls. Two additions where Adobe's shape has no place for
what went wrong: a call that got no answer has `"code": null` and an `"error"`; a result whose
export was not delivered has an `"error"` with the reason (e.g. refused credentials, when no
activation call could be made at all).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sandbox.delivery.outcome import ExportOutcome
from sandbox.events import HttpCall


def header_list(headers: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    """`[("A", "1")]` → `[{"A": "1"}]`."""
    return [{name: value} for name, value in headers]


def http_call_json(call: HttpCall) -> dict[str, Any]:
    """One recorded call as an entry of `httpCalls`."""
    request = {
        "method": call.method,
        "uri": call.url,
        "headers": header_list(call.request_headers),
        "body": call.request_body,
    }
    response: dict[str, Any] = {
        "code": str(call.status) if call.status is not None else None,
        "headers": header_list(call.response_headers),
        "body": call.response_body,
    }
    if call.error:
        response["error"] = call.error
    return {"traceId": call.trace_id, "request": request, "response": response}


def destination_test_result(
    aggregation_key: dict[str, Any] | None, outcome: ExportOutcome
) -> dict[str, Any]:
    """One entry of `results`: one aggregation group's call(s)."""
    result: dict[str, Any] = {}
    if aggregation_key is not None:
        result["aggregationKey"] = aggregation_key
    result["httpCalls"] = [http_call_json(call) for call in outcome.calls]
    if not outcome.delivered:
        result["error"] = outcome.reason
    return result


def destination_test_response(
    results: Sequence[dict[str, Any]], input_profiles: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    return {"results": list(results), "inputProfiles": list(input_profiles)}
