"""The partner's audience API: what an audience metadata template calls.

    POST   /audiences            {"name", "description"?} -> 201 {"id", "name", ...}, x-audience-id
    GET    /audiences            -> {"audiences": [...]}
    GET    /audiences/{id}       -> the audience, or 404
    PUT|PATCH|POST /audiences/{id}  {"name"?, "description"?} -> 200 the audience, or 404
    DELETE /audiences/{id}       -> 200 {"deleted": id}, or 404
    GET    /account              -> {"account": {"id", "permissions"}} (a connection's validate call)

The partner gives its own IDs (`aud-000001`, ...). Like a real ad platform it refuses what it
cannot store, in its error shape `{"error", "message"}`: a name missing, empty or over
`MAX_NAME` characters (400), a name already taken by another audience (409). Credentials and
fault rules apply as on every other path.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

import orjson

from mock_partner.answers import Answer, error_answer, json_answer
from mock_partner.records import Arrival, isoformat

PREFIX = "/audiences"
ACCOUNT_PATH = "/account"
MAX_NAME = 64
ACCOUNT = {"id": "mock-account", "permissions": ["audiences:read", "audiences:write"]}


@dataclass(frozen=True)
class PartnerAudience:
    id: str
    name: str
    description: str
    created_at: str
    updated_at: str


class AudienceRegistry:
    """The audiences the partner holds, in creation order."""

    def __init__(self) -> None:
        self._audiences: dict[str, PartnerAudience] = {}
        self._created = 0

    def list(self) -> list[dict[str, Any]]:
        return [asdict(a) for a in self._audiences.values()]

    def clear(self) -> None:
        self._audiences.clear()

    def answer(self, arrival: Arrival, now: float) -> Answer:
        """The audience API's answer to `arrival` (credentials already checked)."""
        if arrival.path == ACCOUNT_PATH:
            return json_answer(200, {"account": ACCOUNT})
        rest = arrival.path[len(PREFIX) :].strip("/")
        if not rest:
            if arrival.method == "POST":
                return self._create(arrival, now)
            if arrival.method == "GET":
                return json_answer(200, {"audiences": self.list()})
            return _not_allowed(arrival.method, "GET, POST")
        known = self._audiences.get(rest)
        if known is None:
            return error_answer(404, "not_found", f"no audience {rest!r}")
        if arrival.method == "GET":
            return json_answer(200, asdict(known))
        if arrival.method == "DELETE":
            del self._audiences[rest]
            return json_answer(200, {"deleted": rest})
        if arrival.method in ("PUT", "PATCH", "POST"):
            return self._update(known, arrival, now)
        return _not_allowed(arrival.method, "GET, PUT, PATCH, POST, DELETE")

    def _create(self, arrival: Arrival, now: float) -> Answer:
        fields, refusal = _fields(arrival, required=True, taken=self._names())
        if refusal is not None:
            return refusal
        self._created += 1
        stamp = isoformat(now)
        audience = PartnerAudience(
            f"aud-{self._created:06d}",
            fields["name"],
            fields.get("description", ""),
            stamp,
            stamp,
        )
        self._audiences[audience.id] = audience
        return json_answer(201, asdict(audience), ("x-audience-id", audience.id))

    def _update(self, known: PartnerAudience, arrival: Arrival, now: float) -> Answer:
        fields, refusal = _fields(arrival, required=False, own_id=known.id, taken=self._names())
        if refusal is not None:
            return refusal
        updated = replace(
            known,
            name=fields.get("name", known.name),
            description=fields.get("description", known.description),
            updated_at=isoformat(now),
        )
        self._audiences[known.id] = updated
        return json_answer(200, asdict(updated))

    def _names(self) -> dict[str, str]:
        return {a.name: a.id for a in self._audiences.values()}


def _fields(
    arrival: Arrival,
    *,
    required: bool,
    own_id: str | None = None,
    taken: dict[str, str] | None = None,
) -> tuple[dict[str, str], Answer | None]:
    try:
        data = orjson.loads(arrival.body) if arrival.body else {}
    except orjson.JSONDecodeError:
        return {}, error_answer(400, "invalid_json", "the body is not JSON")
    if not isinstance(data, dict):
        return {}, error_answer(400, "invalid_body", 'send a JSON object: {"name", "description"}')
    fields = {k: data[k] for k in ("name", "description") if k in data}
    if any(not isinstance(v, str) for v in fields.values()):
        return {}, error_answer(400, "invalid_body", "name and description are strings")
    name = fields.get("name")
    if required and name is None:
        return {}, error_answer(400, "invalid_name", "an audience needs a name")
    if name is not None and not 1 <= len(name) <= MAX_NAME:
        message = f"audience names are 1 to {MAX_NAME} characters; got {len(name)}"
        return {}, error_answer(400, "invalid_name", message)
    return fields, None if name is None or taken is None else _taken(name, own_id, taken)


def _taken(name: str, own_id: str | None, taken: dict[str, str]) -> Answer | None:
    holder = taken.get(name)
    if holder is None or holder == own_id:
        return None
    return error_answer(409, "name_taken", f"audience {holder} is already named {name!r}")


def _not_allowed(method: str, allowed: str) -> Answer:
    answer = error_answer(405, "method_not_allowed", f"{method} is not allowed here")
    return answer.with_headers(("allow", allowed))


def is_audience_path(path: str) -> bool:
    return path in (ACCOUNT_PATH, PREFIX) or path.startswith(PREFIX + "/")
