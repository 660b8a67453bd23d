"""Stage `delivery.loopback`: the sandbox's delivery beside raw aiohttp, same endpoint, same run.

The endpoint is a minimal uvicorn app (raw ASGI, httptools, uvloop, one worker) in a subprocess,
so the load generator and the server do not share a core. The sandbox side is the real thing:
OAuth2 client-credentials auth (one token call, then `Bearer`), the best-effort retry policy,
every call recorded as a redacted `HttpCall` and published with the export events to a
subscriber that holds the latest 10,000 (as the console's views do: a journal writes them
through, and nothing in the product holds a run's every event in memory), at most `IN_FLIGHT`
requests in flight. The anchor sends the same body to the same endpoint with the same number in
flight, through a bare `aiohttp.ClientSession`.

The client is CPU-bound (one core; the endpoint has the other), and on a shared machine the
speed of that core drifts by a third over seconds. So the two sides run in many short rounds,
interleaved, each pair in alternating order, and each side's value is the median of its rounds:
a slow spell lands on both sides alike instead of deciding a best-of. The note adds the client's
CPU time per request (`process_time` around each round: the endpoint is another process), the
medians each; raw CPU over sandbox CPU is the ratio the rates converge to.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import statistics
import subprocess
import sys
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import aiohttp
import httpx

from sandbox.bench.stage import StageResult, higher_is_better
from sandbox.clock import RealClock
from sandbox.delivery import BEST_EFFORT_RETRIES, Deliverer, DeliverySettings, make_client
from sandbox.destinations.credentials import Credentials
from sandbox.destinations.request import OutgoingRequest
from sandbox.errors import SimulationError
from sandbox.events import Event, EventBus
from sandbox.heap import long_lived_frozen

STAGES = ("delivery.loopback",)
IN_FLIGHT = 32
KEPT_EVENTS = 10000
TOKEN = "dPKHEYkEmBd_vcTC5bO5nbYEddo4M7E8i2m-94Z9"  # random, as issued tokens are

SERVER = """
import sys, uvicorn
TOKEN = b'{"access_token":"%s","token_type":"Bearer","expires_in":86400}' % sys.argv[2].encode()
ACCEPTED = b'{"status":"accepted"}'
async def app(scope, receive, send):
    more = True
    while more:
        more = (await receive()).get("more_body", False)
    body = TOKEN if scope["path"] == "/oauth/token" else ACCEPTED
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), workers=1, http="httptools",
            loop="uvloop", lifespan="off", log_level="warning", access_log=False)
"""


@dataclass(frozen=True)
class Side:
    """One side of the comparison: its wall rate and client CPU a request, round by round."""

    rates: tuple[float, ...] = ()
    cpu_us: tuple[float, ...] = ()

    def add(self, rate: float, cpu_us: float) -> Side:
        return Side((*self.rates, rate), (*self.cpu_us, cpu_us))

    @property
    def rate(self) -> float:
        return statistics.median(self.rates)

    @property
    def median_cpu_us(self) -> float:
        return statistics.median(self.cpu_us)


def measure(quick: bool) -> list[StageResult]:
    count, rounds = (500, 8) if quick else (1_000, 24)
    with endpoint() as base_url, long_lived_frozen():  # as `sandbox load` delivers
        sandbox, raw, lost = asyncio.run(_compare(base_url, count, rounds))
    result = higher_is_better(
        "delivery.loopback",
        "req/s",
        sandbox.rate,
        f"raw aiohttp, same endpoint, {IN_FLIGHT} in flight",
        raw.rate,
        target=0.8,
    )
    note = (
        f"{count} exports of {len(_body())} B a round, medians of {rounds} rounds a side, "
        "interleaved; OAuth2, recording, "
        f"best-effort retries on a real clock ({lost} dropped); client CPU a request "
        f"{sandbox.median_cpu_us:.0f} µs vs raw {raw.median_cpu_us:.0f} µs (medians of the "
        f"rounds): {raw.median_cpu_us / sandbox.median_cpu_us:.2f}x"
    )
    return [replace(result, note=note)]


@contextmanager
def endpoint() -> Iterator[str]:
    """A one-worker uvicorn endpoint in a subprocess on a free loopback port, once it accepts.

    (The port is passed, not a bound socket: uvicorn takes an inherited fd for a Unix socket and
    then leaves Nagle's algorithm on, which caps loopback throughput near 700 requests/s.)
    """
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port), TOKEN],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_listening(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SimulationError(f"the bench endpoint exited with code {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SimulationError(f"the bench endpoint did not listen on 127.0.0.1:{port} in {seconds:g} s")


async def _compare(base_url: str, count: int, rounds: int) -> tuple[Side, Side, int]:
    """The sandbox and raw aiohttp, round by round, each pair in alternating order; exports lost."""
    sandbox = raw_side = Side()
    lost = 0
    clock = RealClock(speed=1000.0)  # a retry, should one happen, waits 15 ms, not 15 s
    ticking = asyncio.create_task(clock.run())
    timeout = aiohttp.ClientTimeout(total=10)
    try:
        async with (
            aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=IN_FLIGHT)) as raw,
            make_client(max_connections=IN_FLIGHT) as client,
        ):
            deliverer = _deliverer(client, clock)
            raw_send = _raw_sender(raw, base_url, timeout)
            sandbox_send = _sandbox_sender(deliverer, base_url)
            await _rate(raw_send, 200)
            await _rate(sandbox_send, 200)
            for index in range(rounds):
                order = (raw_send, sandbox_send)[:: -1 if index % 2 else 1]
                measured = {send: await _rate(send, count) for send in order}
                raw_rate, raw_failed, raw_cpu = measured[raw_send]
                sandbox_rate, sandbox_failed, sandbox_cpu = measured[sandbox_send]
                _check_failures(raw_failed + sandbox_failed, count)
                raw_side = raw_side.add(raw_rate, raw_cpu)
                sandbox = sandbox.add(sandbox_rate, sandbox_cpu)
                lost += sandbox_failed
    finally:
        ticking.cancel()
    return sandbox, raw_side, lost


def _check_failures(failed: int, count: int) -> None:
    if failed > count // 100:
        raise SimulationError(
            f"{failed} of {2 * count} bench requests failed; the loopback endpoint is "
            "overloaded or stalled, so the rates would mean nothing"
        )


Sender = Callable[[int], Awaitable[bool]]


async def _rate(send: Sender, count: int) -> tuple[float, int, float]:
    """Requests per second for `count` sends, `IN_FLIGHT` at a time, how many failed, and this
    process's CPU time per request in µs (the endpoint runs in another process)."""
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def one(index: int) -> bool:
        async with gate:
            return await send(index)

    began, cpu_began = time.perf_counter(), time.process_time()
    results = await asyncio.gather(*(one(index) for index in range(count)))
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu_began
    return count / elapsed, results.count(False), cpu / count * 1e6


def _raw_sender(
    session: aiohttp.ClientSession, base_url: str, timeout: aiohttp.ClientTimeout
) -> Sender:
    url, body = f"{base_url}/ingest", _body().encode()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}

    async def send(index: int) -> bool:
        try:
            async with session.post(url, data=body, headers=headers, timeout=timeout) as answer:
                await answer.read()
                return answer.status == 200
        except (aiohttp.ClientError, TimeoutError):
            return False

    return send


def _deliverer(client: httpx.AsyncClient, clock: RealClock) -> Deliverer:
    """A deliverer whose latest events are kept (see the module docstring)."""
    bus, seen = EventBus(), deque[Event](maxlen=KEPT_EVENTS)
    bus.subscribe(seen.append)
    return Deliverer(client, clock, bus, DeliverySettings(max_in_flight=IN_FLIGHT))


def _sandbox_sender(deliverer: Deliverer, base_url: str) -> Sender:
    credentials = Credentials(
        auth_type="OAUTH2",
        grant="OAUTH2_CLIENT_CREDENTIALS",
        client_id="bench",
        client_secret="UnslNjkr5Z3drcaXmmpfkf7JnWI6dPmn",  # random, as issued secrets are
        access_token_url=f"{base_url}/oauth/token",
    )
    url, body = f"{base_url}/ingest", _body()  # as the raw sender has them

    async def send(index: int) -> bool:
        request = OutgoingRequest("bench", f"export-{index}", "POST", url, body)
        outcome = await deliverer.deliver(request, credentials, BEST_EFFORT_RETRIES)
        return outcome.delivered

    return send


def _body() -> str:
    """Ten profiles in the shape a typical multi-profile template renders (about 3 KB), with
    hashed emails as real SHA-256 digests (their spread of hex digits matters: recording searches
    every body for the secrets, and runs of zeros made that search 2-3x slower than on real
    data)."""
    profiles = [
        {
            "identities": {"email_lc_sha256": [_sha256(f"user{index}@example.com")]},
            "attributes": {"firstName": "Ann", "lastName": "Lee", "city": "Lisbon"},
            "segmentMembership": {
                "ups": {
                    "gold": {"status": "realized", "lastQualificationTime": "2026-01-01T00:00:00Z"}
                }
            },
        }
        for index in range(10)
    ]
    return json.dumps({"profiles": profiles})


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
