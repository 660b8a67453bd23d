"""AEP's rules for a Custom Personalization workspace, and its load errors said as `Problem`s.

Rules (aep-destinations.md §7.1): the integration alias is a unique field, so no two connections
share it; a connection points at an existing datastream with Personalization Destinations
enabled and maps existing audiences; at most 10 such destinations per sandbox and 30 mapped
attributes each; attributes only on the "with attributes" variant.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import yaml
from pydantic import ValidationError

from sandbox.errors import Problem, caret_excerpt

if TYPE_CHECKING:
    from sandbox.edge.workspace import DestinationModel, WorkspaceModel

MAX_DESTINATIONS = 10
MAX_ATTRIBUTES = 30


def yaml_problem(error: yaml.YAMLError, text: str, file: str) -> Problem:
    mark = getattr(error, "problem_mark", None)
    reason = getattr(error, "problem", None) or str(error)
    if mark is None:
        return Problem(file, "", f"not valid YAML: {reason}")
    line, column = mark.line + 1, mark.column + 1
    excerpt = caret_excerpt(text, line, column)
    return Problem(file, f"line {line}, column {column}", f"not valid YAML: {reason}", excerpt)


def pydantic_problems(error: ValidationError, file: str) -> list[Problem]:
    return [
        Problem(file, field_path(item["loc"]), _message(item["msg"], item["type"]))
        for item in error.errors(include_url=False)
    ]


def field_path(location: Iterable[int | str]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _message(message: str, kind: str) -> str:
    if kind == "extra_forbidden":
        return "unknown field; see the workspace format in sandbox/edge/default_workspace.yaml"
    if kind == "string_pattern_mismatch":
        return f"{message} (an IMS org id such as 53A16ACB5CC1D3760A495C99@AdobeOrg)"
    return message


def check_rules(model: WorkspaceModel, file: str) -> list[Problem]:
    problems = [
        *_duplicates("datastreams", [d.id for d in model.datastreams], "datastream id", file),
        *_duplicates("audiences", [a.id for a in model.audiences], "audience id", file),
        *_duplicates("destinations", [d.id for d in model.destinations], "destination id", file),
    ]
    problems += _aliases(model.destinations, file)
    if len(model.destinations) > MAX_DESTINATIONS:
        problems.append(
            Problem(
                file,
                "destinations",
                f"{len(model.destinations)} Custom Personalization destinations; "
                f"AEP allows at most {MAX_DESTINATIONS} per sandbox",
            )
        )
    for index, destination in enumerate(model.destinations):
        problems += _destination_problems(model, index, destination, file)
    return problems


def _duplicates(section: str, ids: list[str], what: str, file: str) -> list[Problem]:
    problems = []
    for index, value in enumerate(ids):
        first = ids.index(value)
        if first != index:
            message = f"{what} '{value}' is already used by {section}[{first}]; ids are unique"
            problems.append(Problem(file, f"{section}[{index}].id", message))
    return problems


def _aliases(destinations: list[DestinationModel], file: str) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for index, destination in enumerate(destinations):
        first = seen.setdefault(destination.alias, index)
        if first != index:
            message = (
                f"integration alias '{destination.alias}' is already used by "
                f"destinations[{first}] ('{destinations[first].name}'); the alias is a unique "
                "field, so every Custom Personalization connection needs its own"
            )
            problems.append(Problem(file, f"destinations[{index}].alias", message))
    return problems


def _destination_problems(
    model: WorkspaceModel, index: int, destination: DestinationModel, file: str
) -> list[Problem]:
    at = f"destinations[{index}]"
    problems = []
    streams = {d.id: d for d in model.datastreams}
    stream = streams.get(destination.datastreamId)
    if stream is None or not stream.personalizationDestinations:
        known = ", ".join(d.id for d in model.datastreams if d.personalizationDestinations)
        message = (
            f"datastream '{destination.datastreamId}' is not defined with Personalization "
            f"Destinations enabled; allowed: {known or '(none)'}"
        )
        problems.append(Problem(file, f"{at}.datastreamId", message))
    audience_ids = {a.id for a in model.audiences}
    for position, audience_id in enumerate(destination.audiences):
        if audience_id not in audience_ids:
            message = f"audience '{audience_id}' is not defined under `audiences`"
            problems.append(Problem(file, f"{at}.audiences[{position}]", message))
    problems += _attribute_problems(destination, at, file)
    return problems


def _attribute_problems(destination: DestinationModel, at: str, file: str) -> list[Problem]:
    if destination.attributes and not destination.withAttributes:
        message = "attributes are mapped only on the 'with attributes' variant: set withAttributes"
        return [Problem(file, f"{at}.attributes", message)]
    if len(destination.attributes) > MAX_ATTRIBUTES:
        message = f"{len(destination.attributes)} mapped attributes; at most {MAX_ATTRIBUTES}"
        return [Problem(file, f"{at}.attributes", message)]
    return []
