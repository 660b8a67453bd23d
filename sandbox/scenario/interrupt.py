"""Ctrl-C during a run: exit 130 within a second, the journal marked `interrupted`, nothing lost.

The first SIGINT marks every open journal `interrupted`, cancels the run (its clean-up stops the
servers and closes the journal, which has kept every arrival as it came) and starts a watchdog:
if clean-up has not finished within `GRACE_SECONDS` (a step busy in synchronous work, a server
slow to stop), the watchdog writes the status itself and ends the process with 130. A second
SIGINT ends it at once. The handler is a plain `signal` handler, so it runs even while the
event loop is busy.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from collections.abc import Coroutine
from types import FrameType
from typing import Any, TypeVar

from sandbox.journal.recorder import JournalRecorder
from sandbox.partner.process import kill_all

GRACE_SECONDS = 0.5
EXIT_CODE = 130
MESSAGE = "sandbox: interrupted; what was recorded is kept\n"

T = TypeVar("T")


class Interrupted(Exception):
    """The run was stopped by Ctrl-C (the CLI turns it into exit 130)."""


async def interruptible(work: Coroutine[Any, Any, T]) -> T:
    """Await `work` with Ctrl-C handled as the module says; raises `Interrupted` after one."""
    task = asyncio.ensure_future(work)
    guard = _Guard(task, asyncio.get_running_loop())
    previous = signal.signal(signal.SIGINT, guard.on_sigint)
    try:
        return await task
    except asyncio.CancelledError:
        if guard.hit:
            raise Interrupted from None
        raise
    finally:
        signal.signal(signal.SIGINT, previous)


class _Guard:
    def __init__(self, task: asyncio.Future[Any], loop: asyncio.AbstractEventLoop) -> None:
        self.task = task
        self.loop = loop
        self.hit = False

    def on_sigint(self, signum: int, frame: FrameType | None) -> None:
        if self.hit:
            _hard_exit()
        self.hit = True
        for recorder in JournalRecorder.open_recorders():
            recorder.mark("interrupted")
        self.loop.call_soon_threadsafe(self.task.cancel)
        watchdog = threading.Timer(GRACE_SECONDS, _hard_exit)
        watchdog.daemon = True
        watchdog.start()


def _hard_exit() -> None:
    for recorder in JournalRecorder.open_recorders():
        recorder.save_now()
    kill_all()
    sys.stderr.write(MESSAGE)
    sys.stderr.flush()
    os._exit(EXIT_CODE)
