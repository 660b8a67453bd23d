"""pydantic validation errors turned into Problems that name the file, the line and the field path."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError

from sandbox.errors import Problem, caret_excerpt
from sandbox.scenario.yaml_source import YamlSource


def clean_location(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Drop the union tags pydantic inserts (`steps.0.advance.advance` → `steps.0.advance`)."""
    cleaned: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and part.startswith("function-"):
            continue
        if cleaned and part == cleaned[-1] and len(cleaned) >= 2 and isinstance(cleaned[-2], int):
            continue
        cleaned.append(part)
    return tuple(cleaned)


def dotted(location: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in location) or "(top level)"


def problems_from(error: ValidationError, source: YamlSource) -> list[Problem]:
    problems = []
    for item in error.errors():
        location = clean_location(item["loc"])
        problems.append(_problem(item, location, source))
    return problems


def _problem(item: Any, location: tuple[str | int, ...], source: YamlSource) -> Problem:
    message = _message(item, location)
    line = source.line_of(location)
    where = f"line {line}: {dotted(location)}" if line else dotted(location)
    excerpt = caret_excerpt(source.text, line, _column(source.text, line)) if line else ""
    return Problem(source.name, where, message, excerpt)


def _column(text: str, line: int) -> int:
    lines = text.splitlines()
    content = lines[line - 1] if 0 < line <= len(lines) else ""
    return len(content) - len(content.lstrip(" -")) + 1


def _message(item: Any, location: tuple[str | int, ...]) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        return f"unknown field {location[-1]!r}; {_allowed(item)}"
    if kind == "union_tag_invalid":
        context = item.get("ctx", {})
        tag = str(context.get("tag", "?"))
        allowed = [t.strip(" '") for t in str(context.get("expected_tags", "")).split(",")]
        near = difflib.get_close_matches(tag, allowed, n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        return f"unknown kind {tag!r}{hint} Allowed: {', '.join(allowed)}"
    if kind == "missing":
        return f"the field {location[-1]!r} is required"
    text = str(item["msg"]).removeprefix("Value error, ")
    return (
        f"{text} (got {item.get('input')!r})" if "input" in item and kind != "value_error" else text
    )


def _allowed(item: Any) -> str:
    return "remove it or check its spelling against the scenario schema (scenarios/scenario.schema.json)"
