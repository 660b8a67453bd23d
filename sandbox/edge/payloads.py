"""The request bodies the Edge accepts, validated at the HTTP edge (pydantic, `extra="forbid"`).

Web SDK (v1): `{"events": [{"xdm", "data", "query", "meta"}], "query", "meta": {"state": {...}}}`
(aep-destinations.md §12). Server API (v2): a single `{"event": {...}, "query", "meta"}`. XDM,
data and query contents are free-form, as on AEP; the envelope around them is checked, and a
bad body becomes EXEG-0003-400 naming each offending field path.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sandbox.edge.problems import EdgeProblem, invalid_request

M = TypeVar("M", bound=BaseModel)

MAX_BODY_BYTES = 64 * 1024
"""The Server API's documented maximum JSON request (help/server-api/guardrails.md)."""


class StateEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str
    value: str


class State(BaseModel):
    """Cookies the Web SDK copied into the body because the edge domain is third-party."""

    model_config = ConfigDict(extra="allow")
    domain: str = ""
    cookiesEnabled: bool = True
    entries: list[StateEntry] = Field(default_factory=list)


class Meta(BaseModel):
    """Request metadata; alloy also sends `configOverrides`, `sdkConfig`, `queueTimeMillis`."""

    model_config = ConfigDict(extra="allow")
    state: State = Field(default_factory=State)


class ExperienceEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    xdm: dict[str, Any] = Field(default_factory=dict)
    data: dict[str, Any] | None = None
    query: dict[str, Any] | None = None
    meta: dict[str, Any] | None = None


class WebRequest(BaseModel):
    """`POST /{basePath}[/{hint}]/v1/interact|collect`."""

    model_config = ConfigDict(extra="forbid")
    events: list[ExperienceEvent] = Field(min_length=1)
    query: dict[str, Any] | None = None
    meta: Meta = Field(default_factory=Meta)

    def fetches_ecid(self) -> bool:
        fetch = ((self.query or {}).get("identity") or {}).get("fetch") or []
        return isinstance(fetch, list) and "ECID" in fetch


class ServerRequest(BaseModel):
    """`POST /ee/v2/interact?dataStreamId=...`: one event, not an array."""

    model_config = ConfigDict(extra="forbid")
    event: ExperienceEvent
    query: dict[str, Any] | None = None
    meta: Meta = Field(default_factory=Meta)


def parse_web(body: bytes) -> WebRequest:
    return _parse(WebRequest, body)


def parse_server(body: bytes) -> ServerRequest:
    return _parse(ServerRequest, body)


def _parse(model: type[M], body: bytes) -> M:
    if len(body) > MAX_BODY_BYTES:
        raise invalid_request([f"The request body has {len(body)} bytes; at most 65536 allowed."])
    if not body.strip():
        raise invalid_request(["The request body is empty; a JSON object is required."])
    try:
        return model.model_validate_json(body)
    except ValidationError as error:
        raise _as_problem(error) from None


def _as_problem(error: ValidationError) -> EdgeProblem:
    reasons = []
    for item in error.errors(include_url=False):
        if item["type"] == "json_invalid":
            reasons.append(f"The request body is not valid JSON: {item['msg']}.")
            continue
        reasons.append(f"{_json_path(item['loc'])}: {item['msg']}.")
    return invalid_request(reasons)


def _json_path(location: tuple[int | str, ...]) -> str:
    path = "$"
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path
