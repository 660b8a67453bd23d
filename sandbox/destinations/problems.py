"""Reading JSON/YAML input files and validating them with pydantic, as `Problem`s with JSON paths.

Reusable by any loader (destination configs, activations, scenarios):

    data = load_document(path)                   # InputError with line:column on bad syntax
    model, problems = validate_model(Model, data, "a.json")  # errors + unknown-field warnings
    warnings = raise_on_errors(problems)                    # one InputError listing every error

Unknown fields are never silently dropped and never fatal: each becomes a warning naming the field
path and, for a near miss, "did you mean X?". The model is then built from the remaining fields.
"""

from __future__ import annotations

import difflib
import json
import types
import typing
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from sandbox.errors import InputError, Problem, caret_excerpt, errors_only
from sandbox.input_limits import check_depth, check_yaml_graph, decode_utf8, too_deep

M = TypeVar("M", bound=BaseModel)
Loc = Sequence[str | int]


def load_document(path: Path) -> Any:
    """The parsed content of a JSON (or, by extension, YAML) file; bad syntax gives line:column."""
    try:
        text = decode_utf8(path.read_bytes(), str(path))
    except OSError as error:
        raise InputError.single(str(path), "", f"cannot read the file: {error.strerror}") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        return parse_yaml(text, str(path))
    return parse_json(text, str(path))


def parse_json(text: str, file: str) -> Any:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        excerpt = caret_excerpt(text, error.lineno, error.colno)
        raise InputError(Problem(file, where, f"invalid JSON: {error.msg}", excerpt)) from None
    except RecursionError:
        raise too_deep(file) from None
    check_depth(value, file)
    return value


def parse_yaml(text: str, file: str) -> Any:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is not None:
            check_yaml_graph(root, text, file)
        return yaml.safe_load(text)
    except RecursionError:
        raise too_deep(file) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"invalid YAML: {error.problem or error}"
        excerpt = caret_excerpt(text, line, column)
        raise InputError(Problem(file, f"line {line}, column {column}", message, excerpt)) from None
    except yaml.YAMLError as error:
        raise InputError.single(file, "", f"invalid YAML: {error}") from None


def json_path(loc: Loc, prefix: str = "") -> str:
    """`aggregation.bestEffortAggregation.maxUsersPerRequest`, `customerDataFields[0].type`."""
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part.isidentifier() or part.replace(".", "_").replace("-", "_").isidentifier():
            path += f".{part}" if path else part
        else:
            path += f"[{json.dumps(part)}]"
    return path


SUGGEST_AMONG = 5_000
"""Most names a did-you-mean searches (the search is linear in them, per unknown name)."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """` (did you mean "x"?)` for a near miss (case-insensitive), else ``."""
    names = list(candidates)
    if len(names) > SUGGEST_AMONG:
        return ""  # a near miss among so many names is no help, and costly to find
    lowered = {name.lower(): name for name in names}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f' (did you mean "{lowered[match[0]]}"?)' if match else ""


def validate_model(
    model: type[M], data: Any, file: str, prefix: str = ""
) -> tuple[M | None, list[Problem]]:
    """Validate `data`; unknown fields become warnings (and are left out), all else errors."""
    warnings: list[Problem] = []
    for _ in range(8):  # unknown fields nested in unknown fields: a few passes at most
        try:
            return model.model_validate(data), warnings
        except ValidationError as error:
            unknown = [e for e in error.errors() if e["type"] == "extra_forbidden"]
            others = [e for e in error.errors() if e["type"] != "extra_forbidden"]
            warnings += [_unknown_field(model, e["loc"], file, prefix) for e in unknown]
            if others:
                return None, [*_problems(model, others, file, prefix), *warnings]
            data = _without(data, [e["loc"] for e in unknown])
    return None, warnings


def raise_on_errors(problems: Sequence[Problem]) -> list[Problem]:
    """Raise one InputError listing every error; otherwise return the warnings."""
    if errors_only(problems):
        raise InputError(sorted(problems, key=lambda p: p.severity != "error"))
    return list(problems)


def warning(file: str, location: str, message: str, excerpt: str = "") -> Problem:
    return Problem(file, location, message, excerpt, severity="warning")


# -- turning pydantic errors into sentences ---------------------------------------------------


def _problems(model: type[BaseModel], errors: list[Any], file: str, prefix: str) -> list[Problem]:
    by_path: dict[str, list[Any]] = {}
    for error in errors:
        loc = _clean_loc(error["loc"])
        by_path.setdefault(json_path(loc, prefix), []).append((error, loc))
    problems = []
    for where, found in by_path.items():
        types_wanted = [_TYPE_WORDS[e["type"]] for e, _ in found if e["type"] in _TYPE_WORDS]
        if len(types_wanted) > 1:  # a union: every member refused the value
            value = found[0][0].get("input")
            wanted = ", ".join(dict.fromkeys(types_wanted))
            problems.append(
                Problem(
                    file,
                    where,
                    f"expected one of: {wanted}; got {_kind_of(value)} {_show(value, found[0][1])}",
                )
            )
            continue
        messages = dict.fromkeys(_message(e, model, loc) for e, loc in found)
        problems += [Problem(file, where, message) for message in messages]
    return problems


_UNION_TAGS = frozenset({"str", "int", "bool", "float", "none", "list", "dict"})


def _clean_loc(loc: Loc) -> list[str | int]:
    """Drop pydantic's internal steps (union members, validator names) from a location."""
    return [
        p
        for p in loc
        if isinstance(p, int) or not (p in _UNION_TAGS or p.startswith(("function-", "literal[")))
    ]


def _message(error: Any, model: type[BaseModel], loc: Loc) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "missing":
        return "this required field is missing"
    if kind in ("literal_error", "enum"):
        return f"{_show(value, loc)} is not allowed; allowed values: {_allowed(model, loc, ctx)}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind.endswith(("_type", "_parsing")):
        return f"expected {_TYPE_WORDS.get(kind, kind)}, got {_kind_of(value)} {_show(value, loc)}"
    return f"{error['msg']} (got {_show(value, loc)})"


_TYPE_WORDS = {
    "string_type": "a string",
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "an integer",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "float_type": "a number",
    "list_type": "a JSON array",
    "dict_type": "a JSON object",
    "model_type": "a JSON object",
    "model_attributes_type": "a JSON object",
}


def _kind_of(value: Any) -> str:
    names = {
        str: "string",
        bool: "boolean",
        int: "integer",
        float: "number",
        list: "array",
        dict: "object",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


SECRET_NAME_PARTS = ("secret", "password", "passwd", "token", "apikey", "api_key", "credential")
"""A field whose path has a part containing one of these never has its value echoed."""


def _show(value: Any, loc: Loc = ()) -> str:
    if any(word in str(part).lower() for part in loc for word in SECRET_NAME_PARTS):
        return "(value not shown: a secret field)"
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _allowed(model: type[BaseModel], loc: Loc, ctx: dict[str, Any]) -> str:
    annotation = _annotation_at(model, loc)
    values = [a for a in _flatten(annotation) if isinstance(a, str)] if annotation else []
    return ", ".join(values) if values else str(ctx.get("expected", "see the documentation"))


# -- unknown fields ---------------------------------------------------------------------------


def _unknown_field(model: type[BaseModel], loc: Loc, file: str, prefix: str) -> Problem:
    parent = _annotation_at(model, loc[:-1]) if loc[:-1] else model
    known = _field_names(parent)
    name = str(loc[-1])
    hint = did_you_mean(name, known)
    message = f'unknown field "{name}": the sandbox does not model it and ignores it{hint}'
    return warning(file, json_path(loc, prefix), message)


def _field_names(annotation: Any) -> list[str]:
    for candidate in _flatten(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return [f.alias or n for n, f in candidate.model_fields.items()]
    return []


def _annotation_at(model: type[BaseModel], loc: Loc) -> Any:
    """The type annotation found by walking `loc` down from `model` (None when lost)."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return None
    return current


def _step(annotation: Any, part: str | int) -> Any:
    for candidate in _flatten(annotation):
        if (
            isinstance(candidate, type)
            and issubclass(candidate, BaseModel)
            and isinstance(part, str)
        ):
            for name, info in candidate.model_fields.items():
                if part in (info.alias, name):
                    return info.annotation
        origin, args = typing.get_origin(candidate), typing.get_args(candidate)
        if origin in (list, tuple, Sequence) and isinstance(part, int) and args:
            return args[0]
        if origin is dict and isinstance(part, str) and len(args) == 2:
            return args[1]
    return None


def _flatten(annotation: Any) -> list[Any]:
    """The members of unions, Optionals, Literals and Annotated, flattened."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, typing.Literal, typing.Annotated):
        args = typing.get_args(annotation)
        members = args[:1] if origin is typing.Annotated else args
        return [flat for member in members for flat in _flatten(member)]
    return [annotation]


def _without(data: Any, locs: list[Loc]) -> Any:
    """A copy of `data` with the values at `locs` removed."""
    if not locs:
        return data
    if isinstance(data, dict):
        here = {loc[0] for loc in locs if len(loc) == 1}
        return {
            k: _without(v, [loc[1:] for loc in locs if len(loc) > 1 and loc[0] == k])
            for k, v in data.items()
            if k not in here
        }
    if isinstance(data, list):
        return [
            _without(v, [loc[1:] for loc in locs if len(loc) > 1 and loc[0] == i])
            for i, v in enumerate(data)
        ]
    return data


class Findings:
    """The problems rules find in one file: `found.error(path, message)`, `found.warn(...)`."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, location: str, message: str) -> None:
        self.problems.append(Problem(self.file, location, message))

    def warn(self, location: str, message: str) -> None:
        self.problems.append(warning(self.file, location, message))
