"""The Edge emulator as a lean ASGI app (raw ASGI: this is the hot path the bench measures).

Routes (aep-destinations.md §7.3, §12):
  POST /{basePath}/v1/interact|collect?configId=…&requestId=…          Web SDK
  POST /{basePath}/{locationHint}/v1/interact|collect?configId=…        after the cluster cookie
  POST /ee/v2/interact|collect?dataStreamId=…  (also /v2/…, as one AEP example has it)  Server API
  OPTIONS on any of them                                                  CORS preflight
  /, /favicon.ico, /demo/…                                                the demo site, if given
Every answer carries the credentialed-CORS headers; every failure is `application/problem+json`.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qsl

import orjson

from sandbox.edge.backend import EdgeBackend, JsonDict
from sandbox.edge.cors import Headers, cors_headers, preflight_headers
from sandbox.edge.interactions import Caller, EdgeNetwork, EdgeOptions, Outcome
from sandbox.edge.payloads import MAX_BODY_BYTES, parse_server, parse_web
from sandbox.edge.problems import EdgeProblem, internal_error, method_not_allowed, not_found
from sandbox.events import EdgeRequestHandled, failure

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

JSON = b"application/json;charset=utf-8"
PROBLEM_JSON = b"application/problem+json;charset=utf-8"
DEMO_PATHS = ("/", "/favicon.ico")


@dataclass(frozen=True)
class Route:
    api: Literal["web", "server"]
    operation: Literal["interact", "collect"]


class EdgeApp:
    """`EdgeApp(backend, options, demo=None)`: an ASGI app; serve it with `sandbox.edge.server`."""

    def __init__(
        self, backend: EdgeBackend, options: EdgeOptions | None = None, demo: ASGIApp | None = None
    ) -> None:
        self.network = EdgeNetwork(backend, options)
        self.backend = backend
        seed = self.network.options.seed
        self._request_ids = random.Random(None if seed is None else seed + 1)
        """Request ids for calls that send none: seeded with the ECIDs, so runs repeat."""
        self.demo = demo

    @property
    def options(self) -> EdgeOptions:
        return self.network.options

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        if self.demo is not None and (path in DEMO_PATHS or path.startswith("/demo")):
            await self.demo(scope, receive, send)
            return
        headers = dict(scope["headers"])
        route = self.route(path)
        if scope["method"] == "OPTIONS" and route is not None:
            requested = headers.get(b"access-control-request-headers")
            await _send(send, 204, preflight_headers(headers.get(b"origin"), requested), b"")
            return
        await self._exchange(route, scope, receive, send, headers)

    def route(self, path: str) -> Route | None:
        parts = path.strip("/").split("/")
        web = len(parts) in (3, 4) and parts[0] == self.options.base_path and parts[-2] == "v1"
        if web and parts[-1] in ("interact", "collect") and (len(parts) == 3 or parts[1].isalnum()):
            return Route("web", "interact" if parts[-1] == "interact" else "collect")
        if parts[-2:] in (["v2", "interact"], ["v2", "collect"]) and parts[:-2] in (["ee"], []):
            return Route("server", "interact" if parts[-1] == "interact" else "collect")
        return None

    async def _exchange(
        self,
        route: Route | None,
        scope: Scope,
        receive: Receive,
        send: Send,
        headers: dict[bytes, bytes],
    ) -> None:
        started = time.perf_counter()
        body = await _read_body(receive)
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        caller = _caller(query, headers, self._request_ids)
        outcome, status, payload, extra = self._settle(route, scope, caller, body)
        content = b"" if payload is None else orjson.dumps(payload)
        response_headers = [*cors_headers(headers.get(b"origin")), *extra]
        if content:
            response_headers.append((b"content-type", JSON if outcome else PROBLEM_JSON))
        await _send(send, status, response_headers, content)
        self._publish(scope["path"], caller, outcome, status, body, content, started)
        if outcome is not None:
            await self._ingest(outcome)

    def _settle(
        self, route: Route | None, scope: Scope, caller: Caller, body: bytes
    ) -> tuple[Outcome | None, int, JsonDict | None, Headers]:
        """The outcome (None for a failure), status, body and extra headers of one call."""
        try:
            outcome = self._answer(route, scope, caller, body)
        except EdgeProblem as problem:
            return None, *self._failure(problem, caller)
        except Exception as error:  # a bug: answered 500, and told (logged, published)
            self.backend.publish(failure(self.backend.now(), "task", "edge request", error))
            return None, *self._failure(internal_error(error), caller)
        edge = f"{self.options.location_hint};{self.options.region_id}".encode()
        return outcome, outcome.status, outcome.body, [(b"x-adobe-edge", edge)]

    @staticmethod
    def _failure(problem: EdgeProblem, caller: Caller) -> tuple[int, JsonDict, Headers]:
        body = problem.body(caller.request_id, caller.datastream_id)
        extra = [(k.lower().encode(), v.encode()) for k, v in problem.headers.items()]
        return problem.status, body, extra

    def _answer(self, route: Route | None, scope: Scope, caller: Caller, body: bytes) -> Outcome:
        method, path = scope["method"], scope["path"]
        if route is None:
            allowed = (
                f"POST /{self.options.base_path}[/<hint>]/v1/interact|collect, "
                "POST /ee/v2/interact|collect, /demo/"
            )
            raise not_found(method, path, allowed)
        if method != "POST":
            raise method_not_allowed(method, path)
        if route.api == "web":
            return self.network.web(caller, parse_web(body), route.operation == "collect")
        outcome = self.network.server(caller, parse_server(body))
        return outcome if route.operation == "interact" else _no_content(outcome)

    def _publish(
        self,
        path: str,
        caller: Caller,
        outcome: Outcome | None,
        status: int,
        body: bytes,
        content: bytes,
        started: float,
    ) -> None:
        event = EdgeRequestHandled(
            at=self.backend.now(),
            path=path,
            datastream_id=caller.datastream_id,
            profile_id=outcome.profile_id if outcome else None,
            status=status,
            request_body=body.decode("utf-8", "replace"),
            response_body=content.decode("utf-8", "replace"),
            duration_ms=(time.perf_counter() - started) * 1000,
        )
        self.backend.publish(event)

    async def _ingest(self, outcome: Outcome) -> None:
        for xdm in outcome.ingest:
            try:
                await self.backend.apply_event(outcome.profile_id, xdm)
            except Exception as error:  # the answer is out: the failure is told, not answered
                where = "ingesting an edge event"
                self.backend.publish(failure(self.backend.now(), "task", where, error))


def _caller(query: dict[str, str], headers: dict[bytes, bytes], ids: random.Random) -> Caller:
    def header(name: bytes) -> str | None:
        value = headers.get(name)
        return value.decode("latin-1") if value is not None else None

    return Caller(
        request_id=query.get("requestId") or str(uuid.UUID(int=ids.getrandbits(128), version=4)),
        datastream_id=query.get("configId") or query.get("dataStreamId") or "",
        cookie_header=header(b"cookie") or "",
        authorization=header(b"authorization"),
        api_key=header(b"x-api-key"),
        ims_org=header(b"x-gw-ims-org-id"),
    )


def _no_content(outcome: Outcome) -> Outcome:
    return Outcome(204, None, outcome.datastream, outcome.profile_id, outcome.ingest)


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        if size <= MAX_BODY_BYTES:
            chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _send(send: Send, status: int, headers: Headers, content: bytes) -> None:
    if status != 204:  # a 204 carries no framing headers (RFC 9110 §8.6)
        headers = [*headers, (b"content-length", str(len(content)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
