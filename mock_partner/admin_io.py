"""How the admin API reads requests and writes answers: JSON in and out, errors as 4xx JSON."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from mock_partner.problems import validation_problems

ADMIN_MAX_BODY = 4 * 1024 * 1024
Model = TypeVar("Model", bound=BaseModel)


class AdminError(Exception):
    """A request the admin API refuses; becomes `{"error", "message", "details"}` with `status`."""

    def __init__(self, status: int, error: str, message: str, details: list[Any] | None = None):
        super().__init__(message)
        self.status, self.error, self.message, self.details = status, error, message, details or []


def reply(data: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(data), status, media_type="application/json")


async def read_json(request: Request, *, optional: bool = False) -> Any:
    """The body as JSON (None when `optional` and empty); 413, 415 or 400 when it can't be."""
    raw = await _read_limited(request)
    if optional and not raw.strip():
        return None
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        shown = media_type or "none"
        raise AdminError(415, "unsupported_media_type", f"send application/json, not {shown}")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise AdminError(400, "invalid_json", f"the body is not valid JSON: {error}") from None


async def _read_limited(request: Request) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > ADMIN_MAX_BODY:
            raise AdminError(
                413, "payload_too_large", f"admin bodies stop at {ADMIN_MAX_BODY} bytes"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def parse(model: type[Model], data: Any) -> Model:
    """`data` validated as `model`, or a 422 naming every field path that is wrong."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        details = [p.to_json() for p in validation_problems(model, error)]
        summary = "; ".join(f"{d['location'] or 'body'}: {d['message']}" for d in details)
        raise AdminError(422, "invalid_settings", summary, details) from None


async def admin_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AdminError)
    body = {"error": exc.error, "message": exc.message, "details": exc.details}
    return reply(body, exc.status)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    error = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_")
    message = f"{request.method} {request.url.path}: {exc.detail} (see /_admin/openapi.json)"
    response = reply({"error": error, "message": message, "details": []}, exc.status_code)
    response.headers.update(exc.headers or {})
    return response
