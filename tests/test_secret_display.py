"""`sandbox render` shows `authData` masked unless `--show-secrets`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sandbox.commands import render as render_command
from tests.test_destination_commands import example, run_command

TEMPLATE = "{{ authData.username }}|{{ authData.password }}|{{ authData }}"


@pytest.mark.parametrize("shown", [False, True])
def test_render_masks_auth_data_unless_asked(
    shown: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "t.peb"
    template.write_text(TEMPLATE)
    argv = [
        "--destination",
        example("moviestar-basic", "destination.json"),
        "--server",
        example("moviestar-basic", "server.json"),
        "--activation",
        example("moviestar-basic", "activation.json"),
        "--template",
        str(template),
        "--count",
        "1",
    ] + (["--show-secrets"] if shown else [])
    assert run_command(render_command, argv) == 0
    out, err = capsys.readouterr()
    [result] = json.loads(out)["results"]
    activation = json.loads(Path(example("moviestar-basic", "activation.json")).read_text())
    password = activation["credentials"]["password"]
    username = activation["credentials"]["username"]
    if shown:
        assert result["output"].startswith(f"{username}|{password}|")
        assert "masked" not in err
    else:
        assert password not in out + err and username not in out + err
        assert result["output"].startswith("***|***|")
        assert "--show-secrets" in err


@pytest.mark.parametrize("wrong", [["hunter2-secret"], {"v": "hunter2-secret"}, 123456789])
def test_validate_never_echoes_a_mistyped_secret(
    wrong: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sandbox.commands import validate as validate_command

    activation = json.loads(Path(example("moviestar-basic", "activation.json")).read_text())
    activation["credentials"]["password"] = wrong
    path = tmp_path / "activation.json"
    path.write_text(json.dumps(activation))
    argv = [
        example("moviestar-basic", "destination.json"),
        example("moviestar-basic", "server.json"),
        str(path),
    ]
    assert run_command(validate_command, argv) == 2
    err = capsys.readouterr().err
    assert "credentials.password" in err and str(path) in err
    assert "hunter2-secret" not in err and "123456789" not in err
