"""The OpenAPI 3.1 document of the admin API, built from the pydantic models it validates with."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from mock_partner.auth import AuthSettings
from mock_partner.faults import FaultRule, FaultSettings
from mock_partner.filters import RecordFilter

REF = "#/components/schemas/{model}"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(name: str, required: bool = True) -> dict[str, Any]:
    return {"required": required, "content": {"application/json": {"schema": _ref(name)}}}


ERRORS = {
    "400": _json(_ref("Error"), "The body is not valid JSON"),
    "413": _json(_ref("Error"), "The body is too large"),
    "415": _json(_ref("Error"), "The body is not application/json"),
    "422": _json(_ref("Error"), "Invalid settings or filters; `details` names each field"),
}


def _operation(
    op_id: str,
    summary: str,
    answer: str,
    body: str | None = None,
    filters: bool = False,
    optional_body: bool = False,
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": op_id,
        "summary": summary,
        "responses": {"200": _json(_ref(answer))},
    }
    if body:
        operation["requestBody"] = _body(body, not optional_body)
    if filters:
        operation["parameters"] = _filter_parameters()
    if body or filters:
        operation["responses"].update(ERRORS)
    return operation


def _filter_parameters() -> list[dict[str, Any]]:
    schema = RecordFilter.model_json_schema()
    return [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": field.get("description", ""),
            "schema": _query_schema(field),
        }
        for name, field in schema["properties"].items()
    ]


def _query_schema(field: dict[str, Any]) -> dict[str, Any]:
    kinds = [option.get("type") for option in field.get("anyOf", [field])]
    return {"type": "integer"} if "integer" in kinds else {"type": "string"}


def _paths() -> dict[str, Any]:
    op = _operation
    return {
        "/_admin/health": {"get": op("health", "Liveness and totals", "Health")},
        "/_admin/requests": {
            "get": op(
                "listRequests", "Recorded requests, oldest first", "RequestList", filters=True
            ),
            "delete": op("clearRequests", "Forget the log and its totals", "Stats"),
        },
        "/_admin/requests/{sequence}": {
            "get": {
                **op("getRequest", "One recorded request", "RequestRecord"),
                "parameters": [
                    {
                        "name": "sequence",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
            }
        },
        "/_admin/count": {"get": op("countRequests", "How many match", "Count", filters=True)},
        "/_admin/faults": {
            "get": op("getFaults", "Fault rules in force, with counters", "FaultState"),
            "put": op("setFaults", "Replace every rule", "FaultState", "FaultSettings"),
            "post": op("addFault", "Append one rule", "FaultState", "FaultRule"),
            "delete": op("clearFaults", "Remove every rule", "FaultState"),
        },
        "/_admin/auth": {
            "get": op("getAuth", "Credentials required", "AuthSettings"),
            "put": op("setAuth", "Require other credentials", "AuthSettings", "AuthSettings"),
        },
        "/_admin/schema": {
            "get": op("getSchema", "The body JSON Schema", "SchemaBody"),
            "put": op(
                "setSchema", "Check bodies against a JSON Schema", "SchemaBody", "SchemaBody"
            ),
            "delete": op("clearSchema", "Stop checking bodies", "SchemaBody"),
        },
        "/_admin/oauth/tokens": {"get": op("listTokens", "Tokens issued", "TokenList")},
        "/_admin/oauth/expire": {
            "post": op(
                "expireTokens",
                "Expire access tokens now",
                "Changed",
                "TokenChoice",
                optional_body=True,
            )
        },
        "/_admin/oauth/revoke": {
            "post": op(
                "revokeTokens",
                "Revoke access and refresh tokens",
                "Changed",
                "TokenChoice",
                optional_body=True,
            )
        },
        "/_admin/stream": {
            "get": {
                "operationId": "streamRequests",
                "parameters": _filter_parameters(),
                "summary": "Server-Sent Events: one `data:` RequestRecord per request",
                "responses": {
                    "200": {
                        "description": "An event stream",
                        "content": {"text/event-stream": {"schema": {"type": "string"}}},
                    },
                    **ERRORS,
                },
            }
        },
        "/_admin/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "responses": {"200": _json({"type": "object"})},
            }
        },
    }


def _record_schemas() -> dict[str, Any]:
    pairs = {
        "type": "array",
        "items": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2},
    }
    nullable_int = {"type": ["integer", "null"]}
    nullable_str = {"type": ["string", "null"]}
    answer = {
        "type": "object",
        "properties": {
            "status": nullable_int,
            "headers": pairs,
            "body": {"type": "string"},
            "latency": {"type": "number"},
            "fault": nullable_str,
            "note": nullable_str,
        },
    }
    record = {
        "type": "object",
        "properties": {
            "sequence": {"type": "integer"},
            "method": {"type": "string"},
            "path": {"type": "string"},
            "query": {"type": "string"},
            "headers": pairs,
            "body": {"type": "string"},
            "body_encoding": {"enum": ["utf-8", "base64"]},
            "json": {},
            "json_error": nullable_str,
            "received_at": {"type": "string", "format": "date-time"},
            "answer": _ref("Answer"),
        },
    }
    return {"Answer": answer, "RequestRecord": record}


def _other_schemas() -> dict[str, Any]:
    obj: dict[str, Any] = {"type": "object"}
    stats = {
        "type": "object",
        "properties": {
            name: {"type": "integer"} for name in ("total", "retained", "evicted", "max_records")
        },
    }
    return {
        "RequestList": {
            "type": "object",
            "properties": {
                "requests": {"type": "array", "items": _ref("RequestRecord")},
                "count": {"type": "integer"},
            },
        },
        "Stats": stats,
        "Count": {
            "allOf": [stats, {"type": "object", "properties": {"count": {"type": "integer"}}}]
        },
        "Health": obj,
        "FaultState": {
            "type": "object",
            "properties": {
                "seed": {"type": ["integer", "null"]},
                "faults": {"type": "array", "items": obj},
            },
        },
        "SchemaBody": {"type": "object", "properties": {"schema": {"type": ["object", "null"]}}},
        "TokenChoice": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"token": {"type": ["string", "null"]}},
        },
        "TokenList": {"type": "object", "properties": {"tokens": {"type": "array", "items": obj}}},
        "Changed": obj,
        "Error": {
            "type": "object",
            "required": ["error", "message"],
            "properties": {
                "error": {"type": "string"},
                "message": {"type": "string"},
                "details": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "location": {"type": "string"},
                            "message": {"type": "string"},
                        },
                    },
                },
            },
        },
    }


@cache
def openapi_document() -> dict[str, Any]:
    """The whole document (built once)."""
    models: list[type[BaseModel]] = [FaultSettings, FaultRule, AuthSettings]
    _, defs = models_json_schema([(m, "validation") for m in models], ref_template=REF)
    schemas = {**defs["$defs"], **_record_schemas(), **_other_schemas()}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "mock_partner admin API",
            "version": "1.0.0",
            "description": "Verify what the mock partner received and set its faults.",
        },
        "paths": _paths(),
        "components": {"schemas": schemas},
    }
