"""The JSON Schema of scenario files, generated from the model (`python -m sandbox.scenario.schema`
rewrites `scenarios/scenario.schema.json`; a test keeps the committed copy current)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from sandbox.scenario.model import Scenario

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "scenarios" / "scenario.schema.json"


def scenario_schema() -> dict[str, Any]:
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Destination Sandbox scenario"
    return schema


def rendered() -> str:
    return json.dumps(scenario_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_FILE
    target.write_text(rendered(), encoding="utf-8")
    print(f"wrote {target}")
