"""One HTTP exchange with a partner: bounded, timed, held on the clock, recorded without secrets.

Every call delivery makes, activation or token, goes through `Exchanger.send` and then
`Exchanger.record`; recording is a separate step so that a token call can be recorded after the
new token is known (and so redacted).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass

import httpx

from sandbox.clock import Clock
from sandbox.delivery.failures import TRANSPORT_ERRORS, Failure, classify, unsendable
from sandbox.delivery.policy import DeliverySettings
from sandbox.delivery.transport import Answer, DeliveryClient, Headers
from sandbox.events import CallOutcome, CallPurpose, EventBus, HttpCall, HttpCallRecorded
from sandbox.redaction import redact_headers, redact_text, usable_secrets


@dataclass(frozen=True)
class CallSpec:
    """A fully built request, credentials included, and what it is for."""

    purpose: CallPurpose
    destination_id: str
    export_id: str
    attempt: int
    method: str
    url: str
    headers: Headers
    body: str


@dataclass(frozen=True)
class Sent:
    """What came of sending a `CallSpec`: an answer or a failure, with its timing."""

    spec: CallSpec
    answer: Answer | None
    failure: Failure | None
    started_at: float
    duration_ms: float


class Exchanger:
    """Sends requests through the injected client, at most `max_in_flight` at a time."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        clock: Clock,
        bus: EventBus,
        settings: DeliverySettings,
        rng: random.Random | None = None,
    ) -> None:
        self._client = client
        self._rng = rng or random.Random()
        self._lane = client.lane if isinstance(client, DeliveryClient) else None
        self._clock = clock
        self._bus = bus
        self._settings = settings
        self._slots = asyncio.Semaphore(settings.max_in_flight)

    async def send(self, spec: CallSpec) -> Sent:
        """Send one request; never raises (a transport failure or a request that cannot be sent is
        in `Sent.failure`)."""
        async with self._slots:
            started_at = self._clock.now()
            began = time.perf_counter()
            answer: Answer | None = None
            failure: Failure | None = None
            try:
                async with self._clock.busy(), asyncio.timeout(self._settings.timeout):
                    answer = await self._transmit(spec)
            except httpx.LocalProtocolError as error:  # httpx refusing what it was asked to send
                failure = unsendable(error, spec.headers)
            except TRANSPORT_ERRORS as error:
                failure = classify(error, self._settings.timeout)
            except (
                Exception
            ) as error:  # a request the client refuses: a dropped export, not a crash
                failure = unsendable(error, spec.headers)
            duration_ms = (time.perf_counter() - began) * 1000.0
        return Sent(spec, answer, failure, started_at, duration_ms)

    async def _transmit(self, spec: CallSpec) -> Answer:
        body = spec.body.encode()
        if self._lane is not None:  # the fast lane (see transport.py)
            return await self._lane.exchange(spec.method, spec.url, spec.headers, body)
        response = await self._client.request(
            spec.method, spec.url, headers=list(spec.headers), content=body
        )
        return Answer.of(response)

    @property
    def client(self) -> httpx.AsyncClient:
        """The injected client (other calls to the partner, e.g. its dynamic servers, share it)."""
        return self._client

    def record(self, sent: Sent, secrets: Iterable[str]) -> HttpCall:
        """Publish the exchange as an `HttpCallRecorded`, every secret hidden; return the record."""
        call = recorded_call(sent, tuple(secrets), (self._settings.auth_header,), self._rng)
        self._bus.publish(HttpCallRecorded(at=self._clock.now(), call=call))
        return call


def recorded_call(
    sent: Sent, secrets: tuple[str, ...], auth_headers: Iterable[str], rng: random.Random
) -> HttpCall:
    """The `HttpCall` for an exchange, with credentials and secret values redacted."""
    spec, answer, failure = sent.spec, sent.answer, sent.failure
    secrets = usable_secrets(secrets)
    outcome: CallOutcome
    if failure is not None:
        outcome, error = failure.outcome, failure.message
    else:
        outcome, error = ("ok", "") if answer is not None and answer.ok else ("http_error", "")
    return HttpCall(
        trace_id=trace_id(rng),
        export_id=spec.export_id,
        destination_id=spec.destination_id,
        attempt=spec.attempt,
        purpose=spec.purpose,
        method=spec.method,
        url=redact_text(spec.url, secrets),
        request_headers=redact_headers(spec.headers, secrets, auth_headers),
        request_body=redact_text(spec.body, secrets, fields=spec.purpose != "activation"),
        status=answer.status if answer else None,
        response_headers=redact_headers(answer.headers, secrets) if answer else (),
        response_body=redact_text(answer.text, secrets) if answer else "",
        started_at=sent.started_at,
        duration_ms=sent.duration_ms,
        outcome=outcome,
        error=error,
    )


_VERSION_4 = (0x4 << 76) | (0x2 << 62)
_KEEP = ~((0xF << 76) | (0x3 << 62)) & ((1 << 128) - 1)


def trace_id(rng: random.Random) -> str:
    """A random UUID4 (version and variant bits set), made without `uuid`'s validation and
    system-entropy cost: trace ids must be unique, not unguessable."""
    digits = f"{rng.getrandbits(128) & _KEEP | _VERSION_4:032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"
