"""The one client that calls the Edge the way a Web SDK page does (the TUI, scenarios).

Its host and origin come from the page being visited (never hard-coded); the HTTP client and the
Edge's base URL are handed in. It keeps each visitor's cookies (`state:store`) so that a visitor's
next page sends them back, as alloy does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from sandbox.edge import websdk
from sandbox.edge.backend import JsonDict

DEFAULT_PAGE = "https://rentals.example.com/"
DEFAULT_DATASTREAM = "sandbox-datastream"


@dataclass(frozen=True)
class PageVisit:
    """One page view sent to `/ee/v1/interact`."""

    visitor: str
    """Whose cookies to keep (and send back on `reuse_cookie_from`)."""
    identity_map: JsonDict = field(default_factory=dict)
    event_type: str = websdk.PAGE_VIEW
    page: str = DEFAULT_PAGE
    datastream: str = DEFAULT_DATASTREAM
    reuse_cookie_from: str | None = None
    """A visitor whose cookies to send (default: this visitor's own)."""
    xdm: JsonDict | None = None
    """More XDM for the event (merged over the page view's, key by key)."""


@dataclass(frozen=True)
class EdgeExchange:
    """One Web SDK-style call to the Edge emulator, as the console and the scenario checks see it."""

    url: str
    request: dict[str, Any]
    status: int
    response: dict[str, Any]
    destinations: list[dict[str, Any]] = field(default_factory=list)


class EdgeClient:
    """Page views to the Edge at `base_url()`, with each visitor's cookies kept."""

    def __init__(self, client: httpx.AsyncClient, base_url: Callable[[], str]) -> None:
        self._client = client
        self._base_url = base_url
        self._cookies: dict[str, dict[str, str]] = {}

    async def visit(self, visit: PageVisit) -> EdgeExchange:
        cookies = dict(self._cookies.get(visit.reuse_cookie_from or visit.visitor, {}))
        page = urlsplit(visit.page)
        xdm = websdk.page_view(visit.page, "home", visit.identity_map or None)
        xdm["eventType"] = visit.event_type
        if visit.xdm:
            xdm = merged(xdm, visit.xdm)
        body = websdk.interact_body(xdm, cookies, domain=page.hostname or "")
        url = f"{self._base_url()}/ee/v1/interact?configId={visit.datastream}"
        origin = f"{page.scheme}://{page.netloc}"
        answer = await self._client.post(url, json=body, headers={"Origin": origin})
        response = answer.json() if answer.content else {}
        self._cookies[visit.visitor] = {**cookies, **websdk.cookies_to_store(response)}
        return EdgeExchange(url, body, answer.status_code, response, websdk.destinations(response))


def merged(base: JsonDict, extra: JsonDict) -> JsonDict:
    """`extra` over `base`: objects merge key by key, anything else replaces."""
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        out[key] = (
            merged(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
        )
    return out
