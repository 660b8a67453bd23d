"""Start-up settings: config files and flags, and the one-paragraph refusals (exit 2)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from mock_partner import PartnerState, load_config
from mock_partner.cli import build_parser, config_from, main
from mock_partner.problems import ConfigError

GOOD = """\
seed: 42
max_records: 500
faults:
  - name: throttle
    match: {path: "/v1/*", method: [POST, PUT]}
    status: 429
    retry_after: 30
    first: 3
  - latency: {kind: lognormal, median: 0.05, sigma: 0.4}
auth: {type: oauth2, client_id: acme, client_secret: s3cret, expires_in: 600}
schema_file: body.schema.json
"""


def write(tmp_path: Path, text: str, name: str = "partner.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_full_config_file_loads(tmp_path):
    (tmp_path / "body.schema.json").write_text(json.dumps({"type": "object"}))

    config = load_config(write(tmp_path, GOOD))
    state = PartnerState(config)

    assert config.seed == 42 and config.max_records == 500
    assert [f.name for f in config.faults] == ["throttle", None]
    assert config.faults[0].match.method == ["POST", "PUT"]
    assert config.auth.client_id == "acme"
    assert config.body_schema == {"type": "object"}
    assert state.schema is not None and state.log.max_records == 500


def test_json_config_files_work_too(tmp_path):
    config = load_config(write(tmp_path, '{"faults": [{"status": 500}]}', "p.json"))

    assert config.faults[0].status == 500


@pytest.mark.parametrize(
    ("text", "location", "words"),
    [
        ("faults:\n  - status: 99\n", "faults[0].status", "greater than or equal to 200"),
        ("faults:\n  - reset: true\n    no_answer: 5\n", "faults[0]", "choose one of"),
        ("auth: {type: kerberos}\n", "auth.type", "'none', 'basic', 'bearer' or 'oauth2'"),
        ("max_records: 0\n", "max_records", "greater than or equal to 1"),
        ("colour: red\n", "colour", "allowed: seed, faults, auth, schema"),
        ("faults: [\n  {status: 500\n", "line 3, column 1", "not valid YAML/JSON"),
        ("- just\n- a list\n", "", "must be a mapping"),
        ("schema: {type: 12}\n", "schema", "not a valid JSON Schema"),
        ("schema_file: missing.json\n", "", "cannot read the file"),
    ],
)
def test_invalid_config_files_name_the_field_and_what_is_allowed(tmp_path, text, location, words):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))

    problem = caught.value.problems[0]
    assert problem.location == location
    assert words in problem.message


def test_flags_lay_one_rule_before_the_files_and_override_auth(tmp_path):
    (tmp_path / "body.schema.json").write_text("{}")
    path = write(tmp_path, GOOD)
    args = build_parser().parse_args(
        [
            "--config",
            str(path),
            "--status",
            "503",
            "--match-path",
            "/x/*",
            "--match-method",
            "put,patch",
            "--first",
            "2",
            "--auth",
            "basic",
            "--username",
            "u",
            "--seed",
            "7",
            "--latency",
            "uniform:0.1:0.2",
            "--window-start",
            "5",
            "--window-end",
            "2030-01-01T00:00:00Z",
            "--fault-name",
            "flags",
        ]
    )

    config = config_from(args)

    rule = config.faults[0]
    assert (rule.name, rule.status, rule.first) == ("flags", 503, 2)
    assert rule.match.path == "/x/*" and rule.match.method == ["PUT", "PATCH"]
    assert rule.latency is not None and (rule.latency.min, rule.latency.max) == (0.1, 0.2)
    assert rule.window is not None and rule.window.start == 5.0
    assert [f.name for f in config.faults[1:]] == ["throttle", None]
    assert (config.auth.type, config.auth.username, config.auth.client_id) == ("basic", "u", "acme")
    assert config.seed == 7


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["--statuses", "500=20,503=5"], {500: 20.0, 503: 5.0}),
        (["--no-answer"], 120.0),
        (["--no-answer", "3"], 3.0),
        (["--reset"], True),
        (["--latency", "lognormal:0.1:0.5"], "lognormal"),
    ],
)
def test_each_fault_flag(flags, expected):
    rule = config_from(build_parser().parse_args(flags)).faults[0]

    seen = {
        "--statuses": rule.statuses,
        "--no-answer": rule.no_answer and rule.no_answer.max_seconds,
        "--reset": rule.reset,
        "--latency": rule.latency and rule.latency.kind,
    }[flags[0]]
    assert seen == expected


@pytest.mark.parametrize(
    ("flags", "line"),
    [
        (["--status", "700"], "--status: Input should be less than or equal to 599"),
        (["--statuses", "500"], "--statuses: write CODE=PERCENT pairs"),
        (["--statuses", "500=80,503=40"], "--statuses: percentages must be above 0"),
        (["--latency", "uniform:1"], "--latency: write SECONDS, uniform:MIN:MAX"),
        (["--retry-after", "3"], "retry_after goes with status or statuses"),
        (["--malformed", "weird"], "--malformed: Input should be 'empty'"),
        (["--window-start", "yesterday", "--status", "500"], "--window-start/--window-end"),
        (["--auth", "kerberos"], "argument --auth: invalid choice"),
        (["--expires-in", "0", "--auth", "oauth2"], "--expires-in: Input should be greater"),
        (["--max-records", "0"], "--max-records: Input should be greater than or equal to 1"),
        (["--wat"], "unrecognized arguments: --wat"),
    ],
)
def test_invalid_flags_exit_2_with_one_paragraph(capsys, flags, line):
    assert main(flags) == 2

    err = capsys.readouterr().err
    assert err.startswith("mock_partner: <command line>: ")
    assert line in err
    assert "Traceback" not in err


def test_an_address_in_use_exits_2(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--port", str(port)]) == 2

    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_invalid_settings_exit_2_from_the_real_command(tmp_path):
    path = write(tmp_path, "faults:\n  - statuses: {500: 120}\n")

    done = subprocess.run(
        [sys.executable, "-m", "mock_partner", "--port", "0", "--config", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip() == (
        f"mock_partner: {path}: faults[0].statuses: "
        "percentages must be above 0 and add up to at most 100"
    )
