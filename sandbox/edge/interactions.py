"""What the Edge does with one call: identify the visitor, segment on the edge, look up audiences.

HTTP-free: `EdgeNetwork.web(...)` and `EdgeNetwork.server(...)` take parsed inputs and return an
`Outcome` (status, body, events still to ingest). The ASGI app in `app.py` does the HTTP.

Same page vs next page (aep-destinations.md §8.3): edge audiences are evaluated on the request's
own event before the lookup, so a page view can qualify the visitor in the same response. The
event is ingested (streaming segmentation) only after the answer is built, so streaming
audiences show up on the next request.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sandbox.clock import isoformat
from sandbox.edge import handles
from sandbox.edge.backend import AttributeMapping, Datastream, EdgeBackend, JsonDict
from sandbox.edge.cookies import cookie_name
from sandbox.edge.payloads import ExperienceEvent, ServerRequest, WebRequest
from sandbox.edge.problems import invalid_token, unknown_datastream
from sandbox.edge.visitor import (
    Visitor,
    cookie_ecid,
    identify,
    identity_map,
    request_cookies,
    with_cookie_ecid,
)

DEFAULT_ACCESS_TOKEN = "sandbox-access-token"
"""The bearer token the emulated Server API accepts unless told otherwise."""


@dataclass(frozen=True)
class EdgeOptions:
    base_path: str = "ee"
    """alloy's `edgeBasePath`."""
    location_hint: str = "or2"
    """The cluster this emulator pretends to be; handed out in the `kndctr_<org>_cluster` cookie."""
    region_id: int = 35
    """Sent in the `x-adobe-edge: <hint>;<region>` header, as AEP does."""
    access_token: str = DEFAULT_ACCESS_TOKEN
    """The Server API bearer token accepted for authenticated calls."""
    seed: int | None = None
    """Seed for minted ECIDs (reproducible runs); None for random ones."""


@dataclass(frozen=True)
class Outcome:
    status: int
    body: JsonDict | None
    datastream: Datastream
    profile_id: str
    ingest: tuple[JsonDict, ...] = field(default=())
    """XDM events to apply to the profile once the answer is out (streaming segmentation)."""


@dataclass(frozen=True)
class Caller:
    """What the HTTP layer knows of a request besides its body."""

    request_id: str
    datastream_id: str
    cookie_header: str = ""
    authorization: str | None = None
    api_key: str | None = None
    ims_org: str | None = None


class EdgeNetwork:
    """The Edge's request handling, over an `EdgeBackend`."""

    def __init__(self, backend: EdgeBackend, options: EdgeOptions | None = None) -> None:
        self.backend = backend
        self.options = options or EdgeOptions()
        self._rng = random.Random(self.options.seed)

    def datastream(self, datastream_id: str, parameter: str) -> Datastream:
        found = self.backend.datastream(datastream_id) if datastream_id else None
        if found is None:
            raise unknown_datastream(datastream_id, parameter)
        return found

    def web(self, caller: Caller, request: WebRequest, collect: bool) -> Outcome:
        """A Web SDK call (`/v1/interact`, or `/v1/collect` which answers 204 with no body)."""
        stream = self.datastream(caller.datastream_id, "configId")
        cookies = request_cookies(request.meta.state.entries, caller.cookie_header)
        identities = [
            ref
            for i, event in enumerate(request.events)
            for ref in identity_map(event.xdm, f"$.events[{i}].xdm")
        ]
        from_cookie = cookie_ecid(stream.org_id, cookies)
        visitor = identify(self.backend, identities, from_cookie, self._rng)
        pulls, ingest = self._segment_and_pull(stream, visitor, request.events, server=False)
        if collect:
            return Outcome(204, None, stream, visitor.profile_id, ingest)
        extra = self._identity_handles(stream, visitor, from_cookie, cookies, request)
        body = handles.response(caller.request_id, [*pulls, *extra])
        return Outcome(200, body, stream, visitor.profile_id, ingest)

    def server(self, caller: Caller, request: ServerRequest) -> Outcome:
        """A Server API call (`/ee/v2/interact`), after `authenticate`."""
        stream = self.datastream(caller.datastream_id, "dataStreamId")
        authenticated = self.authenticate(stream, caller)
        cookies = request_cookies(request.meta.state.entries, caller.cookie_header)
        identities = identity_map(request.event.xdm, "$.event.xdm")
        from_cookie = cookie_ecid(stream.org_id, cookies)
        on_edge = self.backend.resolve(with_cookie_ecid(identities, from_cookie)) is not None
        visitor = identify(self.backend, identities, from_cookie, None)
        pulls, ingest = self._segment_and_pull(
            stream, visitor, [request.event], server=True, authenticated=authenticated
        )
        if not on_edge:
            pulls = [handles.activation_pull([], index) for index in range(len(pulls))]
        extra = self._server_handles(stream, cookies)
        body = handles.response(caller.request_id, [*pulls, *extra])
        return Outcome(200, body, stream, visitor.profile_id, ingest)

    def _server_handles(self, stream: Datastream, cookies: Mapping[str, str]) -> list[JsonDict]:
        """v2 answers carry `locationHint:result` and, for a new cluster, `state:store`
        (Adobe's profile-lookup examples: the cluster cookie only, no identity cookie)."""
        hint = self.options.location_hint
        found = [handles.location_hint(hint)]
        if cookies.get(cookie_name(stream.org_id, "cluster")) != hint:
            found.append(handles.server_state_store(stream.org_id, hint))
        return found

    def authenticate(self, stream: Datastream, caller: Caller) -> bool:
        """True for a valid bearer call, False for an anonymous one the datastream allows;
        EXEG-0500-401 / EXEG-0502-401 otherwise."""
        if caller.authorization is None:
            if stream.access_type == "authenticated":
                raise invalid_token(
                    f"Datastream '{stream.datastream_id}' requires authentication: send "
                    "'Authorization: Bearer <token>', 'x-api-key' and 'x-gw-ims-org-id'."
                )
            return False
        scheme, _, token = caller.authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise invalid_token("The 'Authorization' header must be 'Bearer <access token>'.")
        if not caller.api_key or not caller.ims_org:
            raise invalid_token(
                "An authenticated call needs the 'x-api-key' and 'x-gw-ims-org-id' headers too."
            )
        if token.strip() != self.options.access_token:
            raise invalid_token(
                "The bearer token is well formed but not valid for this Edge "
                "(see `sandbox edge --token`).",
                signature=True,
            )
        return True

    def _segment_and_pull(
        self,
        stream: Datastream,
        visitor: Visitor,
        events: Sequence[ExperienceEvent],
        server: bool,
        authenticated: bool = False,
    ) -> tuple[list[JsonDict], tuple[JsonDict, ...]]:
        now = self.backend.now()
        pulls: list[JsonDict] = []
        ingest: list[JsonDict] = []
        for index, event in enumerate(events):
            xdm = stamped(event.xdm, now)
            if stream.edge_segmentation:
                self.backend.evaluate_edge(visitor.profile_id, xdm, now)
            pulls.append(self._pull(stream, visitor.profile_id, index, server, authenticated))
            ingest.append(xdm)
        return pulls, tuple(ingest)

    def _pull(
        self, stream: Datastream, profile_id: str, index: int, server: bool, authenticated: bool
    ) -> JsonDict:
        realized = self.backend.memberships(profile_id)
        payloads = []
        for destination in stream.destinations:
            attributes = None
            if server and authenticated and destination.with_attributes:
                attributes = self._attributes(profile_id, destination.attributes)
            namespace = "ups" if server else None
            payloads.append(handles.profile_lookup(destination, realized, namespace, attributes))
        return handles.activation_pull(payloads, index)

    def _attributes(self, profile_id: str, mappings: Sequence[AttributeMapping]) -> dict[str, Any]:
        values = self.backend.attributes(profile_id, [m.source for m in mappings])
        return {m.target: values[m.source] for m in mappings if m.source in values}

    def _identity_handles(
        self,
        stream: Datastream,
        visitor: Visitor,
        from_cookie: str | None,
        cookies: Mapping[str, str],
        request: WebRequest,
    ) -> list[JsonDict]:
        extra: list[JsonDict] = []
        if visitor.ecid is not None and (visitor.ecid_minted or request.fetches_ecid()):
            extra.append(handles.identity_result(visitor.ecid))
        hint = self.options.location_hint
        new_identity = visitor.ecid if visitor.ecid != from_cookie else None
        new_hint = hint if cookies.get(cookie_name(stream.org_id, "cluster")) != hint else None
        if new_identity is not None or new_hint is not None:
            extra.append(handles.state_store(stream.org_id, new_identity, new_hint))
        extra.append(handles.location_hint(hint))
        return extra


def stamped(xdm: Mapping[str, Any], now: float) -> JsonDict:
    """The event as ingested: stamped with the simulation time it arrived at.

    The browser's wall clock is not the simulation's, so the client's `timestamp` is replaced;
    without this, "WHEN(today)" audiences could never qualify a live page view.
    """
    return {**xdm, "timestamp": isoformat(now, millis=True)}
