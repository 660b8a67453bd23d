"""Checking received bodies against a JSON Schema the partner supplies (optional)."""

from __future__ import annotations

from typing import Any

import orjson
from jsonschema import Draft202012Validator, SchemaError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for

CHECKED_METHODS = frozenset({"POST", "PUT", "PATCH"})


class BodySchema:
    """A compiled JSON Schema; `problem(body)` says why a body fails it (None when it passes)."""

    def __init__(self, schema: dict[str, Any]) -> None:
        """Raises:
        ValueError: the schema itself is not a valid JSON Schema (the message says where)."""
        cls = validator_for(schema, default=Draft202012Validator)
        try:
            cls.check_schema(schema)
        except SchemaError as error:
            where = _json_path(error.absolute_path)
            raise ValueError(f"not a valid JSON Schema at {where}: {error.message}") from None
        self.schema = schema
        self._validator = cls(schema)

    def problem(self, body: bytes) -> tuple[str, str] | None:
        """(JSON path, reason) for the most relevant failure, or None when the body conforms."""
        try:
            document = orjson.loads(body) if body else None
        except orjson.JSONDecodeError as error:
            return "$", f"the body is not valid JSON ({error}), so it cannot match the schema"
        failure = best_match(self._validator.iter_errors(document))
        if failure is None:
            return None
        return _json_path(failure.absolute_path), failure.message


def _json_path(parts: Any) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path
