"""A request the mock partner received, as the inbox shows it: normalized, secrets redacted.

The partner's record is a JSON dict from its admin API (`sequence`, `method`, `path`, `query`,
`headers`, `body`, `json`, `received_at`, `answer {status, latency, fault, ...}`). Older or
foreign spellings (`seq`, `response`, `latency_ms`, headers as a mapping) are read too: a record
the TUI cannot fully read is still shown, never a crash. Headers and bodies are only reachable
through properties that mask secrets, so no widget ever shows one.

A row keeps strings and tuples of strings, not the record: the record's nested dicts and lists
(twenty-odd objects) would each be scanned by every full garbage collection while the row lives,
and at 1,000+ arrivals a second those scans stall the screen.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from sandbox.redaction import redact_headers, redact_text


@dataclass(frozen=True)
class ReceivedRequest:
    """One row of the inbox. The cheap fields are read at once; headers and bodies, which need
    redacting, only when a request is opened (most rows of a flood are never opened)."""

    seq: int
    at: float
    """Simulation time at which the sandbox heard of the request."""
    method: str
    path: str
    query: str
    size: int
    """Bytes of the body as received."""
    status: int | None
    """The partner's answer; None when it gave none (a reset, a hold)."""
    latency_ms: float | None
    fault: str | None = None
    sent_headers: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)
    sent_body: str = field(default="", repr=False, compare=False)
    answer_text: str = field(default="", repr=False, compare=False)
    """The last three as received, secrets in clear: shown only through `headers`, `body` and
    `answer_body`, which mask them."""

    @property
    def target(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path

    @cached_property
    def headers(self) -> tuple[tuple[str, str], ...]:
        return redact_headers(self.sent_headers)

    @cached_property
    def body(self) -> str:
        return redact_text(self.sent_body)

    @cached_property
    def answer_body(self) -> str:
        return redact_text(self.answer_text)

    def pretty_body(self) -> tuple[str, bool]:
        """The body re-indented when it is JSON, and whether it is."""
        try:
            return json.dumps(json.loads(self.body), indent=2, ensure_ascii=False), True
        except ValueError:
            return self.body, False

    @classmethod
    def from_record(cls, record: Mapping[str, Any], at: float) -> ReceivedRequest:
        answer = _answer(record)
        body = _text(record.get("body"))
        return cls(
            seq=_int(record.get("sequence", record.get("seq"))) or 0,
            at=at,
            method=str(record.get("method", "?")).upper(),
            path=str(record.get("path", "")),
            query=_query(record.get("query")),
            size=len(body.encode()),
            status=_int(answer.get("status", record.get("status"))),
            latency_ms=_latency_ms(record, answer),
            fault=_str_or_none(answer.get("fault")),
            sent_headers=tuple(_pairs(record.get("headers"))),
            sent_body=body,
            answer_text=_text(answer.get("body")),
        )


def _answer(record: Mapping[str, Any]) -> Mapping[str, Any]:
    return _mapping(record.get("answer", record.get("response")))


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _pairs(value: Any) -> list[tuple[str, str]]:
    if isinstance(value, Mapping):
        return [(str(k), str(v)) for k, v in value.items()]
    if isinstance(value, list | tuple):
        return [
            (str(p[0]), str(p[1])) for p in value if isinstance(p, list | tuple) and len(p) == 2
        ]
    return []


def _query(value: Any) -> str:
    if isinstance(value, Mapping):
        return urlencode(value, doseq=True)
    return str(value or "").lstrip("?")


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _latency_ms(record: Mapping[str, Any], answer: Mapping[str, Any]) -> float | None:
    for source, key, scale in (
        (record, "latency_ms", 1.0),
        (answer, "latency_ms", 1.0),
        (answer, "latency", 1000.0),
        (record, "latency", 1000.0),
    ):
        value = source.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value) * scale
    return None
