"""The real `sandbox` console in a real terminal (tmux): the first minute of a new user.

Runs the default workspace (real simulator, mock partner subprocess, HTTPS Edge on loopback),
types keys and reads the screen with `tmux capture-pane`. Slow by nature: it waits, with
deadlines, for what a user would wait for.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEADLINE = 45.0


def _why_skip() -> str | None:
    if shutil.which("tmux") is None:
        return "tmux is not installed (`make test` installs it with apt-get)"
    if importlib.util.find_spec("sandbox.composition.console") is None:
        return "sandbox.composition.console.build_simulator does not exist yet"
    return None


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(_why_skip() is not None, reason=str(_why_skip())),
]


class Terminal:
    """One tmux session running a command; keys in, screen text out."""

    def __init__(self, name: str) -> None:
        self.name = name

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.5 if key == "Escape" else 0.15)  # a lone Escape is told apart by a pause

    def screen(self) -> str:
        result = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name],
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def wait_for(self, what: str, check: Callable[[str], bool]) -> str:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            text = self.screen()
            if check(text):
                return text
            time.sleep(0.25)
        raise AssertionError(f"never saw {what}; the screen was:\n{self.screen()}")


SCREENSHOTS = REPO / "artifacts" / "screenshots"
"""Text screenshots (`tmux capture-pane`) kept as CI artifacts (gitignored; see the README)."""


def save_screenshot(name: str, text: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"{name}.txt").write_text(text, encoding="utf-8")


@contextlib.contextmanager
def tmux_session(tmp_path: Path, arguments: str = "") -> Iterator[Terminal]:
    name = f"sandbox-smoke-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "SANDBOX_DATA_DIR": str(tmp_path), "TERM": "xterm-256color"}
    command = f"{sys.executable} -m sandbox {arguments}; echo SANDBOX-EXIT=$?; sleep 60"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "160", "-y", "45", command],
        check=True,
        cwd=REPO,
        env=env,
    )
    try:
        yield Terminal(name)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    with tmux_session(tmp_path) as opened:
        yield opened


def quit_console(terminal: Terminal) -> None:
    """`q`, and the confirmation if the console asks for one (`y`)."""
    terminal.keys("q")
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:
        if "SANDBOX-EXIT=" in terminal.screen():
            break
        time.sleep(0.25)
    else:
        terminal.keys("y")
    terminal.wait_for("a clean exit", lambda s: "SANDBOX-EXIT=0" in s)


def test_the_first_minute(terminal: Terminal) -> None:
    # GIVEN the console, as `make run` opens it
    terminal.wait_for(
        "payloads arriving at the partner", lambda s: " POST " in s and "0 received" not in s
    )

    # WHEN a request is opened, THEN its headers and body show, secrets masked
    terminal.keys("Down")
    shown = terminal.wait_for("the request in full", lambda s: "→ " in s and "host:" in s)
    assert "authorization: Basic ***" in shown or "authorization: Bearer ***" in shown

    # WHEN the partner is broken, THEN the retries show
    terminal.keys("f", "Enter")
    terminal.wait_for(
        "the 429 storm and a retry", lambda s: "partner faults: 429-storm" in s and "↻ export" in s
    )
    terminal.keys("f", "End", "Enter")
    terminal.wait_for("the partner mended", lambda s: "partner faults: none" in s)

    # WHEN a Web SDK page view is sent for a profile, THEN its destinations show
    terminal.keys("3", "Down", "w")
    terminal.wait_for("the Web SDK tab", lambda s: "Web SDK console" in s)
    terminal.keys("Enter")
    terminal.wait_for(
        "the Edge answer's destinations",
        lambda s: "Response 200" in s and "activation:pull" in s,
    )

    # WHEN the user quits, THEN the command exits cleanly
    terminal.keys("Escape")
    quit_console(terminal)


def test_a_narrated_demo_to_its_results(tmp_path: Path) -> None:
    with tmux_session(tmp_path, "demo scenarios/personalization.yaml") as terminal:
        # GIVEN `sandbox demo`, THEN the first note waits for the presenter
        first = terminal.wait_for(
            "the first note, held",
            lambda s: "A new visitor lands" in s and "press n for the next step" in s,
        )
        save_screenshot("demo-01-first-note", first)

        # WHEN the presenter goes on, THEN the Edge exchange shows in the Web SDK tab, in names
        terminal.keys("n")
        second = terminal.wait_for(
            "the second note and the first Edge exchange",
            lambda s: "The same browser" in s and "Response 200" in s and "simulated" in s,
        )
        assert "Home page (personalizationAlias): Visited the site today" in second
        save_screenshot("demo-02-edge-exchange", second)

        # WHEN the story ends, THEN the results screen gives every expectation's verdict
        terminal.keys("n")
        results = terminal.wait_for(
            "the results screen", lambda s: "Results" in s and "2 of 2 expectations met" in s
        )
        assert results.count("✓") == 2
        save_screenshot("demo-03-results", results)

        # WHEN the presenter closes the results and quits, THEN the command exits cleanly
        terminal.keys("Escape")
        quit_console(terminal)
