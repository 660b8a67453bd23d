"""What went wrong when no usable HTTP answer came, said in one place for every client.

| exception (httpx types; the lane maps aiohttp's onto them)  | outcome          | retried?   |
|--------------------------------------------------------------|------------------|------------|
| our wall-clock deadline, `httpx.TimeoutException`            | `timeout`        | yes        |
| `httpx.ConnectError` (refused, unreachable)                  | `connect_error`  | yes        |
| `httpx.ReadError`/`WriteError`/`CloseError` (reset, cut off) | `connect_error`  | yes        |
| `httpx.RemoteProtocolError`, `DecodingError` (garbage)       | `protocol_error` | yes        |
| `httpx.InvalidURL`, `UnsupportedProtocol` (a bad URL)        | `protocol_error` | no         |
| anything else raised while sending (a CR/LF in a header, ...)| `protocol_error` | no         |

"Retried" means: when the policy's `retry_transport_failures` is on (the default, as AEP treats a
timeout like a 408/5xx-class failure). A bad URL cannot get better by waiting, so it drops at once;
so does a request the client refuses to send (`unsendable`): a header holding a line break, or
any other error raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import httpx

TRANSPORT_ERRORS: tuple[type[BaseException], ...] = (
    TimeoutError,
    httpx.TransportError,
    httpx.DecodingError,
    httpx.InvalidURL,
)
"""Exceptions an exchange turns into a recorded failure instead of letting them escape."""


@dataclass(frozen=True)
class Failure:
    """No usable answer: why, in the `HttpCall.outcome` vocabulary and in words."""

    outcome: Literal["timeout", "connect_error", "protocol_error"]
    message: str
    retryable: bool = True


def classify(error: BaseException, timeout: float) -> Failure:
    """The failure an exception from an HTTP exchange stands for."""
    detail = str(error) or type(error).__name__
    if isinstance(error, TimeoutError | httpx.TimeoutException):
        return Failure("timeout", f"no answer within {timeout:g} s")
    if isinstance(error, httpx.ConnectError):
        return Failure("connect_error", f"could not connect: {detail}")
    if isinstance(error, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return Failure("protocol_error", f"unusable URL: {detail}", retryable=False)
    if isinstance(error, httpx.ReadError | httpx.WriteError | httpx.CloseError):
        return Failure("connect_error", f"connection lost mid-exchange: {detail}")
    if isinstance(error, httpx.RemoteProtocolError | httpx.DecodingError):
        return Failure("protocol_error", f"malformed answer: {detail}")
    return Failure("connect_error", f"transport failure: {detail}")


_FORBIDDEN_IN_HEADERS = ("\r", "\n", "\0")


def unsendable(error: BaseException, headers: tuple[tuple[str, str], ...]) -> Failure:
    """The failure for a request the client refused to send (never retried: it cannot improve)."""
    for name, value in headers:
        if any(c in name or c in value for c in _FORBIDDEN_IN_HEADERS):
            where = "name" if any(c in name for c in _FORBIDDEN_IN_HEADERS) else "value"
            return Failure(
                "protocol_error",
                f"header {name.strip()!r} has a CR, LF or NUL character in its {where}, so the "
                "request cannot be sent (HTTP forbids them in headers)",
                retryable=False,
            )
    detail = str(error) or type(error).__name__
    return Failure(
        "protocol_error",
        f"the request could not be sent: {type(error).__name__}: {detail}",
        retryable=False,
    )
