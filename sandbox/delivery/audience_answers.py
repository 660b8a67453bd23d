"""Judging the partner's answer to an audience call: success, the fields it returns, its error.

A call fails on a non-2xx answer (the reason quotes `responseErrorFields`, else the body), on a
2xx that carries a `responseErrorFields` value (`{{root}}` excepted: it is the whole answer), and,
for `create`, on an answer without `externalAudienceId`.
"""

from __future__ import annotations

import http
import json
from dataclasses import dataclass
from typing import Any

from sandbox.delivery.call import Sent
from sandbox.destinations.audience_templates import EXTERNAL_ID, TemplateCall
from sandbox.destinations.response_fields import MISSING, as_text, parse_field_path, read_field


@dataclass(frozen=True)
class AnswerReading:
    """What one answer (or its absence) came to."""

    ok: bool
    status: int | None
    fields: dict[str, str]
    reason: str
    retryable: bool


def judge(operation: str, section: TemplateCall, sent: Sent) -> AnswerReading:
    """Whether one answer is a success, and what it says (its response or error fields)."""
    if sent.failure is not None:
        return AnswerReading(False, None, {}, sent.failure.message, sent.failure.retryable)
    answer = sent.answer
    assert answer is not None
    body = _json(answer.text)
    errors = _read(section.response_error_fields, body, answer.headers, answer.text, True)
    if not answer.ok:
        said = "; ".join(f"{k}: {v}" for k, v in errors.items()) or _excerpt(answer.text)
        # `{{root}}` (and any field the answer lacks) falls back to the answer's text
        reason = f"the partner answered {_status_text(answer.status)}" + (
            f": {said}" if said else ""
        )
        return AnswerReading(False, answer.status, {}, reason, True)
    if errors:
        said = "; ".join(f"{k}: {v}" for k, v in errors.items())
        reason = f"the partner answered {answer.status} with an error: {said}"
        return AnswerReading(False, answer.status, {}, reason, False)
    fields = _read(section.response_fields, body, answer.headers, answer.text, False)
    missing = [f for f in section.response_fields if f.name not in fields]
    if operation == "create" and EXTERNAL_ID not in fields:
        where = next((f.value for f in missing if f.name == EXTERNAL_ID), "?")
        reason = (
            f"the partner answered {answer.status} without the audience ID: nothing at {where} "
            f"in its answer ({_excerpt(answer.text) or 'an empty body'})"
        )
        return AnswerReading(False, answer.status, {}, reason, False)
    return AnswerReading(True, answer.status, fields, "", False)


def _read(fields: Any, body: Any, headers: Any, text: str, errors: bool) -> dict[str, str]:
    found: dict[str, str] = {}
    for field in fields:
        parsed = parse_field_path(field.value)
        if errors and parsed is not None and parsed[0] == "root" and not parsed[1]:
            continue
        value = read_field(field.value, body, headers, raw_text=text)
        if value is not MISSING and value != "":
            found[field.name] = as_text(value)
    return found


def _json(text: str) -> Any:
    try:
        return json.loads(text) if text else MISSING
    except ValueError:
        return MISSING


def _excerpt(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _status_text(status: int) -> str:
    try:
        return f"{status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)
