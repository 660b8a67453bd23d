"""The handle entries of an Edge response, in AEP's shapes (aep-destinations.md §7.2, §7.3, §12).

`{requestId, handle: [{type, payload, eventIndex?}], errors: [], warnings: []}`, where alloy
flattens the payloads of every `activation:pull` handle into `result.destinations`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sandbox.edge.backend import JsonDict, PersonalizationDestination
from sandbox.edge.cookies import cookie_name, encode_identity

IDENTITY_MAX_AGE = 34_128_000
"""395 days, the lifetime AEP gives the identity cookie."""
CLUSTER_MAX_AGE = 1_800
"""30 minutes, as in AEP's `locationHint:result` (`ttlSeconds: 1800`)."""


def response(request_id: str, handles: Sequence[JsonDict]) -> JsonDict:
    return {"requestId": request_id, "handle": list(handles), "errors": [], "warnings": []}


def profile_lookup(
    destination: PersonalizationDestination,
    realized: set[str],
    namespace: str | None = None,
    attributes: Mapping[str, Any] | None = None,
) -> JsonDict:
    """One `activation:pull` payload: the destination's mapped audiences the visitor is in.

    The Server API adds `namespace` to each segment and, for the "with attributes" variant in an
    authenticated call, `attributes: {name: {value}}`; the Web SDK gets neither.
    """
    segments = [
        {"id": audience_id} if namespace is None else {"id": audience_id, "namespace": namespace}
        for audience_id in destination.audience_ids
        if audience_id in realized
    ]
    payload: JsonDict = {
        "type": "profileLookup",
        "destinationId": destination.destination_id,
        "alias": destination.alias,
    }
    if attributes is not None:
        payload["attributes"] = {name: {"value": value} for name, value in attributes.items()}
    payload["segments"] = segments
    return payload


def activation_pull(payloads: Sequence[JsonDict], event_index: int) -> JsonDict:
    return {"type": "activation:pull", "payload": list(payloads), "eventIndex": event_index}


def identity_result(ecid: str) -> JsonDict:
    return {"type": "identity:result", "payload": [{"id": ecid, "namespace": {"code": "ECID"}}]}


def location_hint(hint: str) -> JsonDict:
    return {
        "type": "locationHint:result",
        "payload": [
            {"scope": "EdgeNetwork", "hint": hint, "ttlSeconds": CLUSTER_MAX_AGE},
        ],
    }


def state_store(org_id: str, ecid: str | None, hint: str | None) -> JsonDict:
    """Cookies for alloy to write on the page's domain: the identity and/or the cluster."""
    items: list[JsonDict] = []
    if ecid is not None:
        items.append(
            _cookie(cookie_name(org_id, "identity"), encode_identity(ecid), IDENTITY_MAX_AGE)
        )
    if hint is not None:
        items.append(_cookie(cookie_name(org_id, "cluster"), hint, CLUSTER_MAX_AGE))
    return {"type": "state:store", "payload": items}


def server_state_store(org_id: str, hint: str) -> JsonDict:
    """The Server API's `state:store`: the cluster cookie, as Adobe's v2 examples show it."""
    key = cookie_name(org_id, "cluster")
    return {
        "type": "state:store",
        "payload": [{"key": key, "value": hint, "maxAge": CLUSTER_MAX_AGE}],
    }


def _cookie(key: str, value: str, max_age: int) -> JsonDict:
    return {"key": key, "value": value, "maxAge": max_age, "attrs": {"SameSite": "None"}}
