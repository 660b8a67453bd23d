"""Recording an exchange as an `HttpCall`: every credential and known secret hidden, cheaply.

Recording runs once per call on delivery's hot path, so what repeats from call to call is
redacted once: a connection sends the same request headers (content type, credential header)
and the same URL with every export, and a partner answers with a handful of distinct header sets
and short bodies, so their redacted forms are cached by value (the key holds the secrets searched
for, so a new token is a new key). Request bodies differ per call and are redacted each time.
"""

from __future__ import annotations

import random
from functools import lru_cache

from sandbox.delivery.call import Sent
from sandbox.delivery.transport import Headers
from sandbox.events import CallOutcome, HttpCall
from sandbox.redaction import redact_headers, redact_known, redact_text, usable_secrets


def recorded_call(
    sent: Sent, secrets: tuple[str, ...], auth_headers: tuple[str, ...], rng: random.Random
) -> HttpCall:
    """The `HttpCall` for an exchange, with credentials and secret values redacted."""
    spec, answer, failure = sent.spec, sent.answer, sent.failure
    secrets = usable_secrets(secrets)
    outcome: CallOutcome
    if failure is not None:
        outcome, error = failure.outcome, failure.message
    else:
        outcome, error = ("ok", "") if answer is not None and answer.ok else ("http_error", "")
    return HttpCall(  # positional (the field order), as keywords cost ~1.5 µs a call here
        trace_id(rng),
        spec.export_id,
        spec.destination_id,
        spec.attempt,
        spec.purpose,
        spec.method,
        _redacted_url(spec.url, secrets),
        _redacted_headers(spec.headers, secrets, auth_headers),
        redact_known(spec.body, secrets, fields=spec.purpose != "activation"),
        answer.status if answer else None,
        _redacted_headers(answer.headers, secrets, ()) if answer else (),
        _redacted_answer(answer.body, secrets) if answer else "",
        sent.started_at,
        sent.duration_ms,
        outcome,
        error,
    )


def _redacted_answer(body: bytes, secrets: tuple[str, ...]) -> str:
    """A partner's answer as text, redacted; short answers repeat (`{"status":"accepted"}`),
    so their redacted forms are cached by value."""
    if len(body) > _SHORT_ANSWER:
        return redact_known(body.decode("utf-8", errors="replace"), secrets)
    return _redacted_short_answer(body, secrets)


_SHORT_ANSWER = 512


@lru_cache(maxsize=256)
def _redacted_short_answer(body: bytes, secrets: tuple[str, ...]) -> str:
    return redact_known(body.decode("utf-8", errors="replace"), secrets)


@lru_cache(maxsize=1024)
def _redacted_url(url: str, secrets: tuple[str, ...]) -> str:
    return redact_text(url, secrets)


@lru_cache(maxsize=1024)
def _redacted_headers(
    headers: Headers, secrets: tuple[str, ...], names: tuple[str, ...]
) -> Headers:
    return redact_headers(headers, secrets, names)


_VERSION_4 = (0x4 << 76) | (0x2 << 62)
_KEEP = ~((0xF << 76) | (0x3 << 62)) & ((1 << 128) - 1)


def trace_id(rng: random.Random) -> str:
    """A random UUID4 (version and variant bits set), made without `uuid`'s validation and
    system-entropy cost: trace ids must be unique, not unguessable."""
    digits = f"{rng.getrandbits(128) & _KEEP | _VERSION_4:032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"
