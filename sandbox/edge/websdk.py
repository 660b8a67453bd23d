"""Calling the Edge the way the Web SDK does, without a browser (the TUI, scenarios, the bench).

Bodies follow what alloy 2.32.0 sends (aep-destinations.md §12); `destinations(...)` and
`cookies_to_store(...)` read an answer the way alloy does (`result.destinations` is every
`activation:pull` payload, flattened; `state:store` items become cookies sent back next time in
`meta.state.entries`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sandbox.edge.backend import JsonDict

PAGE_VIEW = "web.webpagedetails.pageViews"


def page_view(url: str, section: str = "home", identity_map: JsonDict | None = None) -> JsonDict:
    """The XDM of a page view, with `identityMap` when the page knows who the visitor is."""
    xdm: JsonDict = {
        "eventType": PAGE_VIEW,
        "web": {"webPageDetails": {"URL": url, "name": section, "siteSection": section}},
    }
    if identity_map:
        xdm["identityMap"] = identity_map
    return xdm


def identity_map(namespace: str, value: str, authenticated: bool = True) -> JsonDict:
    state = "authenticated" if authenticated else "ambiguous"
    return {namespace: [{"id": value, "authenticatedState": state, "primary": True}]}


def interact_body(
    xdm: Mapping[str, Any],
    cookies: Mapping[str, str] | None = None,
    domain: str = "",
    fetch_ecid: bool | None = None,
) -> JsonDict:
    """A `/v1/interact` body; alloy asks for the ECID until it has the identity cookie."""
    state: JsonDict = {"domain": domain, "cookiesEnabled": True}
    if cookies:
        state["entries"] = [{"key": key, "value": value} for key, value in cookies.items()]
    body: JsonDict = {"events": [{"xdm": dict(xdm)}], "meta": {"state": state}}
    if fetch_ecid is None:
        fetch_ecid = not any(key.endswith("_identity") for key in cookies or {})
    if fetch_ecid:
        body["query"] = {"identity": {"fetch": ["ECID"]}}
    return body


def payloads(answer: Mapping[str, Any], kind: str) -> list[Any]:
    """alloy's `response.getPayloadsByType(kind)`."""
    handles: Sequence[Mapping[str, Any]] = answer.get("handle", [])
    return [item for handle in handles if handle.get("type") == kind for item in handle["payload"]]


def destinations(answer: Mapping[str, Any]) -> list[JsonDict]:
    """What `sendEvent` resolves with as `result.destinations`."""
    return payloads(answer, "activation:pull")


def cookies_to_store(answer: Mapping[str, Any]) -> dict[str, str]:
    """The cookies alloy writes from the `state:store` handle."""
    return {item["key"]: item["value"] for item in payloads(answer, "state:store")}


def audiences_by_alias(answer: Mapping[str, Any]) -> dict[str, list[str]]:
    return {d["alias"]: [s["id"] for s in d["segments"]] for d in destinations(answer)}
