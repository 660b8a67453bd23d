"""`sandbox tui` and `sandbox demo`: bad options are one clear paragraph and exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.cli import main


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["tui", "--speed", "-1"], "--speed: error: speed must be 0", id="speed"),
        pytest.param(["tui", "--demo"], "demo mode plays a scenario", id="demo-needs-scenario"),
        pytest.param(["tui", "nowhere.yaml"], "nowhere.yaml: error: no such scenario", id="file"),
        pytest.param(["demo"], "the following arguments are required: SCENARIO", id="demo"),
    ],
)
def test_bad_options_exit_2_before_anything_starts(
    argv: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)

    assert main(argv) == 2

    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
