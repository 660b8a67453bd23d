"""The admin and verification API under `/_admin/`: the log, faults, auth, schema, tokens, stream.

Described by `/_admin/openapi.json`. Its own requests are never recorded as partner traffic.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mock_partner.admin_io import AdminError, admin_error, http_error, parse, read_json, reply
from mock_partner.auth import AuthSettings
from mock_partner.faults import FaultRule, FaultSettings
from mock_partner.filters import RecordFilter
from mock_partner.openapi import openapi_document
from mock_partner.state import PartnerState
from mock_partner.stream import stream_response


class SchemaBody(BaseModel):
    """`PUT /_admin/schema`: the JSON Schema that POST/PUT/PATCH bodies must match."""

    model_config = ConfigDict(extra="forbid")
    body_schema: dict[str, Any] = Field(alias="schema")


class TokenChoice(BaseModel):
    """`POST /_admin/oauth/expire|revoke`: one token, or every token when absent."""

    model_config = ConfigDict(extra="forbid")
    token: str | None = None


def admin_app(state: PartnerState) -> Starlette:
    """The Starlette app serving `/_admin/*` for `state`."""
    api = AdminApi(state)
    routes = [
        Route("/_admin/health", api.health, methods=["GET"]),
        Route("/_admin/requests", api.list_requests, methods=["GET"]),
        Route("/_admin/requests", api.clear, methods=["DELETE"]),
        Route("/_admin/requests/{sequence:int}", api.one_request, methods=["GET"]),
        Route("/_admin/count", api.count, methods=["GET"]),
        Route("/_admin/faults", api.faults, methods=["GET", "PUT", "POST", "DELETE"]),
        Route("/_admin/auth", api.auth, methods=["GET", "PUT"]),
        Route("/_admin/schema", api.schema, methods=["GET", "PUT", "DELETE"]),
        Route("/_admin/oauth/tokens", api.tokens, methods=["GET"]),
        Route("/_admin/oauth/expire", api.expire, methods=["POST"]),
        Route("/_admin/oauth/revoke", api.revoke, methods=["POST"]),
        Route("/_admin/stream", api.stream, methods=["GET"]),
        Route("/_admin/openapi.json", api.openapi, methods=["GET"]),
    ]
    handlers = {AdminError: admin_error, HTTPException: http_error}
    return Starlette(routes=routes, exception_handlers=handlers)


class AdminApi:
    """One method per admin route; each reads `state` or changes it."""

    def __init__(self, state: PartnerState) -> None:
        self.state = state

    async def health(self, request: Request) -> Response:
        return reply(self.state.health())

    async def list_requests(self, request: Request) -> Response:
        query = _filters(request)
        if query.limit is not None and query.tail is not None:
            detail = [{"location": "", "message": "give limit (oldest) or tail (newest)"}]
            raise AdminError(422, "invalid_settings", detail[0]["message"], detail)
        records = self.state.log.select(query)
        return reply({"requests": [r.to_json() for r in records], "count": len(records)})

    async def one_request(self, request: Request) -> Response:
        sequence = request.path_params["sequence"]
        record = self.state.log.get(sequence)
        if record is None:
            raise AdminError(404, "not_found", f"no retained request with sequence {sequence}")
        return reply(record.to_json())

    async def clear(self, request: Request) -> Response:
        self.state.clear()
        return reply(self.state.log.stats())

    async def count(self, request: Request) -> Response:
        count = self.state.log.count(_filters(request))
        return reply({"count": count, **self.state.log.stats()})

    async def faults(self, request: Request) -> Response:
        if request.method == "PUT":
            self.state.set_faults(parse(FaultSettings, await read_json(request)))
        elif request.method == "POST":
            self.state.add_fault(parse(FaultRule, await read_json(request)))
        elif request.method == "DELETE":
            self.state.clear_faults()
        return reply(self.state.faults.describe())

    async def auth(self, request: Request) -> Response:
        if request.method == "PUT":
            self.state.set_auth(parse(AuthSettings, await read_json(request)))
        return reply(_masked(self.state.auth.model_dump(mode="json")))

    async def schema(self, request: Request) -> Response:
        if request.method == "PUT":
            self._set_schema(parse(SchemaBody, await read_json(request)).body_schema)
        elif request.method == "DELETE":
            self.state.set_schema(None)
        current = None if self.state.schema is None else self.state.schema.schema
        return reply({"schema": current})

    def _set_schema(self, schema: dict[str, Any]) -> None:
        try:
            self.state.set_schema(schema)
        except ValueError as error:
            detail = [{"location": "schema", "message": str(error)}]
            raise AdminError(422, "invalid_schema", str(error), detail) from None

    async def tokens(self, request: Request) -> Response:
        return reply({"tokens": self.state.tokens.describe(self.state.clock())})

    async def expire(self, request: Request) -> Response:
        choice = parse(TokenChoice, await read_json(request, optional=True) or {})
        changed = self.state.tokens.expire(self.state.clock(), choice.token)
        return reply({"expired": changed})

    async def revoke(self, request: Request) -> Response:
        choice = parse(TokenChoice, await read_json(request, optional=True) or {})
        changed = self.state.tokens.revoke(self.state.clock(), choice.token)
        return reply({"revoked": changed})

    async def stream(self, request: Request) -> Response:
        return stream_response(self.state.log, _filters(request))

    async def openapi(self, request: Request) -> Response:
        return reply(openapi_document())


SECRET_SETTINGS = ("password", "token", "client_secret")
"""Auth settings never returned in clear by the admin API (shown as `***`)."""


def _masked(settings: dict[str, Any]) -> dict[str, Any]:
    return {k: "***" if k in SECRET_SETTINGS and v else v for k, v in settings.items()}


def _filters(request: Request) -> RecordFilter:
    return parse(RecordFilter, dict(request.query_params))
