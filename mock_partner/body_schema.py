"""Checking received bodies against a JSON Schema the partner supplies (optional).

A schema is checked whole when it is set (see `schema_guard`): an invalid schema, a reference
outside the document, or a pattern RE2 cannot run are refused then, never at ingest time. The
validator resolves references only within the schema and matches patterns with RE2.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from jsonschema import Draft202012Validator, SchemaError, ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import extend, validator_for
from referencing.jsonschema import specification_with

from mock_partner.schema_guard import compile_pattern, safe_registry, schema_problems

CHECKED_METHODS = frozenset({"POST", "PUT", "PATCH"})


class BodySchema:
    """A compiled JSON Schema; `problem(body)` says why a body fails it (None when it passes)."""

    def __init__(self, schema: dict[str, Any]) -> None:
        """Raises:
        ValueError: the schema is not a valid JSON Schema, refers outside itself, or has a
            pattern RE2 refuses (the message says where)."""
        cls = validator_for(schema, default=Draft202012Validator)
        try:
            cls.check_schema(schema)
        except SchemaError as error:
            where = _json_path(error.absolute_path)
            raise ValueError(f"not a valid JSON Schema at {where}: {error.message}") from None
        dialect = str(schema.get("$schema", cls.META_SCHEMA["$id"]))
        resource = specification_with(dialect).create_resource(schema)
        problems = list(schema_problems(schema, resource))
        if problems:
            raise ValueError("; ".join(problems))
        self.schema = schema
        linear = extend(  # type: ignore[no-untyped-call]
            cls,
            {
                "pattern": _pattern,
                "patternProperties": _pattern_properties,
                "additionalProperties": _additional_properties,
            },
        )
        registry = safe_registry().with_resource(schema.get("$id", ""), resource)
        self._validator = linear(schema, registry=registry)

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


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not compile_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(
    validator: Any, patterns: dict[str, Any], instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        compiled = compile_pattern(pattern)
        for key, value in instance.items():
            if compiled.search(key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(
    validator: Any, additional: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    known = schema.get("properties", {})
    patterns = [compile_pattern(p) for p in schema.get("patternProperties", {})]
    extras = [
        key
        for key in instance
        if key not in known and not any(pattern.search(key) for pattern in patterns)
    ]
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif additional is False and extras:
        listed = ", ".join(repr(extra) for extra in sorted(extras))
        yield ValidationError(f"Additional properties are not allowed ({listed} unexpected)")


def _json_path(parts: Any) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path
