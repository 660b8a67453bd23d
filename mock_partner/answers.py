"""Answers the partner gives, as plain values, and how they go out over raw ASGI."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import orjson
from starlette.types import Send

JSON = "application/json"
BODILESS = frozenset({204, 304})
"""Statuses that never carry a body (nor a Content-Length)."""


@dataclass(frozen=True, slots=True)
class Answer:
    """One HTTP answer: status, headers (with the content type) and body."""

    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    note: str | None = None
    """Recorded beside the answer, not sent."""

    def with_headers(self, *headers: tuple[str, str]) -> Answer:
        return replace(self, headers=self.headers + headers)


def json_answer(status: int, payload: Any, *headers: tuple[str, str]) -> Answer:
    return Answer(status, orjson.dumps(payload), (("content-type", JSON), *headers))


def error_answer(status: int, error: str, message: str, *headers: tuple[str, str]) -> Answer:
    """The partner's error shape: `{"error": "...", "message": "..."}`."""
    return json_answer(status, {"error": error, "message": message}, *headers)


def spoil(answer: Answer, how: str) -> Answer:
    """The answer with its body made `empty`, `invalid_json` or `truncated` (cut in half)."""
    if how == "empty":
        return replace(answer, body=b"")
    if how == "invalid_json":
        return replace(answer, body=b"{'ok': true, sequence: ]")
    return replace(answer, body=answer.body[: len(answer.body) // 2])


async def send_answer(send: Send, answer: Answer) -> None:
    headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in answer.headers]
    if answer.status not in BODILESS:
        headers.append((b"content-length", str(len(answer.body)).encode("ascii")))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})
