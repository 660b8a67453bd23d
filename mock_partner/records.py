"""What the mock partner remembers about one request: what arrived and what it answered."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson


@dataclass(frozen=True, slots=True)
class Arrival:
    """A request as it arrived, before the partner decided anything about it."""

    method: str
    path: str
    query: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    received_at: float

    def header(self, name: str) -> str | None:
        """The first value of header `name` (give it lower-cased), or None."""
        return next((value for key, value in self.headers if key == name), None)

    def media_type(self) -> str:
        """The content type without parameters, lower-cased (`application/json`), or ''."""
        return (self.header("content-type") or "").split(";")[0].strip().lower()


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """The answer given to one request (or why there was none)."""

    status: int | None
    """The HTTP status sent; None when the connection was reset or no answer was given."""
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""
    latency: float = 0.0
    """Seconds the partner waited on purpose before answering (or holding, or resetting)."""
    fault: str | None = None
    """The name of the fault rule that decided this answer, if one did."""
    note: str | None = None
    """Anything else worth knowing: `connection reset`, `client gave up after 2.00 s`, ..."""

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "headers": [list(pair) for pair in self.headers],
            "body": self.body,
            "latency": round(self.latency, 6),
            "fault": self.fault,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request as received: kept verbatim, with the JSON view derived on demand."""

    sequence: int
    """Position in the log: 1, 2, 3... in the order answers were decided."""
    method: str
    path: str
    query: str
    headers: tuple[tuple[str, str], ...]
    """Header (name, value) pairs in arrival order, names lower-cased, duplicates kept."""
    body: str
    """The body as text, or base64 when it is not UTF-8 (see `body_encoding`)."""
    body_encoding: str
    """`utf-8` or `base64`."""
    received_at: float
    """Wall-clock time of arrival, epoch seconds."""
    answer: AnswerRecord

    @property
    def json(self) -> Any:
        """The body parsed as JSON, or None when it is empty or not JSON."""
        return _parse(self)[0]

    @property
    def json_error(self) -> str | None:
        """Why the body is not JSON (None when it is, or when it is empty)."""
        return _parse(self)[1]

    def header(self, name: str) -> str | None:
        """The first value of header `name` (case-insensitive), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key == wanted), None)

    def raw_body(self) -> bytes:
        if self.body_encoding == "base64":
            return base64.b64decode(self.body)
        return self.body.encode()

    def to_json(self) -> dict[str, Any]:
        parsed, error = _parse(self)
        return {
            "sequence": self.sequence,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": [list(pair) for pair in self.headers],
            "body": self.body,
            "body_encoding": self.body_encoding,
            "json": parsed,
            "json_error": error,
            "received_at": isoformat(self.received_at),
            "answer": self.answer.to_json(),
        }


def decode_body(raw: bytes) -> tuple[str, str]:
    """The body as (text, encoding): UTF-8 text when it decodes, else base64."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return base64.b64encode(raw).decode("ascii"), "base64"


def json_problem(raw: bytes | str) -> str | None:
    """Why `raw` is not JSON, with the position orjson reports; None when it parses."""
    try:
        orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        return f"not valid JSON: {error}"
    return None


def isoformat(epoch: float) -> str:
    """`2026-01-01T00:00:00.123456Z` for epoch seconds."""
    text = datetime.fromtimestamp(epoch, UTC).isoformat(timespec="microseconds")
    return text.replace("+00:00", "Z")


def _parse(record: RequestRecord) -> tuple[Any, str | None]:
    if not record.body:
        return None, None
    if record.body_encoding == "base64":
        return None, "not valid JSON: the body is not UTF-8 text"
    try:
        return orjson.loads(record.body), None
    except orjson.JSONDecodeError as error:
        return None, f"not valid JSON: {error}"
