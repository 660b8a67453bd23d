"""`render --template FILE` keeps the file's bytes (issue #12 item 4): CRLF line endings reach the
output as written, a non-UTF-8 file is a clear exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sandbox.commands import render as render_command
from tests.test_destination_commands import run_command
from tests.test_render import ADOBE_PROFILE, example_args


def test_crlf_in_a_template_file_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "p.json").write_text(json.dumps([ADOBE_PROFILE]))
    (tmp_path / "t.peb").write_bytes(b"a\r\nb\rc\n{{ 'x' }}\r\n")
    code = run_command(
        render_command,
        example_args(
            "adnet-bearer", "--profiles", str(tmp_path / "p.json"), "--template",
            str(tmp_path / "t.peb"),
        ),
    )  # fmt: skip
    assert code == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["output"] == "a\r\nb\rc\nx\r\n"


def test_a_template_file_that_is_not_utf8_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "t.peb").write_bytes(b"ok\xff")
    code = run_command(render_command, example_args("adnet-bearer", "--template",
                                                    str(tmp_path / "t.peb")))  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "t.peb" in err and "not UTF-8 (byte 2" in err
