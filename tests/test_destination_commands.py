"""`sandbox validate`, `sample-profiles` and `sample-template`: outputs and exit codes."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from sandbox.cli import _Parser
from sandbox.commands import sample_profiles, sample_template, validate
from sandbox.errors import InputError
from tests.test_destination_fixtures import EXAMPLES

EXAMPLE_NAMES = ["moviestar-basic", "adnet-bearer", "audiencehub-oauth2"]


def run_command(module: ModuleType, argv: list[str]) -> int:
    """Run one command as `sandbox.cli.main` does: bad input is exit 2 with a report on stderr."""
    parser: argparse.ArgumentParser = _Parser(prog=f"sandbox {module.NAME}")
    module.add_arguments(parser)
    try:
        return int(module.run(parser.parse_args(argv)))
    except InputError as error:
        print(error.report(), file=sys.stderr)
        return 2


def example(name: str, file: str) -> str:
    return str(EXAMPLES / name / file)


# -- validate ---------------------------------------------------------------------------------


def test_validate_accepts_every_example(capsys: pytest.CaptureFixture[str]) -> None:
    files = [example(n, f) for n in EXAMPLE_NAMES
             for f in ("destination.json", "server.json", "activation.json")]  # fmt: skip
    assert run_command(validate, files) == 0
    captured = capsys.readouterr()
    assert captured.out.count("ok: ") == 9
    assert "(destination configuration)" in captured.out and "(activation)" in captured.out
    assert captured.err == ""


def test_validate_checks_an_activation_against_the_destination_beside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(EXAMPLES / "adnet-bearer", tmp_path / "adnet")
    activation = json.loads((tmp_path / "adnet" / "activation.json").read_text())
    activation["credentials"] = {"authType": "BASIC", "username": "u", "password": "p"}
    activation["customerData"]["accountId"] = "12x"
    (tmp_path / "adnet" / "activation.json").write_text(json.dumps(activation))
    assert run_command(validate, [str(tmp_path / "adnet" / "activation.json")]) == 2
    err = capsys.readouterr().err
    assert "activation.json: credentials.authType: error:" in err
    assert "activation.json: customerData.accountId: error:" in err


def test_validate_lists_every_problem_of_every_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    destination = json.loads(Path(example("adnet-bearer", "destination.json")).read_text())
    destination["aggregation"]["bestEffortAggregation"]["maxUsersPerRequest"] = 0
    destination["statsu"] = "TEST"
    (tmp_path / "d.json").write_text(json.dumps(destination))
    (tmp_path / "broken.json").write_text('{"name": "x",\n "status": }')
    assert run_command(validate, [str(tmp_path / "d.json"), str(tmp_path / "broken.json")]) == 2
    err = capsys.readouterr().err
    assert "maxUsersPerRequest: error: must be at least 1" in err
    assert 'd.json: statsu: warning: unknown field "statsu"' in err
    assert 'did you mean "status"?' in err
    assert "broken.json: line 2, column 12: error: invalid JSON" in err


def test_validate_prints_warnings_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = json.loads(Path(example("moviestar-basic", "server.json")).read_text())
    server["httpTemplate"]["headers"] = [
        {"header": "X-Account", "value": "{{ customerData.region }}"}
    ]
    (tmp_path / "server.json").write_text(json.dumps(server))
    assert run_command(validate, [str(tmp_path / "server.json")]) == 0
    captured = capsys.readouterr()
    assert "httpTemplate.headers: warning:" in captured.err
    assert "ok: " in captured.out


def test_validate_refuses_unknown_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "x.json").write_text('{"hello": "world"}')
    assert run_command(validate, [str(tmp_path / "x.json")]) == 2
    assert "not a sandbox input" in capsys.readouterr().err


def test_validate_reports_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_command(validate, ["/nonexistent/destination.json"]) == 2
    assert "cannot read the file" in capsys.readouterr().err


# -- sample-profiles --------------------------------------------------------------------------


def profiles_of(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    assert run_command(sample_profiles, argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list)
    return data


def test_sample_profile_count_defaults_to_max_users_per_request(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        len(profiles_of(["--destination", example("adnet-bearer", "destination.json")], capsys))
        == 10
    )
    assert len(profiles_of(["--destination", example("audiencehub-oauth2", "destination.json")],
                           capsys)) == 1  # fmt: skip


def test_sample_profiles_have_adobe_shape_realistic_values_and_repeat_by_seed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--destination", example("adnet-bearer", "destination.json"), "--count", "40",
            "--seed", "7"]  # fmt: skip
    profiles = profiles_of(argv, capsys)
    assert profiles == profiles_of(argv, capsys)
    assert profiles != profiles_of([*argv[:-1], "8"], capsys)
    statuses = set()
    for profile in profiles:
        assert set(profile) == {"segmentMembership", "identityMap", "attributes"}
        for entry in profile["segmentMembership"]["ups"].values():
            statuses.add(entry["status"])
            assert re.fullmatch(
                r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["lastQualificationTime"]
            )
        identities = profile["identityMap"]
        assert set(identities) == {"email_lc_sha256", "phone_sha256", "maid"}
        assert re.fullmatch(r"[0-9a-f]{64}", identities["email_lc_sha256"][0]["id"])
    assert statuses == {"realized", "exited"}


def test_sample_profiles_follow_an_activation(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--destination", example("moviestar-basic", "destination.json"), "--activation",
            example("moviestar-basic", "activation.json"), "--count", "3"]  # fmt: skip
    for profile in profiles_of(argv, capsys):
        assert set(profile["identityMap"]) == {"email", "crm_id"}
        assert "@" in profile["identityMap"]["email"][0]["id"]
        assert set(profile["attributes"]) == {"firstName", "lastName"}
        assert set(profile["segmentMembership"]["ups"]) <= {
            "8b5e7a0e-3c1d-4f2a-9b6e-2a7c4d1e5f01",
            "1f2d3c4b-5a69-4788-9a0b-c1d2e3f4a502",
        }


@pytest.mark.parametrize("count", ["0", "1001"])
def test_sample_profile_count_must_be_1_to_1000(
    count: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--destination", example("adnet-bearer", "destination.json"), "--count", count]
    assert run_command(sample_profiles, argv) == 2
    assert "--count: error: must be between 1 and 1000" in capsys.readouterr().err


# -- sample-template --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "marker"),
    [("moviestar-basic", "input.profile.identityMap"), ("adnet-bearer", "input.profiles"),
     ("audiencehub-oauth2", "input.profiles")],
)  # fmt: skip
def test_sample_template_picks_single_or_multiple_profiles(
    name: str, marker: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_command(sample_template, ["--destination", example(name, "destination.json")]) == 0
    assert marker in capsys.readouterr().out


def test_sample_template_as_a_json_string(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--destination", example("adnet-bearer", "destination.json"), "--json-string"]
    assert run_command(sample_template, argv) == 0
    assert json.loads(capsys.readouterr().out).startswith("{#- THIS is an example template")


def test_validate_checks_audience_definitions_with_the_segments_loader(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = {
        "name": "People in the USA",
        "expression": {
            "type": "PQL",
            "format": "pql/text",
            "value": 'homeAddress.countryCode = "US"',
        },
    }
    bad = {
        "name": "Broken",
        "expression": {
            "type": "PQL",
            "format": "pql/text",
            "value": "homeAddress.countryCode = = 1",
        },
    }
    (tmp_path / "good.json").write_text(json.dumps(good))
    (tmp_path / "bad.json").write_text(json.dumps([good, bad]))
    assert run_command(validate, [str(tmp_path / "good.json")]) == 0
    assert "(audience definitions)" in capsys.readouterr().out
    assert run_command(validate, [str(tmp_path / "bad.json")]) == 2
    assert "bad.json: [1].expression.value, line 1, column 27: error:" in capsys.readouterr().err
