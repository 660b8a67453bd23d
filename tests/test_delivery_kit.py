"""Shared pieces for the delivery tests (no tests here): a scripted partner, requests, servers."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx
from pytest_httpserver import HTTPServer

from sandbox.clock import Clock
from sandbox.destinations.request import OutgoingRequest

Answer = int | httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]

PARTNER = "http://partner.test"
BODY = json.dumps({"profiles": [{"identities": {"email": ["ann@example.com"]}}]})


def outgoing(
    url: str = f"{PARTNER}/ingest",
    export_id: str = "export-1",
    destination_id: str = "moviestar",
    body: str = BODY,
    headers: tuple[tuple[str, str], ...] = (),
) -> OutgoingRequest:
    return OutgoingRequest(
        destination_id=destination_id,
        export_id=export_id,
        method="POST",
        url=url,
        body=body,
        headers=headers,
        profile_ids=("p1",),
    )


@dataclass
class Seen:
    at: float
    request: httpx.Request

    @property
    def form(self) -> dict[str, str]:
        return dict(httpx.QueryParams(self.request.content.decode()))


@dataclass
class ScriptedPartner:
    """A partner behind `httpx.MockTransport`: each path answers from its script in turn (the last
    answer repeats) and every request is kept with the simulation time it arrived at."""

    clock: Clock
    scripts: dict[str, list[Answer]] = field(default_factory=dict)
    received: list[Seen] = field(default_factory=list)

    def on(self, path: str, *answers: Answer) -> ScriptedPartner:
        self.scripts[path] = list(answers)
        return self

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self._handle))

    def at(self, path: str) -> list[Seen]:
        return [seen for seen in self.received if seen.request.url.path == path]

    def _handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.received.append(Seen(self.clock.now(), request))
        script = self.scripts.get(request.url.path, [404])
        answer = script.pop(0) if len(script) > 1 else script[0]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, int):
            return httpx.Response(answer, json={"status": answer})
        if isinstance(answer, httpx.Response):
            return answer
        return answer(request)


def token_answer(token: str, expires_in: int | None = 86400, refresh: str = "") -> httpx.Response:
    body: dict[str, object] = {"access_token": token, "token_type": "Bearer"}
    if expires_in is not None:
        body["expires_in"] = expires_in
    if refresh:
        body["refresh_token"] = refresh
    return httpx.Response(200, json=body)


@contextmanager
def loopback_server() -> Iterator[HTTPServer]:
    """A pytest-httpserver partner on 127.0.0.1 (a real server in a thread)."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        server.stop()
