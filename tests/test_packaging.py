"""The wheel is the product: installed into a fresh virtualenv, it runs a bundled scenario, opens the
default workspace and serves the Edge from any directory (its examples and scenarios ship inside)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import venv
import zipfile
from pathlib import Path

import httpx
import pytest

from sandbox import bundled
from sandbox.simulator.setup import DEFAULT_DESTINATIONS

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def run(argv: list[str], cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `bin/` of a fresh virtualenv with the built wheel installed (from the warm pip cache)."""
    where = tmp_path_factory.mktemp("wheel")
    source = where / "source"
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "node_modules", ".*cache")
    )
    built = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(where), str(source)], where
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = where.glob("destination_sandbox-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "sandbox/_bundled/scenarios/quickstart.yaml" in names
    assert "sandbox/_bundled/examples/destinations/adnet-bearer/server.json" in names
    env = where / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    pip = run(
        [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], where, 600
    )
    assert pip.returncode == 0, pip.stderr[-2000:]
    return env / "bin"


def test_the_installed_wheel_runs_a_bundled_scenario_from_anywhere(
    installed: Path, tmp_path: Path
) -> None:
    result = run([str(installed / "sandbox"), "run", "quickstart"], tmp_path)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "quickstart" in result.stdout and "PASSED" in result.stdout


def test_the_installed_wheel_opens_the_default_workspace(installed: Path, tmp_path: Path) -> None:
    code = (
        "from sandbox.composition.console import build_simulator; "
        "from sandbox.bundled import PACKAGED; "
        "s = build_simulator(); "
        "print(PACKAGED.is_dir(), len(s.setup.destinations), len(s.setup.audiences))"
    )
    result = run([str(installed / "python"), "-c", code], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == [
        "True",
        str(len(DEFAULT_DESTINATIONS)),
        str(len(_default_audiences())),
    ]


def test_the_installed_wheel_serves_the_edge(installed: Path, tmp_path: Path) -> None:
    with subprocess.Popen(
        [str(installed / "sandbox"), "edge", "--port", "0"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    ) as process:
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
            base = re.search(r"https://127\.0\.0\.1:\d+", first)
            assert base is not None, first
            assert _get(f"{base.group()}/demo/") == 200
        finally:
            process.terminate()
            process.wait(timeout=10)


def _get(url: str) -> int:
    """The status of a GET, retried while the server is still binding."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.get(url, verify=False, timeout=5).status_code
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _default_audiences() -> list[str]:
    from sandbox.simulator.setup import default_setup

    return [a.id for a in default_setup().audiences]


def test_a_bundled_scenario_is_found_by_name() -> None:
    assert "quickstart" in bundled.scenario_names()
    assert bundled.scenario_path(Path("quickstart")).is_file()
    assert (
        bundled.scenario_path(Path("quickstart.yaml"))
        == bundled.folder("scenarios") / "quickstart.yaml"
    )
    assert bundled.scenario_path(Path("nowhere/quickstart")) == Path("nowhere/quickstart")
    assert bundled.scenario_path(Path("no-such-story")) == Path("no-such-story")
