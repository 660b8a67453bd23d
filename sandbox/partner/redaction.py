"""A mock partner's arrival record with its credentials hidden, before it is stored or shown.

The partner records requests verbatim (its checks need the real `Authorization` header), so the
sandbox hides secrets at the one place its records enter the sandbox's own world: the
`PartnerRequestReceived` event that the journal stores and the TUI shows. Headers that carry
credentials are masked by name, secret-named fields in bodies, queries and answers (a token
request's `client_secret=…`, an issued `access_token`) by name, and known secret values wherever
they appear. Scenario checks keep reading the verbatim records in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sandbox.events import PartnerRequestReceived
from sandbox.redaction import (
    REDACTED,
    SECRET_FIELDS,
    SECRET_WORDS,
    redact_headers,
    redact_text,
    usable_secrets,
    with_encodings,
)

_SECRET_KEYS = frozenset(name.lower() for name in (*SECRET_FIELDS, "client_secret", "code"))


def arrival(
    at: float, record: dict[str, Any], secrets: Iterable[str] = ()
) -> PartnerRequestReceived:
    """The event announcing `record`, redacted."""
    return PartnerRequestReceived(at=at, record=redact_record(record, secrets))


def redact_record(record: dict[str, Any], secrets: Iterable[str] = ()) -> dict[str, Any]:
    """A copy of a partner record (admin API shape) with every secret masked."""
    known = usable_secrets(tuple(secrets))
    hidden = dict(record)
    for key in ("headers",):
        if isinstance(record.get(key), list | tuple):
            hidden[key] = [list(pair) for pair in redact_headers(_pairs(record[key]), known)]
    for key in ("body", "query", "path", "json_error"):
        if isinstance(record.get(key), str):
            hidden[key] = redact_text(record[key], known)
    if "json" in record:
        hidden["json"] = _redact_json(record["json"], known)
    answer = record.get("answer")
    if isinstance(answer, dict):
        hidden["answer"] = _redact_answer(answer, known)
    return hidden


def _redact_answer(answer: dict[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    hidden = dict(answer)
    if isinstance(answer.get("headers"), list | tuple):
        hidden["headers"] = [
            list(pair) for pair in redact_headers(_pairs(answer["headers"]), known)
        ]
    for key in ("body", "note"):
        if isinstance(answer.get(key), str):
            hidden[key] = redact_text(answer[key], known)
    return hidden


def _pairs(headers: Iterable[Any]) -> tuple[tuple[str, str], ...]:
    return tuple((str(pair[0]), str(pair[1])) for pair in headers)


def _redact_json(value: Any, known: tuple[str, ...]) -> Any:
    if isinstance(value, dict):
        return {
            key: REDACTED
            if str(key).lower() in _SECRET_KEYS and value[key] not in (None, "")
            else _redact_json(value[key], known)
            for key in value
        }
    if isinstance(value, list):
        return [_redact_json(item, known) for item in value]
    if isinstance(value, str):
        return redact_text(value, known, fields=False)
    return value


def partner_secrets(auth: dict[str, Any] | None) -> tuple[str, ...]:
    """The secret values in the partner's auth settings (passwords, client secrets, tokens)."""
    found: list[str] = []
    for name, value in (auth or {}).items():
        if isinstance(value, str) and any(word in name.lower() for word in SECRET_WORDS):
            found.append(value)
        elif isinstance(value, dict | list):
            nested = value if isinstance(value, dict) else {str(i): v for i, v in enumerate(value)}
            found.extend(partner_secrets({f"{name}.{k}": v for k, v in nested.items()}))
    return with_encodings(found)
