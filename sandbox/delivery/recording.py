"""Recording an exchange as an `HttpCall`: every credential and known secret hidden, cheaply.

Recording runs once per call on delivery's hot path, so what repeats from call to call is
redacted once: a connection sends the same request headers (content type, credential header)
and the same URL with every export, and a partner answers with a handful of distinct header sets
and short bodies, so their redacted forms are cached by value (the key holds the secrets searched
for, so a new token is a new key). In front of those caches, a `CallRecorder` remembers the last
request and answer it redacted and reuses them when the next call repeats them (the usual case:
one connection's exports, one after another), which costs a comparison instead of a lookup.
Request bodies differ per call and are searched each time.
"""

from __future__ import annotations

import itertools
import random
from functools import lru_cache

from sandbox.delivery.call import Sent
from sandbox.delivery.transport import Answer, Headers
from sandbox.events import CallOutcome, HttpCall
from sandbox.redaction import redact_headers, redact_known, redact_text, usable_secrets

_Request = tuple[str, Headers, tuple[str, ...]]
_Answer = tuple[Headers, bytes, tuple[str, ...]]


class CallRecorder:
    """Makes the `HttpCall`s of one exchanger's calls."""

    def __init__(self, auth_headers: tuple[str, ...], rng: random.Random) -> None:
        self._auth_headers = auth_headers
        self._trace_ids = TraceIds(rng)
        self._secrets: tuple[str, ...] = ()
        self._usable: tuple[str, ...] = ()
        self._request: tuple[_Request, tuple[str, Headers]] | None = None
        self._answer: tuple[_Answer, tuple[Headers, str]] | None = None

    def record(self, sent: Sent, secrets: tuple[str, ...]) -> HttpCall:
        """The `HttpCall` for an exchange, with credentials and secret values redacted."""
        spec, answer, failure = sent.spec, sent.answer, sent.failure
        if secrets is not self._secrets:
            self._secrets, self._usable = secrets, usable_secrets(secrets)
        usable = self._usable
        outcome: CallOutcome
        if failure is not None:
            outcome, error = failure.outcome, failure.message
        else:
            ok = answer is not None and 200 <= answer.status < 300  # `Answer.ok`, inlined
            outcome, error = ("ok", "") if ok else ("http_error", "")
        request = (spec.url, spec.headers, usable)
        last = self._request
        url, headers = last[1] if last is not None and last[0] == request else self._redact(request)
        answer_headers, answer_body = self._redacted_answer(answer, usable)
        return HttpCall(  # positional (the field order), as keywords cost ~1.5 µs a call here
            self._trace_ids.next(),
            spec.export_id,
            spec.destination_id,
            spec.attempt,
            spec.purpose,
            spec.method,
            url,
            headers,
            redact_known(spec.body, usable, fields=spec.purpose != "activation"),
            answer.status if answer else None,
            answer_headers,
            answer_body,
            sent.started_at,
            sent.duration_ms,
            outcome,
            error,
        )

    def _redact(self, request: _Request) -> tuple[str, Headers]:
        redacted = _redacted_request(*request, self._auth_headers)
        self._request = (request, redacted)
        return redacted

    def _redacted_answer(
        self, answer: Answer | None, usable: tuple[str, ...]
    ) -> tuple[Headers, str]:
        """A partner's answer headers and body (as text), redacted; short answers repeat
        (`{"status":"accepted"}` under the same headers), so they are remembered."""
        if answer is None:
            return (), ""
        if len(answer.body) > _SHORT_ANSWER:
            body = redact_known(answer.body.decode("utf-8", errors="replace"), usable)
            return redact_headers(answer.headers, usable), body
        key = (answer.headers, answer.body, usable)
        last = self._answer
        if last is not None and last[0] == key:
            return last[1]
        redacted = _redacted_short_answer(*key)
        self._answer = (key, redacted)
        return redacted


_SHORT_ANSWER = 512


@lru_cache(maxsize=1024)
def _redacted_request(
    url: str, headers: Headers, secrets: tuple[str, ...], names: tuple[str, ...]
) -> tuple[str, Headers]:
    """A call's URL and headers, redacted (a connection repeats them with every export)."""
    return redact_text(url, secrets), redact_headers(headers, secrets, names)


@lru_cache(maxsize=256)
def _redacted_short_answer(
    headers: Headers, body: bytes, secrets: tuple[str, ...]
) -> tuple[Headers, str]:
    text = redact_known(body.decode("utf-8", errors="replace"), secrets)
    return redact_headers(headers, secrets), text


_VERSION_4 = (0x4 << 76) | (0x2 << 62)
_KEEP = ~((0xF << 76) | (0x3 << 62)) & ((1 << 128) - 1)
_COUNTER = (1 << 48) - 1


class TraceIds:
    """The trace ids of one exchanger's calls: UUID4-shaped (version and variant bits set) and
    unique, made cheaply. The first 80 bits (74 of them random) are drawn once from `rng`, the
    last 48 count up from a random start, so a seeded `rng` gives the same ids run after run and
    two exchangers share none unless their draws collide (about 2^-74). Trace ids must be unique,
    not unguessable: one `getrandbits` and five slices per call cost about 2 µs on delivery's hot
    path; this costs a fifth of that."""

    __slots__ = ("_count", "_stem")

    def __init__(self, rng: random.Random) -> None:
        digits = f"{rng.getrandbits(128) & _KEEP | _VERSION_4:032x}"
        self._stem = f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-"
        self._count = itertools.count(int(digits[20:], 16))

    def next(self) -> str:
        return f"{self._stem}{next(self._count) & _COUNTER:012x}"
