"""PartnerAdmin: an async client for the mock partner's admin API (`/_admin/`), over HTTP only.

Filters for `requests`, `count` and `stream`: method, path (glob), status (`500`, `5xx`,
`none`), since (sequence), header (`name` or `name:glob`), fault (a rule name, `any`, `none`),
limit (oldest first) or tail (newest).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping, Sequence
from types import TracebackType
from typing import Any, Self

import httpx
import orjson

from sandbox.clock import Clock
from sandbox.errors import InputError, Problem, SimulationError
from sandbox.partner.records import ReceivedRequest

Filter = str | int | None


class PartnerAdmin:
    """Verify what the partner received and change how it behaves.

    Args:
        base_url: the partner's URL (`PartnerProcess.url`), unless `client` is given.
        client: an httpx client to use instead (e.g. over `httpx.ASGITransport` in tests).
        clock: when given, every call is wrapped in `clock.busy()` so virtual time waits for it.
    """

    def __init__(
        self,
        base_url: str = "",
        *,
        client: httpx.AsyncClient | None = None,
        clock: Clock | None = None,
        timeout: float = 10.0,
    ) -> None:
        self._client = client or httpx.AsyncClient(base_url=base_url, timeout=timeout)
        self._owns_client = client is None
        self._clock = clock

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def health(self) -> dict[str, Any]:
        return dict(await self._call("GET", "/_admin/health"))

    async def requests(self, **filters: Filter) -> list[ReceivedRequest]:
        """Recorded requests matching `filters`, oldest first."""
        data = await self._call("GET", "/_admin/requests", params=_params(filters))
        return [ReceivedRequest.model_validate(item) for item in data["requests"]]

    async def request(self, sequence: int) -> ReceivedRequest:
        return ReceivedRequest.model_validate(
            await self._call("GET", f"/_admin/requests/{sequence}")
        )

    async def count(self, **filters: Filter) -> int:
        """How many retained requests match `filters`."""
        return int((await self._call("GET", "/_admin/count", params=_params(filters)))["count"])

    async def stats(self) -> dict[str, Any]:
        """Totals: `total`, `retained`, `evicted`, `by_status`, `by_fault`."""
        return dict(await self._call("GET", "/_admin/count"))

    async def clear(self) -> None:
        """Forget the request log and its totals."""
        await self._call("DELETE", "/_admin/requests")

    async def faults(self) -> dict[str, Any]:
        """The rules in force, each with `applied`, `remaining` and its resolved window."""
        return dict(await self._call("GET", "/_admin/faults"))

    async def set_faults(
        self, faults: Sequence[Mapping[str, Any]], *, seed: int | None = None
    ) -> dict[str, Any]:
        """Replace every fault rule (see the partner's FaultRule: status, statuses, latency...).

        Raises:
            InputError: the partner refused a rule; each problem names its field path.
        """
        body = {"seed": seed, "faults": list(faults)}
        return dict(await self._call("PUT", "/_admin/faults", json=body))

    async def add_fault(self, rule: Mapping[str, Any]) -> dict[str, Any]:
        """Append one rule after those in force."""
        return dict(await self._call("POST", "/_admin/faults", json=dict(rule)))

    async def clear_faults(self) -> None:
        await self._call("DELETE", "/_admin/faults")

    async def auth(self) -> dict[str, Any]:
        return dict(await self._call("GET", "/_admin/auth"))

    async def set_auth(self, type: str = "none", **settings: Any) -> dict[str, Any]:
        """Require credentials: `none`, `basic`, `bearer` or `oauth2`, with their settings
        (username, password, token, client_id, client_secret, expires_in, refresh_tokens)."""
        body = {"type": type, **settings}
        return dict(await self._call("PUT", "/_admin/auth", json=body))

    async def set_schema(self, schema: Mapping[str, Any] | None) -> None:
        """Check bodies against this JSON Schema from now on (None: stop checking)."""
        if schema is None:
            await self._call("DELETE", "/_admin/schema")
        else:
            await self._call("PUT", "/_admin/schema", json={"schema": dict(schema)})

    async def tokens(self) -> list[dict[str, Any]]:
        return list((await self._call("GET", "/_admin/oauth/tokens"))["tokens"])

    async def expire_tokens(self, token: str | None = None) -> int:
        """Expire access tokens now (all, or `token`), so the next call gets a 401."""
        body = {"token": token}
        return int((await self._call("POST", "/_admin/oauth/expire", json=body))["expired"])

    async def revoke_tokens(self, token: str | None = None) -> int:
        """Revoke access and refresh tokens (all, or `token`)."""
        body = {"token": token}
        return int((await self._call("POST", "/_admin/oauth/revoke", json=body))["revoked"])

    async def stream(self, **filters: Filter) -> AsyncIterator[ReceivedRequest]:
        """Follow arrivals live (Server-Sent Events); with `since=N`, replay after N first.

        Never wrapped in `clock.busy()`: following the partner must not hold virtual time.
        """
        async for record in self.stream_records(**filters):
            yield ReceivedRequest.model_validate(record)

    async def stream_records(self, **filters: Filter) -> AsyncIterator[dict[str, Any]]:
        """`stream()` as the JSON records the partner sends, unvalidated: the fast path for relays
        that pass records on as they are (the TUI's inbox at 1,000+ requests/s)."""
        params = _params(filters)
        timeout = httpx.Timeout(10.0, read=None)
        try:
            async with self._client.stream(
                "GET", "/_admin/stream", params=params, timeout=timeout
            ) as response:
                if response.status_code != 200:
                    await response.aread()
                    raise _failure(response)
                async for data in _sse_data(response.aiter_lines()):
                    yield orjson.loads(data)
        except httpx.TransportError as error:
            raise SimulationError(f"lost the mock partner's request stream: {error}") from None

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        busy = self._clock.busy() if self._clock else contextlib.nullcontext()
        try:
            async with busy:
                response = await self._client.request(method, path, **kwargs)
        except httpx.TransportError as error:
            where = self._client.base_url
            raise SimulationError(f"cannot reach the mock partner at {where}: {error}") from None
        if response.status_code >= 400:
            raise _failure(response)
        return response.json()


async def _sse_data(lines: AsyncIterator[str]) -> AsyncIterator[str]:
    """The `data` of each default (record) event; comments and other events are skipped."""
    event, data = "message", list[str]()
    async for line in lines:
        if not line:
            if data and event == "message":
                yield "\n".join(data)
            event, data = "message", list[str]()
        elif line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
        elif line.startswith("event:"):
            event = line[6:].strip()


def _params(filters: Mapping[str, Filter]) -> dict[str, str]:
    return {name: str(value) for name, value in filters.items() if value is not None}


def _failure(response: httpx.Response) -> Exception:
    try:
        body = response.json()
    except ValueError:
        body = {"message": response.text}
    where = f"{response.request.method} {response.request.url.path}"
    if response.status_code == 422:
        problems = [
            Problem("<partner admin>", d["location"], d["message"])
            for d in body.get("details") or [{"location": "", "message": body["message"]}]
        ]
        return InputError(problems)
    message = body.get("message", response.text) if isinstance(body, dict) else response.text
    return SimulationError(f"mock partner admin {where}: {response.status_code} {message}")
