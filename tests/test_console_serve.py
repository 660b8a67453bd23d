"""`sandbox serve` in real headless Chromium: the page loads, the console draws, keys reach it,
the inbox fills. Screenshots go to `artifacts/screenshots/` (kept by CI).

The page draws the terminal on a canvas (xterm.js), so the test reads what the console sends
over the page's WebSocket (the terminal output, ANSI codes stripped) and keeps screenshots for
people. Locally it skips without Chromium or playwright; with `CI` set it fails instead.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from sandbox.commands.serve import console_command

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07")
RECEIVED = re.compile(r"Partner inbox · ([\d,]+) received")


def require_browser() -> None:
    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (pip install -e '.[dev]')")
    if missing:
        message = "the browser test of `sandbox serve` needs " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set, so this fails instead of skipping)")
        pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_listening(port: int, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as client:
            if client.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"sandbox serve never listened on {port}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    require_browser()
    port = free_port()
    env = {**os.environ, "SANDBOX_DATA_DIR": str(tmp_path)}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "sandbox", "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # its consoles are its children: stopped with it
        )
    try:
        wait_listening(port)
        first = log.read_text().splitlines()[0]
        assert first == f"sandbox serve: the console at http://127.0.0.1:{port}/ (Ctrl+C stops)"
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
async def page() -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    flags = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--headless", *flags]
        )
        context = await browser.new_context(viewport={"width": 1400, "height": 860})
        opened = await context.new_page()
        await opened.route(re.compile(r"^https://fonts\."), lambda route: route.abort())
        yield opened
        await browser.close()


class Screen:
    """Everything the console has sent to the page, as plain text."""

    def __init__(self, page: Any) -> None:
        self.text = ""
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: str | bytes) -> None:
        data = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
        self.text += ANSI.sub("", data)

    def mark(self) -> int:
        return len(self.text)

    async def wait_for(self, what: str, found: Any, since: int = 0, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if found(self.text[since:]):
                return
            await asyncio.sleep(0.2)
        raise AssertionError(f"the page never showed {what}; last: {self.text[-600:]!r}")


def received(text: str) -> int:
    counts = [int(n.replace(",", "")) for n in RECEIVED.findall(text)]
    return max(counts, default=0)


async def test_the_console_in_a_browser_loads_takes_keys_and_fills_its_inbox(
    served: str, page: Any
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screen = Screen(page)
    await page.goto(served)

    await screen.wait_for("the console", lambda t: "Partner inbox ·" in t)
    await screen.wait_for("requests in the inbox", lambda t: received(t) > 0, seconds=90)
    await asyncio.sleep(1.0)
    await page.screenshot(path=SCREENSHOTS / "serve-inbox.png")

    await page.focus(".xterm-helper-textarea")
    before = screen.mark()
    await page.keyboard.press("7")
    await screen.wait_for(
        "the Flow tab after key 7", lambda t: "Flow · profiles → audiences" in t, since=before
    )
    await screen.wait_for("the flow's arrows", lambda t: "qualifying" in t, since=before)
    await asyncio.sleep(1.0)  # the page draws what arrived
    await page.screenshot(path=SCREENSHOTS / "serve-flow.png")

    before = screen.mark()
    await page.keyboard.press("q")
    await screen.wait_for("the quit question", lambda t: "Quit the console?" in t, since=before)
    await page.screenshot(path=SCREENSHOTS / "serve-quit-question.png")
    await page.keyboard.press("n")

    assert (SCREENSHOTS / "serve-inbox.png").stat().st_size > 10_000
    assert (SCREENSHOTS / "serve-flow.png").stat().st_size > 10_000


def test_the_console_command_is_the_tui_with_the_same_options() -> None:
    import argparse

    args = argparse.Namespace(speed=3600.0, scenario=None, demo=False)
    assert console_command(args) == f"{sys.executable} -m sandbox tui --speed 3600"
