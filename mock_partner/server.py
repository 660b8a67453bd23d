"""Serving the partner on a real socket with uvicorn, and telling a launcher where it listens.

The HTTP protocol is uvicorn's httptools one, extended to put the connection's transport in the
ASGI scope (extension `mock_partner.transport`) so connection faults can reset or drop it.
"""

from __future__ import annotations

import asyncio
import os
import socket
from typing import Any

import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from mock_partner.connection import TRANSPORT_EXTENSION

UVICORN_OPTIONS: dict[str, Any] = {
    "loop": "auto",
    "lifespan": "off",
    "access_log": False,
    "log_level": "warning",
    "timeout_graceful_shutdown": 2,
    "workers": 1,
}
"""uvicorn options (the bench serves its anchor endpoint with the same ones, and httptools)."""
LISTENING = "mock_partner listening on {url}"
"""The one line printed on stdout once connections are accepted; launchers read the URL."""


class TransportExposingProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with the transport in `scope["extensions"]`."""

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.scope["extensions"] = {TRANSPORT_EXTENSION: {"transport": self.transport}}


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on (host, port); port 0 picks a free one.

    Raises:
        OSError: the address is taken or not available.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def run(app: ASGIApp, sock: socket.socket, parent_pid: int | None = None) -> None:
    """Serve `app` on `sock` until SIGINT or SIGTERM (then shut down within a few seconds), or,
    with `parent_pid`, until that process is gone (a launcher killed with SIGKILL leaves no
    partner behind)."""
    config = uvicorn.Config(app, http=TransportExposingProtocol, **UVICORN_OPTIONS)
    server = uvicorn.Server(config)
    with asyncio.Runner(loop_factory=config.get_loop_factory()) as runner:
        runner.run(_serve(server, sock, parent_pid))


async def _watch_parent(server: uvicorn.Server, parent_pid: int) -> None:
    """Ask the server to exit once the process that started us is no longer our parent."""
    while os.getppid() == parent_pid:
        await asyncio.sleep(0.5)
    server.should_exit = True


async def _serve(server: uvicorn.Server, sock: socket.socket, parent_pid: int | None) -> None:
    watcher = asyncio.create_task(_watch_parent(server, parent_pid)) if parent_pid else None
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started and not task.done():
        await asyncio.sleep(0.005)
    if server.started:
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        print(LISTENING.format(url=f"http://{shown}:{port}"), flush=True)
    await task
    if watcher is not None:
        watcher.cancel()
