"""`sandbox evaluate`: its JSON output, its default time, and exit code 2 for bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sandbox.cli import _Parser
from sandbox.commands import evaluate
from sandbox.errors import InputError
from sandbox.segments import derive_audience_id

AUDIENCES = {
    "audiences": [
        {
            "id": "gold",
            "name": "Gold",
            "expression": {"type": "PQL", "format": "pql/text", "value": 'loyalty.tier = "gold"'},
        },
        {
            "id": "buyer",
            "name": "Bought in the last 3 hours",
            "expression": {
                "type": "PQL",
                "format": "pql/text",
                "value": 'exists E from xEvent where E.eventType = "commerce.purchases" '
                "and E.timestamp occurs <= 3 hours before now",
            },
            "evaluationInfo": {"continuous": {"enabled": True}},
        },
    ]
}
PROFILES = [
    {
        "_id": "a",
        "loyalty": {"tier": "gold"},
        "xEvent": [{"timestamp": "2026-01-05T08:00:00.000Z", "eventType": "commerce.purchases"}],
    },
    {
        "_id": "b",
        "loyalty": {"tier": "silver"},
        "xEvent": [{"timestamp": "2026-01-05T12:00:00.000Z", "eventType": "commerce.purchases"}],
    },
    {"_id": "c", "loyalty": {"tier": "gold"}},
]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the command as `sandbox.cli.main` does: bad input is exit 2 with a report on stderr."""
    parser = _Parser(prog="sandbox evaluate")
    evaluate.add_arguments(parser)
    try:
        code = evaluate.run(parser.parse_args(argv))
    except InputError as error:
        print(error.report(), file=__import__("sys").stderr)
        code = 2
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    audiences = tmp_path / "audiences.json"
    audiences.write_text(json.dumps(AUDIENCES))
    profiles = tmp_path / "profiles.jsonl"
    lines = [json.dumps(PROFILES[0]), "", json.dumps(PROFILES[1]), json.dumps(PROFILES[2])]
    profiles.write_text("\n".join(lines) + "\n")
    return audiences, profiles


def qualified(out: str) -> dict[str, Any]:
    return {a["id"]: a["qualified"] for a in json.loads(out)["audiences"]}


def test_prints_qualified_line_numbers_evaluated_at_the_latest_event(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    audiences, profiles = files
    code, out, err = run(["--audiences", str(audiences), "--profiles", str(profiles)], capsys)
    assert code == 0
    assert json.loads(out) == {
        "audiences": [
            {"id": "gold", "name": "Gold", "qualified": [0, 3]},
            {"id": "buyer", "name": "Bought in the last 3 hours", "qualified": [2]},
        ]
    }
    assert "evaluating at 2026-01-05T12:00:00Z" in err
    assert "asks for streaming" not in err


def test_now_can_be_given(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    audiences, profiles = files
    argv = [
        "--audiences",
        str(audiences),
        "--profiles",
        str(profiles),
        "--now",
        "2026-01-05T15:30:00Z",
    ]
    code, out, _ = run(argv, capsys)
    assert code == 0 and qualified(out)["buyer"] == []
    argv[-1] = "2026-01-05T10:59:59Z"  # line 2's purchase lies ahead: "at most 3 h before" holds
    code, out, _ = run(argv, capsys)
    assert code == 0 and qualified(out)["buyer"] == [0, 2]


def test_ad_hoc_pql_audiences_are_named_by_their_expression(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, profiles = files
    expression = 'loyalty.tier != "gold"'
    code, out, _ = run(["--profiles", str(profiles), "--pql", expression, "--pql", "true"], capsys)
    assert code == 0
    assert json.loads(out)["audiences"] == [
        {"id": derive_audience_id(expression), "name": expression, "qualified": [2]},
        {"id": derive_audience_id("true"), "name": "true", "qualified": [0, 2, 3]},
    ]


def test_pql_may_reference_file_audiences(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    audiences, profiles = files
    argv = [
        "--audiences",
        str(audiences),
        "--profiles",
        str(profiles),
        "--pql",
        'inSegment("gold")',
    ]
    code, out, _ = run(argv, capsys)
    assert code == 0 and qualified(out)[derive_audience_id('inSegment("gold")')] == [0, 3]


def test_without_events_now_is_the_default_epoch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profiles = tmp_path / "p.jsonl"
    profiles.write_text('{"_id": "x"}\n')
    code, _, err = run(["--profiles", str(profiles), "--pql", "true"], capsys)
    assert code == 0 and "evaluating at 2026-01-01T00:00:00Z" in err


def test_fallback_warnings_go_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    audiences = tmp_path / "a.yaml"
    audiences.write_text(
        "name: Viewers\nexpression: {type: PQL, format: pql/text, value: 'xEvent.count() > 0'}\n"
        "evaluationInfo: {continuous: {enabled: true}}\n"
    )
    profiles = tmp_path / "p.jsonl"
    profiles.write_text('{"_id": "x"}\n')
    code, out, err = run(["--audiences", str(audiences), "--profiles", str(profiles)], capsys)
    assert code == 0 and "warning: audience 'Viewers' asks for streaming" in err
    assert json.loads(out)["audiences"][0]["qualified"] == []


@pytest.mark.parametrize(
    ("lines", "words"),
    [
        (
            ['{"_id": "a"}', '{"_id": "b",}'],
            "profiles.jsonl: line 2, column 13: error: invalid JSON",
        ),
        (
            ['{"_id": "a"}', "[1, 2]"],
            "profiles.jsonl: line 2: error: expected one profile per line",
        ),
    ],
    ids=["bad-json", "not-an-object"],
)
def test_bad_profile_lines_exit_2_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[str], words: str
) -> None:
    profiles = tmp_path / "profiles.jsonl"
    profiles.write_text("\n".join(lines))
    code, out, err = run(["--profiles", str(profiles), "--pql", "true"], capsys)
    assert (code, out) == (2, "")
    assert words in err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--pql", "loyalty.tier ="], "--pql #1: line 1, column 15: error: expected a value"),
        (
            ["--pql", "true", "--now", "soon"],
            "<command line>: --now: error: 'soon' is not an ISO 8601",
        ),
        ([], "give --audiences FILE, or at least one --pql EXPR"),
        (["--audiences", "missing.json"], "missing.json: error: cannot read the audience file"),
    ],
    ids=["bad-pql", "bad-now", "no-audiences", "missing-file"],
)
def test_bad_input_exits_2(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    _, profiles = files
    code, out, err = run(["--profiles", str(profiles), *argv], capsys)
    assert (code, out) == (2, "")
    assert words in err


def test_help_documents_the_default_time() -> None:
    assert "latest event timestamp" in evaluate.HELP and evaluate.NAME == "evaluate"
