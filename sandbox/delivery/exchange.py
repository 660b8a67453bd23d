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

import httpx

from sandbox.clock import Clock
from sandbox.delivery.call import CallSpec, Sent
from sandbox.delivery.deadlines import Deadline, Deadlines
from sandbox.delivery.failures import TRANSPORT_ERRORS, Failure, classify, unsendable
from sandbox.delivery.gate import Gate
from sandbox.delivery.policy import DeliverySettings
from sandbox.delivery.recording import CallRecorder
from sandbox.delivery.transport import Answer, DeliveryClient
from sandbox.events import EventBus, HttpCall, HttpCallRecorded


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
        self._lane = client.lane if isinstance(client, DeliveryClient) else None
        self._clock = clock
        self._bus = bus
        self._settings = settings
        self._gate = Gate(settings.max_in_flight)
        self._deadlines = Deadlines(settings.timeout)  # one timer for every call in flight
        self._busy = clock.busy()
        self._recorder = CallRecorder((settings.auth_header,), rng or random.Random())

    async def send(self, spec: CallSpec) -> Sent:
        """Send one request; never raises (a transport failure or a request that cannot be sent is
        in `Sent.failure`)."""
        if not self._gate.try_enter():
            await self._gate.enter()
        started_at = self._clock.now()
        began = time.perf_counter()
        answer: Answer | None = None
        failure: Failure | None = None
        deadline: Deadline | None = None
        try:
            deadline = self._deadlines.start()
            with self._busy:
                if self._lane is not None:  # the fast lane (see transport.py)
                    body = spec.body.encode()
                    answer = await self._lane.exchange(spec.method, spec.url, spec.headers, body)
                else:
                    answer = await self._transmit(spec)
        except asyncio.CancelledError:
            if deadline is None or not deadline.expired_here():
                raise
            failure = classify(TimeoutError(), self._settings.timeout)
        except httpx.LocalProtocolError as error:  # httpx refusing what it was asked to send
            failure = unsendable(error, spec.headers)
        except TRANSPORT_ERRORS as error:
            failure = classify(error, self._settings.timeout)
        except Exception as error:  # a request the client refuses: a dropped export, not a crash
            failure = unsendable(error, spec.headers)
        finally:
            if deadline is not None:
                self._deadlines.end(deadline)
            self._gate.leave()
        duration_ms = (time.perf_counter() - began) * 1000.0
        return Sent(spec, answer, failure, started_at, duration_ms)

    async def _transmit(self, spec: CallSpec) -> Answer:
        body = spec.body.encode()
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
        secrets = secrets if isinstance(secrets, tuple) else tuple(secrets)
        call = self._recorder.record(sent, secrets)
        self._bus.publish(HttpCallRecorded(self._clock.now(), call))
        return call
