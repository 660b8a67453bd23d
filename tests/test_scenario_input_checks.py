"""`validate` catches what a scenario run would refuse (#14 item 11): file, line and field.

Each bad scenario is the bundled quickstart with one line added or changed; the check runs
through `sandbox validate` (exit 2, one problem naming the file, its line and the field path).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.commands import validate as validate_command
from tests.test_destination_commands import run_command

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

HEAD = f"""name: checks
population: {{count: 5}}
audiences:
  - file: {EXAMPLES}/audiences/rest-audiences.json
destinations:
  moviestar:
    destination: {EXAMPLES}/destinations/moviestar-basic/destination.json
    server: {EXAMPLES}/destinations/moviestar-basic/server.json
    activation: {EXAMPLES}/destinations/moviestar-basic/activation.json
"""


def validate(tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str) -> tuple[int, str]:
    path = tmp_path / "s.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    code = run_command(validate_command, [str(path)])
    return code, capsys.readouterr().err


def line_of(body: str, text: str) -> int:
    return (HEAD + body).splitlines().index(text) + 1


CASES = {
    "count-range": (
        "expect:\n  - partner_received: {count: {min: 5, max: 1}}\n",
        "  - partner_received: {count: {min: 5, max: 1}}",
        "expect.0.partner_received.count",
        "min 5 is above max 1",
    ),
    "jsonpath": (
        "expect:\n  - partner_received:\n      body:\n        - {path: '$.users[', exists: true}\n",
        "        - {path: '$.users[', exists: true}",
        "expect.0.partner_received.body.0.path",
        "is not a valid JSONPath",
    ),
    "regex": (
        "expect:\n  - partner_received:\n      headers: {Authorization: '(Basic'}\n",
        "      headers: {Authorization: '(Basic'}",
        "expect.0.partner_received.headers.Authorization",
        "not a valid regular expression",
    ),
    "header-name": (
        "expect:\n  - partner_received:\n      headers: {'X Bad': '.*'}\n",
        "      headers: {'X Bad': '.*'}",
        "expect.0.partner_received.headers.X Bad",
        "is not a valid HTTP header name",
    ),
    "partner-faults": (
        "partner:\n  faults:\n    - {name: broken, status: 700}\n",
        "    - {name: broken, status: 700}",
        "partner.faults.0.status",
        "less than or equal to 599",
    ),
    "partner-auth": (
        "partner:\n  auth:\n    type: bearer\n    expires_in: 0\n",
        "    expires_in: 0",
        "partner.auth.expires_in",
        "greater than or equal to 1",
    ),
    "partner-faults-step": (
        "steps:\n  - settle: 1m\n  - partner_faults:\n      - {reset: true, status: 503}\n",
        "      - {reset: true, status: 503}",
        "steps.1.partner_faults.0",
        "choose one of status, statuses, no_answer or reset",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_validate_names_file_line_and_field(tmp_path, capsys, case: str) -> None:
    body, line_text, field, said = CASES[case]
    code, err = validate(tmp_path, capsys, body)
    assert code == 2, err
    assert f"s.yaml: line {line_of(body, line_text)}: {field}" in err
    assert said in err
    assert "<partner admin>" not in err


def test_a_good_scenario_with_faults_still_validates(tmp_path, capsys) -> None:
    body = (
        "partner:\n  faults:\n    - {name: slow, latency: 2, first: 1}\n"
        "steps:\n  - partner_faults: [{statuses: {503: 30}, retry_after: 5}]\n"
        "expect:\n  - partner_received: {count: {min: 1, max: 1}, headers: {Authorization: '^Basic'}}\n"
    )
    code, err = validate(tmp_path, capsys, body)
    assert code == 0, err


RULE = st.fixed_dictionaries(
    {},
    optional={
        "status": st.integers(100, 700),
        "reset": st.booleans(),
        "retry_after": st.integers(-2, 5),
        "first": st.integers(-1, 3),
        "latency": st.one_of(st.integers(-1, 5), st.just({"kind": "uniform", "min": 3, "max": 1})),
        "malformed": st.sampled_from(["empty", "bogus"]),
        "nonsense": st.just(1),
    },
)


@settings(max_examples=4, deadline=None)
@given(st.lists(st.lists(RULE, max_size=3), min_size=1, max_size=30))
def test_the_scenario_check_agrees_with_the_partner_admin_api(rule_lists) -> None:
    """The loader's verdict is the mock partner's own: compared with its model directly."""
    from mock_partner.faults import FaultSettings

    accepted = []
    for rules in rule_lists:
        try:
            FaultSettings.model_validate({"faults": rules})
            accepted.append(True)
        except ValueError:
            accepted.append(False)
    answer = subprocess.run(
        [sys.executable, "-m", "mock_partner.settings_check"],
        input=json.dumps({"faults": rule_lists}), capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert [problems == [] for problems in json.loads(answer.stdout)["faults"]] == accepted
