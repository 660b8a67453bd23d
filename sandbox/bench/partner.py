"""Stage partner.ingest: requests/s the mock partner records, against a bare uvicorn endpoint.

Both servers run as child processes with one worker and the same uvicorn options (httptools,
the best loop available, no access log, lifespan off), and are loaded in turn by the same
aiohttp client with bounded concurrency in this process, so the ratio compares the servers.
`python -m sandbox.bench.partner` serves the anchor: a raw ASGI app answering fixed JSON.
"""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import sys
import time
from typing import Any

import aiohttp
import psutil
import uvicorn
from starlette.types import Receive, Scope, Send

from sandbox.bench.stage import StageResult, higher_is_better
from sandbox.partner.process import ListeningProcess, PartnerProcess

STAGES = ("partner.ingest",)
TARGET = 0.5
CONCURRENCY = 32
UVICORN_OPTIONS: dict[str, Any] = {
    "http": "httptools",
    "loop": "auto",
    "lifespan": "off",
    "access_log": False,
    "log_level": "warning",
    "timeout_graceful_shutdown": 2,
    "workers": 1,
}
"""The options mock_partner serves with (its protocol is httptools plus one scope entry)."""
PAYLOAD = (
    b'{"profiles":[{"identities":[{"type":"email_lc_sha256","id":"'
    + b"a" * 64
    + b'"}],"segmentMembership":{"ups":{"5b998cb9":{"status":"realized",'
    b'"lastQualificationTime":"2026-01-01T00:00:00Z"}}},"attributes":{"firstName":"Ada",'
    b'"country":"FR"}}],"audience":"5b998cb9-9c15-4cd2-9d44-5d6cbf0d8a50"}'
)


async def anchor_app(scope: Scope, receive: Receive, send: Send) -> None:
    """The anchor: read the whole body, answer a fixed JSON body."""
    more = True
    while more:
        more = (await receive()).get("more_body", False)
    headers = [(b"content-type", b"application/json"), (b"content-length", b"11")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b'{"ok":true}'})


def serve_anchor() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(2048)
    config = uvicorn.Config(anchor_app, **UVICORN_OPTIONS)
    server = uvicorn.Server(config)
    print(f"anchor listening on http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    server.run(sockets=[sock])


def measure(quick: bool) -> list[StageResult]:
    rounds, seconds = (2, 1.5) if quick else (3, 4.0)
    anchor_argv = [sys.executable, "-m", "sandbox.bench.partner"]
    with ListeningProcess(anchor_argv, name="bench anchor") as anchor, PartnerProcess() as partner:
        anchor_rates, partner_rates, total = [], [], 0
        for _ in range(rounds):
            rate, sent = asyncio.run(load(anchor.url, seconds))
            anchor_rates.append(rate)
            rate, sent = asyncio.run(load(partner.url, seconds))
            partner_rates.append(rate)
            total += sent
        rss = _rss_mib(partner)
    result = higher_is_better(
        "partner.ingest",
        "requests/s",
        max(partner_rates),
        "bare uvicorn ASGI endpoint",
        max(anchor_rates),
        TARGET,
    )
    note = f"best of {rounds}; partner RSS {rss:.0f} MiB after recording {total:,} requests"
    return [dataclasses.replace(result, note=note)]


async def load(url: str, seconds: float) -> tuple[float, int]:
    """(requests/s, requests) of POSTs to `url` over `seconds`, CONCURRENCY at a time."""
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector) as session:
        target = f"{url}/v1/audiences/members"
        await _worker(session, target, time.perf_counter() + 0.2)
        started = time.perf_counter()
        deadline = started + seconds
        counts = await asyncio.gather(
            *(_worker(session, target, deadline) for _ in range(CONCURRENCY))
        )
        elapsed = time.perf_counter() - started
    return sum(counts) / elapsed, sum(counts)


async def _worker(session: aiohttp.ClientSession, url: str, deadline: float) -> int:
    done = 0
    headers = {"content-type": "application/json"}
    while time.perf_counter() < deadline:
        async with session.post(url, data=PAYLOAD, headers=headers) as response:
            await response.read()
            if response.status != 200:
                raise RuntimeError(f"bench: {url} answered {response.status}")
        done += 1
    return done


def _rss_mib(process: ListeningProcess) -> float:
    pid = process.pid
    return 0.0 if pid is None else psutil.Process(pid).memory_info().rss / 2**20


if __name__ == "__main__":
    serve_anchor()
