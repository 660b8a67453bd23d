"""Web SDK-shaped calls to the Edge emulator, as alloy makes them (aep-destinations.md §12)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx

from sandbox.clock import isoformat

PAGE_ORIGIN = "https://rentals.example.com"


def interact_body(event_type: str, url: str, identity_map: dict[str, list[dict[str, Any]]],
                  state_entries: list[dict[str, str]], at: float) -> dict[str, Any]:
    xdm: dict[str, Any] = {"eventType": event_type, "web": {"webPageDetails": {"URL": url}},
                           "timestamp": isoformat(at, millis=True),
                           "implementationDetails": {"name": "https://ns.adobe.com/experience/alloy",
                                                     "version": "2.32.0", "environment": "browser"}}
    if identity_map:
        xdm["identityMap"] = identity_map
    state: dict[str, Any] = {"domain": "example.com", "cookiesEnabled": True}
    if state_entries:
        state["entries"] = state_entries
    return {"events": [{"xdm": xdm}], "query": {"identity": {"fetch": ["ECID"]}},
            "meta": {"state": state}}


def stored_state(response: dict[str, Any]) -> list[dict[str, str]]:
    """`state:store` payloads become the cookies alloy sends back in `meta.state.entries`."""
    entries = []
    for handle in response.get("handle", []):
        if handle.get("type") == "state:store":
            entries += [{"key": p["key"], "value": p["value"]} for p in handle.get("payload", [])]
    return entries


def destinations(response: dict[str, Any]) -> list[dict[str, Any]]:
    """What alloy's `sendEvent` resolves with as `result.destinations`."""
    return [payload for handle in response.get("handle", [])
            if handle.get("type") == "activation:pull" for payload in handle.get("payload", [])]


async def interact(client: httpx.AsyncClient, base_url: str, datastream: str,
                   body: dict[str, Any]) -> tuple[int, dict[str, Any], str]:
    url = f"{base_url}/ee/v1/interact?configId={datastream}&requestId={uuid.uuid4()}"
    answer = await client.post(url, content=json.dumps(body),
                               headers={"Content-Type": "text/plain; charset=UTF-8",
                                        "Origin": PAGE_ORIGIN})
    try:
        parsed = answer.json()
    except ValueError:
        parsed = {"raw": answer.text}
    return answer.status_code, parsed if isinstance(parsed, dict) else {"raw": parsed}, url
