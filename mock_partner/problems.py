"""How invalid settings are reported: one line per problem, with its field path and what is allowed.

The same problems go to stderr (exit 2) at start-up and into the admin API's 422 bodies.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError


@dataclass(frozen=True)
class Problem:
    location: str
    """A field path (`faults[0].latency.min`), a flag (`--status`) or `line L, column C`."""
    message: str

    def to_json(self) -> dict[str, str]:
        return {"location": self.location, "message": self.message}


class ConfigError(Exception):
    """Settings the partner refuses; `report()` is the paragraph shown to the user."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        lines = [
            f"{self.source}: {p.location}: {p.message}"
            if p.location
            else f"{self.source}: {p.message}"
            for p in self.problems
        ]
        return "\n".join(lines)


def validation_problems(
    model: type[BaseModel], error: ValidationError, prefix: str = ""
) -> list[Problem]:
    """One Problem per pydantic error: the field path, and for unknown fields the known ones."""
    problems = []
    for item in error.errors(include_url=False):
        location = field_path(item["loc"], prefix)
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            allowed = known_fields(model, item["loc"][:-1])
            message = f"unknown field; allowed: {', '.join(allowed)}" if allowed else message
        problems.append(Problem(location, message))
    return problems


def field_path(loc: tuple[int | str, ...], prefix: str = "") -> str:
    path = prefix
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def known_fields(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The field names (aliases where set) of the model found at `loc` inside `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = _field(current, part)
        if field is None:
            return []
        current = _model_in(field.annotation)
    if not (isinstance(current, type) and issubclass(current, BaseModel)):
        return []
    return [info.alias or name for name, info in current.model_fields.items()]


def _field(model: Any, name: str) -> Any:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return None
    fields = model.model_fields
    return fields.get(name) or next((f for f in fields.values() if f.alias == name), None)


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None and not isinstance(annotation, types.UnionType):
        return None
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None
