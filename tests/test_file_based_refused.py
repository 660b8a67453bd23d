"""Adobe's file-based (batch) examples are refused with one error naming what is file-based and
why, never a string of confusing field errors or a silent wrong answer (#12 item 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sandbox.cli import main
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.validation import check_destination, check_server

FOLDER = Path(__file__).parent / "data" / "adobe-file-based"
DESTINATION = (
    FOLDER / "s3-destination.json"
)  # Adobe's "Amazon S3 destination configuration example"
SERVER = FOLDER / "s3-server.json"  # Adobe's file-based guide, step 1 (FILE_BASED_S3)


def test_adobes_s3_destination_gets_one_error_saying_why() -> None:
    config, problems = check_destination(
        json.loads(DESTINATION.read_text()), "d.json", PebbleEngine()
    )
    assert config is None
    [problem] = problems
    assert problem.location == "customerAuthenticationConfigurations[0].authType"
    assert "file-based destination configuration" in problem.message
    assert "batchConfig" in problem.message and "uiAttributes.frequency Batch" in problem.message
    assert "does not simulate" in problem.message


def test_adobes_s3_server_gets_one_error_saying_why() -> None:
    server, problems = check_server(json.loads(SERVER.read_text()), "s.json", PebbleEngine())
    assert server is None
    [problem] = problems
    assert problem.location == "destinationServerType"
    assert "FILE_BASED_S3 is a file-based server" in problem.message


def test_a_streaming_destination_with_a_batch_config_is_still_streaming() -> None:
    adnet = Path(__file__).resolve().parents[1] / "examples" / "destinations" / "adnet-bearer"
    data = {**json.loads((adnet / "destination.json").read_text()), "batchConfig": {}}
    config, problems = check_destination(data, "d.json", PebbleEngine())
    assert config is not None
    assert any(p.location == "batchConfig" and p.severity == "warning" for p in problems)


@pytest.mark.parametrize("command", ["validate", "render"])
def test_commands_exit_2_naming_the_files(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = (
        [command, str(DESTINATION), str(SERVER)]
        if command == "validate"
        else [command, "--destination", str(DESTINATION), "--server", str(SERVER)]
    )
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"{DESTINATION}: customerAuthenticationConfigurations[0].authType: error" in err
    assert "Traceback" not in err
