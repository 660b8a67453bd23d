"""Reading audience definition files (JSON or YAML) into compiled audiences, every problem located.

A file holds one of:
- a single definition object (AEP's `POST /segment/definitions` body or response);
- a list of definitions;
- `{"audiences": [...]}`;
- `{"segments": [...]}`, AEP's `GET /segment/definitions` response (`page`, `link` ignored).
Problems name the field path, e.g. `segments[2].expression.value, line 1, column 14`.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from sandbox.errors import InputError, Problem, caret_excerpt
from sandbox.segments.definition import Audience, AudienceDocument, audience_from_document

_WRAPPERS = {"audiences": (), "segments": ("page", "link")}


@dataclass(frozen=True)
class AudienceCatalog:
    audiences: tuple[Audience, ...]
    warnings: tuple[Problem, ...] = ()


def load_audiences(path: Path | str) -> AudienceCatalog:
    """Audiences from a `.json`, `.yaml` or `.yml` file; InputError listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError.single(str(path), "", f"cannot read the audience file: {error}") from None
    return parse_audiences(parse_document(text, str(path), path.suffix), str(path))


def parse_document(text: str, file: str, suffix: str = ".json") -> Any:
    """JSON, or YAML for `.yaml`/`.yml`; bad syntax is reported at its line and column."""
    if suffix.lower() in (".yaml", ".yml"):
        try:
            return yaml.safe_load(text)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            message = f"invalid YAML: {error.problem or error}"
            raise InputError(
                Problem(
                    file,
                    f"line {line}, column {column}",
                    message,
                    caret_excerpt(text, line, column),
                )
            ) from None
        except yaml.YAMLError as error:
            raise InputError.single(file, "", f"invalid YAML: {error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        excerpt = caret_excerpt(text, error.lineno, error.colno)
        raise InputError(Problem(file, where, f"invalid JSON: {error.msg}", excerpt)) from None


def parse_audiences(data: Any, file: str) -> AudienceCatalog:
    """Audiences from already-parsed data (e.g. a scenario's embedded definitions)."""
    problems: list[Problem] = []
    located: list[tuple[str, Audience]] = []
    for prefix, entry in _entries(data, file):
        try:
            document = AudienceDocument.model_validate(entry)
            audience, warnings = audience_from_document(document, file=file, prefix=prefix)
        except ValidationError as error:
            problems.extend(validation_problems(error, file, prefix))
            continue
        except InputError as error:
            problems.extend(error.problems)
            continue
        problems.extend(warnings)
        located.append((prefix, audience))
    problems.extend(_duplicates(located, file))
    audiences, edge_warnings = _edge_references(located, file)
    problems.extend(edge_warnings)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    return AudienceCatalog(tuple(audiences), tuple(problems))


def _entries(data: Any, file: str) -> list[tuple[str, Any]]:
    if isinstance(data, list):
        return [(f"[{index}].", entry) for index, entry in enumerate(data)]
    if isinstance(data, dict):
        for key, ignored in _WRAPPERS.items():
            if key in data and isinstance(data[key], list):
                unknown = set(data) - {key, *ignored}
                if unknown:
                    raise InputError.single(
                        file,
                        sorted(unknown)[0],
                        f"unknown field next to `{key}`; allowed: {key}"
                        + "".join(f", {name}" for name in ignored),
                    )
                return [(f"{key}[{index}].", entry) for index, entry in enumerate(data[key])]
        return [("", data)]
    raise InputError.single(
        file,
        "",
        "expected an audience definition object, a list of them, "
        '{"audiences": [...]} or {"segments": [...]}',
    )


def _duplicates(located: list[tuple[str, Audience]], file: str) -> list[Problem]:
    seen: set[str] = set()
    problems: list[Problem] = []
    for prefix, audience in located:
        if audience.id in seen:
            message = (
                f"another audience already has the id {audience.id!r}; ids must be unique "
                "(an audience without an id gets one derived from its name)"
            )
            problems.append(Problem(file, f"{prefix}id", message))
        seen.add(audience.id)
    return problems


def _edge_references(
    located: list[tuple[str, Audience]], file: str
) -> tuple[list[Audience], list[Problem]]:
    """Edge takes an event plus `inSegment` only when the referenced audience reads no events."""
    by_id = {audience.id: audience for _, audience in located}
    kept: list[Audience] = []
    warnings: list[Problem] = []
    for prefix, audience in located:
        compiled = audience.compiled
        eventful = sorted(
            r for r in compiled.references if r in by_id and by_id[r].compiled.uses_events
        )
        if audience.mode == "edge" and compiled.uses_events and eventful:
            message = (
                f"audience {audience.name!r} asks for edge evaluation, but it combines an event "
                f"with inSegment({eventful[0]!r}), which reads events too; AEP evaluates it "
                "in batch, and so does the sandbox"
            )
            warnings.append(Problem(file, f"{prefix}evaluationInfo", message, severity="warning"))
            audience = replace(audience, mode="batch")
        kept.append(audience)
    return kept, warnings


def validation_problems(error: ValidationError, file: str, prefix: str = "") -> list[Problem]:
    """pydantic errors as Problems with field paths; unknown fields list what is allowed."""
    problems = []
    for item in error.errors():
        location = prefix + _dotted(item["loc"])
        message = str(item["msg"])
        if item["type"] == "extra_forbidden":
            allowed = ", ".join(_allowed_fields(item["loc"][:-1]))
            message = f"unknown field; allowed here: {allowed}"
        elif item["type"] == "missing":
            message = "this required field is missing"
        problems.append(Problem(file, location.rstrip("."), message))
    return problems


def _dotted(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _allowed_fields(loc: tuple[int | str, ...]) -> list[str]:
    model: type[BaseModel] = AudienceDocument
    for part in loc:
        field = next((f for n, f in model.model_fields.items() if part in (n, f.alias)), None)
        inner = _model_in(field.annotation) if field else None
        if inner is None:
            return []
        model = inner
    return [field.alias or name for name, field in model.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return next(filter(None, (_model_in(arg) for arg in typing.get_args(annotation))), None)
    return None
