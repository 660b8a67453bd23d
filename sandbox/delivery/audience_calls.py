"""Audience metadata calls: one section of an audience template rendered, sent, retried, judged.

    caller = AudienceCaller(deliverer, credentials, destination, policy, engine, override)
    result = await caller.call("create", section, segment)   # never raises for a partner failure

A call fails when the partner answers non-2xx, when a `responseErrorFields` value is present in a
2xx answer (`{{root}}` excepted: it is the whole answer), or when `create` gets no
`externalAudienceId`. Retries follow the destination's policy (aep-destinations.md §5.1). Every
try is recorded as an `HttpCall` with purpose `audience.<operation>` (journal, HAR, the inbox) and
the outcome as `AudienceCallFinished`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

from sandbox.clock import Clock
from sandbox.delivery.audience_answers import AnswerReading, judge
from sandbox.delivery.auth import Authenticator
from sandbox.delivery.call import CallSpec, Sent
from sandbox.delivery.deliverer import Deliverer
from sandbox.delivery.endpoint import EndpointOverride
from sandbox.delivery.policy import RetryPolicy
from sandbox.delivery.tokens import TokenError
from sandbox.destinations.audience_requests import audience_context, render_request
from sandbox.destinations.audience_templates import EXTERNAL_ID, TemplateCall
from sandbox.destinations.credentials import Credentials
from sandbox.destinations.pebble import PebbleEngine
from sandbox.errors import InputError
from sandbox.events import AudienceCallFinished, AudienceOperation, CallPurpose, EventBus

_numbers = itertools.count(1)


@dataclass(frozen=True)
class AudienceCallResult:
    operation: AudienceOperation
    audience_id: str
    ok: bool
    attempts: int
    status: int | None = None
    fields: Mapping[str, str] | None = None
    """The response fields read from a successful answer, by name."""
    reason: str = ""

    @property
    def external_id(self) -> str:
        return (self.fields or {}).get(EXTERNAL_ID, "")


class AudienceCaller:
    """Makes one connection's audience calls, with its credentials, on its retry policy."""

    def __init__(
        self,
        deliverer: Deliverer,
        credentials: Credentials,
        destination: Mapping[str, Any],
        policy: RetryPolicy,
        engine: PebbleEngine,
        override: EndpointOverride | None,
        *,
        clock: Clock,
        bus: EventBus,
        customer_data: Mapping[str, Any],
    ) -> None:
        self.destination_id = str(destination["id"])
        self._destination = dict(destination)
        self._credentials = credentials
        self._auth: Authenticator = deliverer.authenticator(self.destination_id, credentials)
        self._exchanger = deliverer.exchanger
        self._header = (deliverer.settings.auth_header, deliverer.settings.bearer_prefix)
        self._policy = policy
        self._engine = engine
        self._override = override
        self._clock = clock
        self._bus = bus
        self._customer_data = dict(customer_data)

    async def call(
        self, operation: AudienceOperation, section: TemplateCall, segment: Mapping[str, Any]
    ) -> AudienceCallResult:
        """Render `section` for `segment` and send it until it succeeds or is given up."""
        call_id = f"audience-{operation}-{next(_numbers):06d}"
        attempt = 1
        while True:
            result = await self._try(operation, section, segment, call_id, attempt)
            retry = result.retryable and (
                self._policy.retry_transport_failures
                if result.status is None
                else self._policy.retries_status(result.status)
            )
            if result.ok or not retry or attempt > self._policy.max_retries:
                return self._finish(operation, segment, attempt, result)
            await self._clock.sleep(self._policy.delays[attempt - 1])
            attempt += 1

    async def _try(
        self,
        operation: AudienceOperation,
        section: TemplateCall,
        segment: Mapping[str, Any],
        call_id: str,
        attempt: int,
    ) -> AnswerReading:
        try:
            token = await self._token(call_id, attempt)
            sent = await self._send(operation, section, segment, token, call_id, attempt)
            if self._auth.renewable and sent.answer is not None and sent.answer.status == 401:
                # §11.7: a 401 gets a new token, and the call is repeated once with it
                renewed = await self._auth.renew(self._bearer(token), call_id, attempt)
                token = renewed[1].removeprefix(self._header[1]) if renewed else token
                sent = await self._send(operation, section, segment, token, call_id, attempt)
        except TokenError as error:
            return AnswerReading(False, None, {}, error.reason, error.retryable)
        except InputError as error:
            reason = f"the template did not render: {error.report()}"
            return AnswerReading(False, None, {}, reason, False)
        return judge(operation, section, sent)

    async def _send(
        self,
        operation: AudienceOperation,
        section: TemplateCall,
        segment: Mapping[str, Any],
        token: str,
        call_id: str,
        attempt: int,
    ) -> Sent:
        spec = self._spec(operation, section, segment, token, call_id, attempt)
        sent = await self._exchanger.send(spec)
        self._exchanger.record(sent, (*self._auth.secrets(), *([token] if token else [])))
        return sent

    def _bearer(self, token: str) -> tuple[str, str] | None:
        return (self._header[0], self._header[1] + token) if token else None

    async def _token(self, call_id: str, attempt: int) -> str:
        credentials = self._credentials
        if credentials.auth_type == "BEARER":
            return credentials.token
        if credentials.auth_type != "OAUTH2":
            return ""
        header = await self._auth.header(call_id, attempt)
        return header[1].removeprefix(self._header[1]) if header else ""

    def _spec(
        self,
        operation: AudienceOperation,
        section: TemplateCall,
        segment: Mapping[str, Any],
        token: str,
        call_id: str,
        attempt: int,
    ) -> CallSpec:
        context = audience_context(
            segment, self._customer_data, self._credentials.auth_data, token, self._destination
        )
        request = render_request(self._engine, operation, section, context)
        url = request.url if self._override is None else _rebased(request.url, self._override)
        headers, body = request.headers, request.body
        purpose = cast(CallPurpose, f"audience.{operation}")  # operation: a template section
        return CallSpec(
            purpose, self.destination_id, call_id, attempt, section.http_method, url, headers, body
        )

    def _finish(
        self,
        operation: AudienceOperation,
        segment: Mapping[str, Any],
        attempts: int,
        result: AnswerReading,
    ) -> AudienceCallResult:
        reason = result.reason
        if not result.ok and attempts > 1:
            reason += f" (after {attempts - 1} {'retry' if attempts == 2 else 'retries'})"
        outcome = AudienceCallResult(
            operation,
            str(segment.get("id") or ""),
            result.ok,
            attempts,
            result.status,
            result.fields,
            reason,
        )
        self._bus.publish(
            AudienceCallFinished(
                at=self._clock.now(),
                destination_id=self.destination_id,
                destination_name=str(self._destination.get("name") or ""),
                operation=operation,
                audience_id=outcome.audience_id,
                audience_name=str(segment.get("name") or ""),
                ok=outcome.ok,
                attempts=attempts,
                status=result.status,
                external_id=outcome.external_id,
                reason=reason,
            )
        )
        return outcome


def _rebased(url: str, override: EndpointOverride) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return url
    return urlunsplit((override.scheme, override.netloc, parts.path, parts.query, parts.fragment))
