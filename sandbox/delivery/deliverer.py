"""Delivering exports to partners: credentials, the retry policy on the simulation clock, outcomes.

`Deliverer.deliver` sends one `OutgoingRequest` and ends in exactly one outcome, announced on the
bus and returned: `ExportDelivered` (with the number of tries) or `ExportDropped` (with the
reason), each retry announced before it waits as `ExportRetryScheduled`. Retry waits are
`clock.sleep`s, so on the virtual clock a 30-minute retry costs no wall time. A try that gets a
401 with OAuth2 credentials obtains a new token and repeats the call once, within the same try.
"""

from __future__ import annotations

import http
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache

import httpx

from sandbox.clock import Clock
from sandbox.delivery.auth import Authenticator, Header
from sandbox.delivery.call import CallSpec, Sent
from sandbox.delivery.exchange import Exchanger
from sandbox.delivery.oauth import OAuthSession
from sandbox.delivery.oauth_templates import TemplateRenderer
from sandbox.delivery.outcome import ExportOutcome
from sandbox.delivery.policy import DeliverySettings, RetryPolicy
from sandbox.delivery.tokens import TokenError
from sandbox.delivery.transport import Headers
from sandbox.destinations.credentials import Credentials
from sandbox.destinations.request import OutgoingRequest
from sandbox.errors import Problem
from sandbox.events import (
    EventBus,
    ExportDelivered,
    ExportDropped,
    ExportRetryScheduled,
    HttpCall,
)
from sandbox.frozen import quick_init


@quick_init
@dataclass(frozen=True)
class _Try:
    """What one try came to."""

    delivered: bool
    status: int | None = None
    reason: str = ""
    retryable: bool = False


class Deliverer:
    """The only code that sends activation calls; hand it the client built at the edge.

    Args:
        client: any `httpx.AsyncClient`; `make_client()` builds the fast one.
        clock: the simulation clock (retries wait on it; HTTP runs inside `clock.busy()`).
        bus: where `HttpCallRecorded`, `TokenRefreshed` and the export events are published.
        settings: timeout, in-flight bound, auth header; the retry policy comes with each export.
        renderer: renders `accessTokenRequest` templates (the Pebble engine by default).
        pace: awaited before every activation call (a global rate, e.g. `sandbox load`'s
            token bucket); token calls are not paced.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        clock: Clock,
        bus: EventBus,
        settings: DeliverySettings | None = None,
        renderer: TemplateRenderer | None = None,
        rng: random.Random | None = None,
        pace: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """`rng` makes the recorded calls' trace ids (the simulation hands one seeded from its seed)."""
        self.settings = settings or DeliverySettings()
        self.warnings: list[Problem] = []
        """Warnings met while delivering (e.g. a token living under an hour), once each."""
        self._clock = clock
        self._bus = bus
        self._exchanger = Exchanger(client, clock, bus, self.settings, rng)
        self._renderer = renderer
        self._authenticators: dict[str, Authenticator] = {}
        self._pace = pace

    async def deliver(
        self, request: OutgoingRequest, credentials: Credentials, policy: RetryPolicy
    ) -> ExportOutcome:
        """Send `request` until it is delivered or dropped under `policy`; whatever fails inside
        delivery ends as a dropped export naming the failure, never as an exception."""
        calls: list[HttpCall] = []
        try:  # one coroutine for the retry loop: every await below it passes through each frame
            auth = self._authenticator(request.destination_id, credentials)
            attempt = 1
            while True:
                result = await self._try(request, auth, attempt, calls)
                if result.delivered:
                    return self._delivered(request, attempt, result, calls)
                if not (_retried(result, policy) and attempt <= policy.max_retries):
                    return self._dropped(request, attempt, result, policy, calls)
                await self._retry_later(request, attempt, result, policy.delays[attempt - 1])
                attempt += 1
        except Exception as error:
            failed = _Try(False, reason=f"delivery failed inside the sandbox: {_describe(error)}")
            attempt = max((call.attempt for call in calls), default=1)
            return self._dropped(request, attempt, failed, policy, calls)

    async def _retry_later(
        self, request: OutgoingRequest, attempt: int, result: _Try, delay: float
    ) -> None:
        now = self._clock.now()
        self._bus.publish(
            ExportRetryScheduled(
                at=now,
                destination_id=request.destination_id,
                export_id=request.export_id,
                attempt=attempt,
                retry_at=now + delay,
                reason=result.reason,
            )
        )
        await self._clock.sleep(delay)

    async def _try(
        self, request: OutgoingRequest, auth: Authenticator, attempt: int, calls: list[HttpCall]
    ) -> _Try:
        """One try: the call, and once more with a new token if an OAuth2 token got a 401."""
        note = ""
        try:
            header = auth.held_header()
            if header is False:
                header = await auth.header(request.export_id, attempt)
            assert header is not True
            while True:
                if self._pace is not None:
                    await self._pace()
                sent = await self._exchanger.send(_spec(request, header, attempt))
                calls.append(self._exchanger.record(sent, auth.secrets()))
                answer = sent.answer  # a 401 to an OAuth2 token is answered with a new token, once
                if note or answer is None or answer.status != 401 or not auth.renewable:
                    break
                header = await auth.renew(header, request.export_id, attempt)
                note = " with a freshly obtained token"
        except TokenError as error:
            return _Try(False, reason=error.reason, retryable=error.retryable)
        except Exception as error:
            return _Try(False, reason=f"the request could not be made: {_describe(error)}")
        return self._judge(sent, note)

    def _judge(self, sent: Sent, note: str = "") -> _Try:
        if sent.failure is not None:
            return _Try(False, reason=sent.failure.message, retryable=sent.failure.retryable)
        assert sent.answer is not None
        status = sent.answer.status
        if 200 <= status < 300:  # `Answer.ok`, inlined: every call is judged
            return _delivered_with(status)
        reason = f"the partner answered {_status_text(status)}{note}"
        return _Try(False, status=status, reason=reason, retryable=True)

    def _delivered(
        self, request: OutgoingRequest, attempts: int, result: _Try, calls: list[HttpCall]
    ) -> ExportOutcome:
        now = self._clock.now()
        destination_id, export_id = request.destination_id, request.export_id
        self._bus.publish(ExportDelivered(now, destination_id, export_id, attempts))
        return ExportOutcome(
            destination_id,
            export_id,
            True,
            attempts,
            now,
            "",  # reason
            result.status,
            tuple(calls),
            request.profile_ids,
        )

    def _dropped(
        self,
        request: OutgoingRequest,
        attempts: int,
        result: _Try,
        policy: RetryPolicy,
        calls: list[HttpCall],
    ) -> ExportOutcome:
        now = self._clock.now()
        reason = f"{result.reason}; {_why_final(result, attempts, policy)}"
        self._bus.publish(
            ExportDropped(
                at=now,
                destination_id=request.destination_id,
                export_id=request.export_id,
                attempts=attempts,
                reason=reason,
            )
        )
        return ExportOutcome(
            request.destination_id,
            request.export_id,
            False,
            attempts,
            now,
            reason=reason,
            status=result.status,
            calls=tuple(calls),
            profile_ids=request.profile_ids,
        )

    @property
    def exchanger(self) -> Exchanger:
        """The exchanger every call goes through (audience calls share its in-flight bound)."""
        return self._exchanger

    def authenticator(self, destination_id: str, credentials: Credentials) -> Authenticator:
        """The connection's authenticator (shared with its activation calls: one OAuth2 token)."""
        return self._authenticator(destination_id, credentials)

    def _authenticator(self, destination_id: str, credentials: Credentials) -> Authenticator:
        known = self._authenticators.get(destination_id)
        if known is not None and (
            known.credentials is credentials or known.credentials == credentials
        ):
            return known
        oauth = None
        if credentials.auth_type == "OAUTH2":
            oauth = OAuthSession(
                destination_id,
                credentials,
                self._exchanger,
                self._clock,
                self._bus,
                self._template_renderer,
                self._warn,
            )
        auth = self._authenticators[destination_id] = Authenticator(
            self.settings, credentials, oauth
        )
        return auth

    def _template_renderer(self) -> TemplateRenderer:
        if self._renderer is None:
            from sandbox.delivery.token_pebble import PebbleRenderer  # the engine, only when needed

            self._renderer = PebbleRenderer()
        return self._renderer

    def _warn(self, problem: Problem) -> None:
        if problem not in self.warnings:
            self.warnings.append(problem)


def _spec(request: OutgoingRequest, header: Header | None, attempt: int) -> CallSpec:
    """The activation call of a try: the request with its content type and credential header."""
    headers = _call_headers(request.content_type, request.headers, header)
    return CallSpec(
        "activation",
        request.destination_id,
        request.export_id,
        attempt,
        request.method,
        request.url,
        headers,
        request.body,
    )


@lru_cache(maxsize=256)
def _call_headers(content_type: str, headers: Headers, header: Header | None) -> Headers:
    """The headers of an activation call: a connection sends the same ones with every export, so
    they are built once (and, being the same tuple, found at once in recording's caches)."""
    built = (("Content-Type", content_type), *headers)
    return built if header is None else (*built, header)


@lru_cache(maxsize=64)
def _delivered_with(status: int) -> _Try:
    """A delivered try (the same few statuses on every call, so each is made once)."""
    return _Try(True, status=status)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _status_text(status: int) -> str:
    try:
        return f"{status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _retried(result: _Try, policy: RetryPolicy) -> bool:
    """Whether the policy retries a failed try (before counting the retries left)."""
    if not result.retryable:
        return False
    if result.status is None:
        return policy.retry_transport_failures
    return policy.retries_status(result.status)


def _why_final(result: _Try, attempts: int, policy: RetryPolicy) -> str:
    if result.status is None and not result.retryable:
        return "not retried (it cannot succeed later)"
    if result.status is None and not policy.retry_transport_failures:
        return f"failures without an answer are not retried under the {policy.name} policy"
    if result.status is not None and not policy.retries_status(result.status):
        return f"{result.status} is not retried under the {policy.name} policy"
    retries = attempts - 1
    return f"dropped after {retries} {'retry' if retries == 1 else 'retries'} ({policy.name})"
