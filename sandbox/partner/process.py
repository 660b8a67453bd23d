"""Running the mock partner (or any server that announces `listening on URL`) as a child process.

The sandbox never imports `mock_partner`: it starts `python -m mock_partner` with the same
interpreter, waits for its one stdout line, and talks to it over HTTP on loopback.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from sandbox.clock import Clock
from sandbox.errors import InputError, SimulationError
from sandbox.partner.admin import PartnerAdmin

LISTENING = re.compile(rb"listening on (http://\S+)")
STARTUP_TIMEOUT = 20.0
_RUNNING: set[ListeningProcess] = set()
"""Children started and not yet stopped (held strongly: a forgotten handle is still stopped)."""
_REPO_ROOT = Path(__file__).resolve().parents[2]


class ListeningProcess:
    """A child server process; `start()` returns the URL it printed once accepting connections."""

    def __init__(self, argv: Sequence[str], *, name: str, startup_timeout: float = STARTUP_TIMEOUT):
        self.argv = list(argv)
        self.name = name
        self.startup_timeout = startup_timeout
        self.url = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._stdout: IO[bytes] | None = None
        self._stderr: IO[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> str:
        """Start the child and wait until it listens.

        Raises:
            InputError: it refused its settings (exit code 2; its message is passed on).
            SimulationError: it died for another reason, or did not listen in time.
        """
        if self.running:
            return self.url
        # Files, not pipes: the child can never block on a full pipe; closed by stop().
        self._stdout = tempfile.TemporaryFile()  # noqa: SIM115
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            self.argv,
            stdin=subprocess.DEVNULL,
            stdout=self._stdout,
            stderr=self._stderr,
            env=child_environment(),
        )
        _RUNNING.add(self)
        self.url = self._await_url(self._process)
        return self.url

    def _await_url(self, process: subprocess.Popen[bytes]) -> str:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            found = LISTENING.search(_contents(self._stdout))
            if found:
                return found.group(1).decode()
            if process.poll() is not None:
                raise self._died(process.returncode)
            time.sleep(0.01)
        self.stop()
        raise SimulationError(
            f"{self.name} did not start listening within {self.startup_timeout:g} s; "
            f"its errors: {self.errors() or '(none)'}"
        )

    def _died(self, code: int) -> Exception:
        errors = self.errors() or "(nothing on stderr)"
        self._close_files()
        if code == 2:
            return InputError.single(f"<{self.name}>", "", errors.removeprefix(f"{self.name}: "))
        return SimulationError(f"{self.name} exited with code {code} before listening: {errors}")

    def errors(self) -> str:
        """What the child wrote on stderr so far."""
        return _contents(self._stderr).decode("utf-8", "replace").strip()

    def stop(self, timeout: float = 5.0) -> int | None:
        """Ask the child to stop (SIGTERM), kill it after `timeout`; returns its exit code."""
        process, self._process = self._process, None
        _RUNNING.discard(self)
        if process is None:
            return None
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._close_files()
        return process.returncode

    def _close_files(self) -> None:
        for handle in (self._stdout, self._stderr):
            if handle is not None:
                handle.close()
        self._stdout = self._stderr = None

    async def start_async(self) -> str:
        """`start()` in a worker thread, so an event loop (the TUI's) is not blocked meanwhile."""
        return await asyncio.to_thread(self.start)

    async def stop_async(self, timeout: float = 5.0) -> int | None:
        return await asyncio.to_thread(self.stop, timeout)

    async def __aenter__(self) -> Self:
        await self.start_async()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop_async()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class PartnerProcess(ListeningProcess):
    """`python -m mock_partner` on a free loopback port (by default), stopped at exit at the latest.

    Extra `flags` go to mock_partner as they are, e.g. `PartnerProcess("--auth", "basic")`.
    """

    def __init__(
        self,
        *flags: str,
        host: str = "127.0.0.1",
        port: int = 0,
        config: Path | None = None,
        startup_timeout: float = STARTUP_TIMEOUT,
    ) -> None:
        argv = [
            sys.executable,
            "-m",
            "mock_partner",
            "--host",
            host,
            "--port",
            str(port),
            "--parent-pid",
            str(os.getpid()),
        ]
        if config is not None:
            argv += ["--config", str(config)]
        super().__init__([*argv, *flags], name="mock_partner", startup_timeout=startup_timeout)

    def admin(self, clock: Clock | None = None) -> PartnerAdmin:
        """A client for this partner's admin API (close it with `aclose()` or `async with`)."""
        if not self.url:
            raise SimulationError("start the mock partner before asking for its admin API")
        return PartnerAdmin(self.url, clock=clock)


def partner_command(flags: Sequence[str]) -> list[str]:
    """The command line that runs the mock partner with `flags`."""
    return [sys.executable, "-m", "mock_partner", *flags]


def child_environment() -> dict[str, str]:
    """This environment, with the checkout on PYTHONPATH when mock_partner lives beside sandbox."""
    env = dict(os.environ)
    if (_REPO_ROOT / "mock_partner" / "__init__.py").exists():
        paths = [str(_REPO_ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
        env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def _contents(handle: IO[bytes] | None) -> bytes:
    """Everything written so far, read without moving the offset the child shares with us."""
    if handle is None or handle.closed:
        return b""
    descriptor = handle.fileno()
    return os.pread(descriptor, os.fstat(descriptor).st_size, 0)


def kill_all() -> None:
    """Kill every child at once (the process is about to end without its clean-up)."""
    for process in list(_RUNNING):
        child = process._process
        if child is not None and child.poll() is None:
            child.kill()


@atexit.register
def _stop_all() -> None:
    for process in list(_RUNNING):
        process.stop(timeout=2.0)
