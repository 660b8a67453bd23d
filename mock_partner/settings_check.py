"""`python -m mock_partner.settings_check`: check settings as the admin API would, without a server.

The sandbox's `validate` and scenario loader run it, so a bad fault rule or auth setting in a
scenario is reported against the scenario's file and line before any run (the sandbox reaches the
partner only as a process or over HTTP, never by import).

stdin: `{"faults": [rule list, ...], "auth": [auth settings, ...]}`; stdout: the same shape with,
for each entry, its problems as `{"loc": [...], "message": ...}` (`[]` when it is fine). Fault
locations are inside `{"faults": [...]}`, as `PUT /_admin/faults` takes them.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import BaseModel, ValidationError

from mock_partner.auth import AuthSettings
from mock_partner.faults import FaultSettings
from mock_partner.problems import validation_problems


def check(model: type[BaseModel], data: Any) -> list[dict[str, Any]]:
    """The problems of `data` as `model`, each with its pydantic location."""
    try:
        model.model_validate(data)
    except ValidationError as error:
        messages = validation_problems(model, error)
        locations = [list(item["loc"]) for item in error.errors(include_url=False)]
        return [
            {"loc": loc, "message": problem.message}
            for loc, problem in zip(locations, messages, strict=True)
        ]
    return []


def check_all(request: dict[str, Any]) -> dict[str, list[list[dict[str, Any]]]]:
    return {
        "faults": [check(FaultSettings, {"faults": rules}) for rules in request.get("faults", [])],
        "auth": [check(AuthSettings, auth) for auth in request.get("auth", [])],
    }


def main() -> int:
    try:
        request = json.load(sys.stdin)
    except ValueError as error:
        print(f"settings_check: stdin is not JSON: {error}", file=sys.stderr)
        return 2
    if not isinstance(request, dict):
        print('settings_check: stdin must be {"faults": [...], "auth": [...]}', file=sys.stderr)
        return 2
    json.dump(check_all(request), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
