"""Scenario files: every bundled one passes; expectations fail usefully; bad files are refused clearly."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sandbox.cli import main
from sandbox.composition.headless import run_scenario
from sandbox.errors import InputError
from sandbox.scenario.load import load_scenario
from sandbox.scenario.schema import SCHEMA_FILE, rendered

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
EXAMPLES = ROOT / "examples"
ADNET = EXAMPLES / "destinations" / "adnet-bearer"


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
async def test_bundled_scenario_passes(path: Path) -> None:
    report = await run_scenario(load_scenario(path))
    failures = [
        f"{o.name}: expected {o.expected}; observed {o.observed}"
        for o in report.outcomes
        if not o.passed
    ]
    assert report.outcomes and not failures


def test_bundled_scenarios_explain_themselves() -> None:
    names = {path.stem for path in SCENARIOS}
    assert {
        "quickstart",
        "configurable-aggregation",
        "partner-throttles",
        "oauth-refresh",
        "personalization",
        "flaky-partner",
        "audience-lifecycle",
    } <= names
    for path in SCENARIOS:
        assert path.read_text().startswith(f"# {path.stem}:"), (
            f"{path.name} lacks its comment block"
        )


def test_committed_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text() == rendered(), "run: python -m sandbox.scenario.schema"


def write(tmp_path: Path, body: str, name: str = "story.yaml") -> Path:
    path = tmp_path / name
    path.write_text(
        textwrap.dedent(body)
        .replace("ADNET", str(ADNET))
        .replace("AUDIENCES", str(EXAMPLES / "audiences" / "rest-audiences.json"))
    )
    return path


FAILING = """\
    name: failing
    seed: 1
    population: {count: 30}
    audiences: [{file: AUDIENCES}]
    destinations:
      adnet: {destination: ADNET/destination.json, server: ADNET/server.json,
              activation: ADNET/activation.json}
    personalization:
      - {name: home, alias: homeAlias, audiences: [8b5e7a0e-3c1d-4f2a-9b6e-2a7c4d1e5f01]}
    steps:
      - edge_event: {name: visit}
      - settle: 10m
    expect:
      - partner_received: {count: 12345}
      - retries: {offsets: [1s, 2s]}
      - exports: {dropped: 7}
      - edge_response: {step: visit, aliases: [noSuchAlias]}
      - tokens: {refreshed: 3}
      - audience: {id: 8b5e7a0e-3c1d-4f2a-9b6e-2a7c4d1e5f01, population: 99999}
      - batches: {reason: count, count: 5}
"""


async def test_every_expectation_kind_can_fail_and_says_why(tmp_path: Path) -> None:
    report = await run_scenario(load_scenario(write(tmp_path, FAILING)))
    kinds = [outcome.kind for outcome in report.outcomes]
    assert kinds == [
        "partner_received",
        "retries",
        "exports",
        "edge_response",
        "tokens",
        "audience",
        "batches",
    ]
    assert not any(outcome.passed for outcome in report.outcomes)
    for outcome in report.outcomes:
        assert outcome.expected and outcome.observed
    by_kind = {o.kind: o for o in report.outcomes}
    assert "12345" in by_kind["partner_received"].expected
    assert "noSuchAlias" in by_kind["edge_response"].expected
    assert "homeAlias" in by_kind["edge_response"].observed
    assert "population 99999" in by_kind["audience"].expected


def test_exit_codes_reports_and_junit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    failing = write(tmp_path, FAILING)
    report, junit = tmp_path / "r.json", tmp_path / "j.xml"
    assert main(["run", str(failing), "--report", str(report), "--junit", str(junit)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "expected:" in out and "observed:" in out
    assert json.loads(report.read_text())["passed"] is False
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "7" and suite.get("failures") == "7"
    assert main(["run", str(ROOT / "scenarios" / "partner-throttles.yaml")]) == 0
    assert main(["run", str(write(tmp_path, "steps: [{advanc: 1m}]", "typo.yaml"))]) == 2


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        pytest.param(
            "seed: 1\nsteps:\n  - advanc: 30m\n",
            "line 3: steps.0",
            "did you mean 'advance'",
            id="step-typo",
        ),
        pytest.param(
            "seed: 1\npopulation:\n  cont: 5\n",
            "line 3: population.cont",
            "unknown field 'cont'",
            id="field-typo",
        ),
        pytest.param("seed: one\n", "line 1: seed", "valid integer", id="wrong-type"),
        pytest.param(
            "steps:\n  - advance: 30x\n",
            "line 2: steps.0.advance",
            "not a duration",
            id="bad-duration",
        ),
        pytest.param(
            "destinations:\n  d:\n    destination: nope.json\n    server: nope2.json\n",
            "line 3: destinations.d.destination",
            "does not exist",
            id="missing-file",
        ),
        pytest.param(
            "population: {count: 2}\nsteps:\n  - edge_event: {profile: 5}\n",
            "line 3: steps.0.edge_event.profile",
            "does not exist yet",
            id="impossible-step",
        ),
        pytest.param(
            "expect:\n  - edge_response: {step: nowhere}\n",
            "line 2: expect.0.edge_response.step",
            "no edge_event step",
            id="unknown-step",
        ),
        pytest.param("steps: [\n", "line 2", "not valid YAML", id="yaml-syntax"),
    ],
)
def test_bad_scenarios_name_file_line_and_field(
    tmp_path: Path, body: str, where: str, message: str
) -> None:
    path = write(tmp_path, body)
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    report = caught.value.report()
    assert str(path) in report and where in report and message in report


def test_bad_scenario_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "seed: 1\nsteps:\n  - generate: -4\n")
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "steps.0.generate" in err and str(path) in err


async def test_realtime_paces_the_same_story(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        seed: 2
        population: {count: 10}
        audiences: [{file: AUDIENCES}]
        destinations:
          adnet: {destination: ADNET/destination.json, server: ADNET/server.json,
                  activation: ADNET/activation.json}
        steps:
          - advance: 30s
        expect:
          - exports: {lost: 0}
    """,
    )
    report = await run_scenario(load_scenario(path), realtime=True, speed=600)
    assert report.passed
    assert report.simulated_seconds >= 30
