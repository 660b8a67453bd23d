"""The command line's exit codes and streams are an API: 0, 1 (scenarios), 2 bad input, 3 bugs, 130."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "destinations" / "moviestar-basic"


def test_every_command_is_registered_and_documented() -> None:
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    readme = (ROOT / "README.md").read_text()
    for name in commands.choices:
        assert f"sandbox {name}" in readme or f"sandbox [{name}]" in readme, name


def test_success_is_zero(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(EXAMPLE / f) for f in ("destination.json", "server.json", "activation.json")]
    assert cli.main(["validate", *files]) == 0


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["no-such-command"], id="unknown-command"),
        pytest.param(["validate", "--bogus", "x"], id="unknown-option"),
        pytest.param(["profiles", "--count", "-3"], id="bad-value"),
        pytest.param(["validate", "/nonexistent/file.json"], id="missing-file"),
    ],
)
def test_bad_input_is_two_with_one_clear_paragraph(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() and "Traceback" not in captured.err
    assert captured.out == ""


def test_a_bug_is_three_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sandbox.commands import runs

    def broken(args: argparse.Namespace) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(runs, "run", broken)
    assert cli.main(["runs", "list"]) == 3
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err and "Traceback" not in err


def test_ctrl_c_is_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from sandbox.commands import runs

    def interrupted(args: argparse.Namespace) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(runs, "run", interrupted)
    assert cli.main(["runs", "list"]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_the_real_command_refuses_bad_input_cleanly() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sandbox", "render", "--destination"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "--destination" in result.stderr
