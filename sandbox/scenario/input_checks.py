"""What a scenario's types allow but its run would refuse, found when it is loaded (#14 item 11).

A count range no value can satisfy (`{min: 5, max: 1}`), a JSONPath or regular expression that
does not parse, a header name no request can carry, and fault rules the mock partner would refuse:
each becomes a problem at its field path (the loader adds the line), so `validate` reports it and
`run` never starts. Fault rules and auth settings are checked by the mock partner's own rules, run
as a process (`python -m mock_partner.settings_check`): the sandbox never imports the partner.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

from jsonpath_ng.ext.parser import parse as parse_jsonpath
from pydantic import BaseModel

from sandbox.destinations.body_checks import header_name_fault
from sandbox.errors import SimulationError
from sandbox.scenario import model, patterns

Location = tuple[str | int, ...]
Found = tuple[Location, str]
CHECK_TIMEOUT = 30.0


def input_problems(scenario: model.Scenario) -> list[Found]:
    """Every problem of the kinds above, as (field path, message)."""
    found = list(_walk(scenario, ()))
    return found + partner_problems(scenario)


def _walk(node: Any, where: Location) -> Iterator[Found]:
    if isinstance(node, model.Count):
        yield from _count(node, where)
    elif isinstance(node, model.BodyAssertion):
        yield from _assertion(node, where)
    elif isinstance(node, model.PartnerReceivedBody):
        yield from _headers(node.headers, (*where, "headers"))
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _walk(getattr(node, name), (*where, name))
    elif isinstance(node, list | tuple):
        for index, item in enumerate(node):
            yield from _walk(item, (*where, index))


def _count(count: model.Count, where: Location) -> Iterator[Found]:
    for name in ("min", "max"):
        value = getattr(count, name)
        if value is not None and value < 0:
            yield (*where, name), f"a count is at least 0, got {value}"
    if count.min is not None and count.max is not None and count.min > count.max:
        yield where, f"min {count.min} is above max {count.max}: no count can satisfy this range"


def _assertion(assertion: model.BodyAssertion, where: Location) -> Iterator[Found]:
    try:
        parse_jsonpath(assertion.path)
    except Exception as error:  # jsonpath_ng raises several exception types
        yield (
            (*where, "path"),
            (f"{assertion.path!r} is not a valid JSONPath ({error}); e.g. $.profiles[*].email"),
        )
    if assertion.matches is not None:
        yield from _regex(assertion.matches, (*where, "matches"))


def _headers(headers: dict[str, str], where: Location) -> Iterator[Found]:
    for name, pattern in headers.items():
        fault = header_name_fault(name)
        if fault:
            yield (*where, name), f"{fault}; no request can carry it, so this never matches"
        yield from _regex(pattern, (*where, name))


def _regex(pattern: str, where: Location) -> Iterator[Found]:
    error = patterns.compile_error(pattern)
    if error is not None:
        yield where, f"{pattern!r} is not a valid regular expression: {error}"


def partner_problems(scenario: model.Scenario) -> list[Found]:
    """Fault rules (`partner.faults`, `partner_faults` steps) and auth settings (`partner.auth`)
    the mock partner would refuse."""
    fault_sets: list[tuple[Location, list[Any]]] = []
    if scenario.partner.faults:
        fault_sets.append((("partner", "faults"), list(scenario.partner.faults)))
    for index, step in enumerate(scenario.steps):
        if isinstance(step, model.PartnerFaults) and step.partner_faults:
            fault_sets.append((("steps", index, "partner_faults"), list(step.partner_faults)))
    auth = [scenario.partner.auth] if scenario.partner.auth is not None else []
    if not fault_sets and not auth:
        return []
    answer = _ask_partner({"faults": [rules for _, rules in fault_sets], "auth": auth})
    found = [
        ((*base, *_rule_location(problem["loc"])), str(problem["message"]))
        for (base, _), problems in zip(fault_sets, answer["faults"], strict=True)
        for problem in problems
    ]
    found += [
        (("partner", "auth", *_parts(problem["loc"])), str(problem["message"]))
        for problems in answer["auth"]
        for problem in problems
    ]
    return found


def _parts(loc: list[Any]) -> list[str | int]:
    return [part for part in loc if isinstance(part, str | int)]


def _rule_location(loc: list[Any]) -> Location:
    """The partner's location inside `{"faults": [...]}`, without that wrapper."""
    parts = _parts(loc)
    return tuple(parts[1:] if parts[:1] == ["faults"] else parts)


def _ask_partner(request: dict[str, Any]) -> dict[str, Any]:
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mock_partner.settings_check"],
            input=json.dumps(request, default=str),
            capture_output=True,
            text=True,
            timeout=CHECK_TIMEOUT,
            check=False,
        )
        answer = json.loads(done.stdout) if done.returncode == 0 else None
    except (OSError, subprocess.TimeoutExpired, ValueError) as error:
        raise SimulationError(f"the mock partner's settings check failed: {error}") from None
    if not isinstance(answer, dict) or [len(answer.get(k, [])) for k in request] != [
        len(v) for v in request.values()
    ]:
        detail = done.stderr.strip().splitlines()[-1:] or ["no answer"]
        raise SimulationError(f"the mock partner's settings check failed: {detail[0]}")
    return answer
