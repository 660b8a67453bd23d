"""The HTTP client delivery uses: an `httpx.AsyncClient` over aiohttp, with a lean lane for exports.

Why this transport. Measured on the development machine (2 cores, loopback, a one-worker uvicorn
endpoint in another process, 8–32 requests in flight, a 2–3 KB JSON body): httpx's default
transport managed 385–610 requests/s, slower as concurrency rose; raw aiohttp 5,500–8,600;
httpx over the `httpx-aiohttp` transport 2,400–2,800, and over a minimal aiohttp transport of our
own 2,800–3,300. The cost left is httpx itself: building `Request` and `Response` models (URL
parsing, header normalisation, the auth, redirect and cookie machinery) that delivery never
uses. So `make_client()` builds a `DeliveryClient`: a genuine `httpx.AsyncClient` (anything that
takes a client can take it; tests inject plain clients over `MockTransport` or a real server)
whose transport is an `AiohttpLane`. The lane also offers `exchange()`, which sends straight
through one shared aiohttp session and returns an `Answer`; it runs at raw aiohttp's speed
(within measurement noise, about 125 µs of client CPU per request). The deliverer takes that lane
when handed a `DeliveryClient` and the ordinary `client.request()` otherwise, so behaviour is the
same either way (the tests run both) and only speed differs. The whole delivery path
(OAuth2 credentials, retry bookkeeping, redacted recording, events, the in-flight bound, the
simulation clock) measured 0.53x raw aiohttp against the same endpoint in `sandbox bench --only
delivery` on a quiet machine (target 0.8x); profiling then showed recording (the same headers
redacted on every call) and per-call asyncio machinery (`Semaphore`, `asyncio.timeout`) as the
largest costs above aiohttp, now cached (`recording.py`), a `Gate` and one timer per call.
A second pass, guided by instructions counted with cachegrind (wall time on the shared machine is
mostly the neighbours): one deadline timer for all calls in flight (`deadlines.py`), the records
of a call built in one step (`sandbox.frozen`), two coroutine levels fewer per export, no
handler copy per event, short answers redacted once per value. A third: trace ids from a counter
(`recording.TraceIds`), a recorder remembering the last request and answer it redacted, slots set
through their descriptors, and the lane awaiting aiohttp's response rather than entering it as a
context manager (four coroutines fewer a call). Client instructions per request: raw aiohttp 520k;
this lane 509k, then 496k; the whole path 730k, then 631k-645k, then 585k (0.71x, 0.81x, 0.89x
of raw). What is left above the lane is mostly what delivery is for: each body searched for every
known secret (about 1 µs per secret for a 3 KB body), the recorded `HttpCall`, its events and
the outcome, the retry and deadline bookkeeping.
aiohttp's errors are mapped onto httpx's exception types, so failures are classified in one
place whichever client is used.
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from dataclasses import dataclass

import aiohttp
import httpx

from sandbox.frozen import quick_init

Headers = tuple[tuple[str, str], ...]

_NO_TIMEOUT = aiohttp.ClientTimeout(total=None)
_HOP_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


@quick_init
@dataclass(frozen=True)
class Answer:
    """A partner's complete HTTP answer."""

    status: int
    headers: Headers
    body: bytes

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @classmethod
    def of(cls, response: httpx.Response) -> Answer:
        headers = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw)
        return cls(response.status_code, headers, response.content)


class AiohttpLane(httpx.AsyncBaseTransport):
    """An httpx transport over one aiohttp session, plus `exchange()` that skips httpx's models."""

    def __init__(self, max_connections: int = 100, verify: ssl.SSLContext | bool = True) -> None:
        self._max_connections = max_connections
        self._verify = verify
        self._session: aiohttp.ClientSession | None = None

    def _open_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._max_connections, ssl=self._verify)
            self._session = aiohttp.ClientSession(connector=connector, trust_env=False)
        return self._session

    async def exchange(
        self,
        method: str,
        url: str,
        headers: Sequence[tuple[str, str]],
        body: bytes,
        timeout: aiohttp.ClientTimeout = _NO_TIMEOUT,
    ) -> Answer:
        """Send one request and read the whole answer. Raises httpx's exception types."""
        session = self._session if self._session is not None else self._open_session()
        try:  # awaited, not `async with`: four coroutines fewer a call; released below either way
            response = await session.request(
                method,
                url,
                headers=list(headers),
                data=body or None,
                allow_redirects=False,
                timeout=timeout,
            )
            try:
                content = await response.read()
            finally:
                response.release()
        except aiohttp.ClientError as error:
            raise _as_httpx(error) from error
        return Answer(response.status, tuple(response.headers.items()), content)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        limits = request.extensions.get("timeout", {})
        timeout = aiohttp.ClientTimeout(
            sock_connect=limits.get("connect"), sock_read=limits.get("read")
        )
        body = await request.aread()
        headers = [(k, v) for k, v in request.headers.multi_items() if k.lower() != "host"]
        answer = await self.exchange(request.method, str(request.url), headers, body, timeout)
        kept = [(k, v) for k, v in answer.headers if k.lower() not in _HOP_HEADERS]
        return httpx.Response(answer.status, headers=kept, content=answer.body, request=request)

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class DeliveryClient(httpx.AsyncClient):
    """An `httpx.AsyncClient` whose transport is an `AiohttpLane` (see the module docstring)."""

    def __init__(self, lane: AiohttpLane) -> None:
        super().__init__(transport=lane, timeout=None)
        self.lane = lane


def make_client(max_connections: int = 100, verify: ssl.SSLContext | bool = True) -> DeliveryClient:
    """The fast client for partner traffic; construct it at the edge and hand it to `Deliverer`.

    Args:
        max_connections: the connection pool size (keep it at or above the in-flight bound).
        verify: `True` for the system trust store, an `ssl.SSLContext` (e.g. trusting the mock
            partner's certificate), or `False` to skip verification.
    """
    return DeliveryClient(AiohttpLane(max_connections=max_connections, verify=verify))


def _as_httpx(error: aiohttp.ClientError) -> httpx.TransportError | httpx.InvalidURL:
    """The httpx exception that means the same as an aiohttp one."""
    message = str(error) or type(error).__name__
    if isinstance(error, aiohttp.ServerTimeoutError):
        return httpx.ReadTimeout(message)
    if isinstance(error, aiohttp.ClientConnectorError):
        return httpx.ConnectError(message)
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return httpx.RemoteProtocolError("server disconnected without sending a complete answer")
    if isinstance(error, aiohttp.ClientOSError | aiohttp.ClientConnectionResetError):
        return httpx.ReadError(message)
    if isinstance(error, aiohttp.ClientResponseError | aiohttp.ClientPayloadError):
        return httpx.RemoteProtocolError(message)
    if isinstance(error, aiohttp.InvalidURL | aiohttp.NonHttpUrlClientError):
        return httpx.InvalidURL(message)
    return httpx.TransportError(message)
