"""`python -m mock_partner.fault_check`: check fault rules as the admin API would, without a server.

The sandbox's `validate` and scenario loader run it, so a bad rule in a scenario is reported
against the scenario's file and line before any run (the sandbox reaches the partner only as a
process or over HTTP, never by import). stdin: a JSON array of rule lists; stdout: a JSON array
with, for each list, its problems as `{"loc": [...], "message": ...}` (`[]` when it is fine).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import ValidationError

from mock_partner.faults import FaultSettings
from mock_partner.problems import validation_problems


def check(rules: Any) -> list[dict[str, Any]]:
    """The problems of one list of fault rules, each with its pydantic location."""
    try:
        FaultSettings.model_validate({"faults": rules})
    except ValidationError as error:
        messages = validation_problems(FaultSettings, error)
        locations = [list(item["loc"]) for item in error.errors(include_url=False)]
        return [
            {"loc": loc, "message": problem.message}
            for loc, problem in zip(locations, messages, strict=True)
        ]
    return []


def main() -> int:
    try:
        lists = json.load(sys.stdin)
    except ValueError as error:
        print(f"fault_check: stdin is not JSON: {error}", file=sys.stderr)
        return 2
    if not isinstance(lists, list):
        print("fault_check: stdin must be a JSON array of rule lists", file=sys.stderr)
        return 2
    json.dump([check(rules) for rules in lists], sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
