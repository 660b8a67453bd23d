"""Serving the Edge over HTTPS on loopback with uvicorn: in the foreground or inside a running loop.

`serve_forever(app, host, port)` is `sandbox edge`; `EdgeServer` runs the same server as a task
of the caller's event loop (the TUI, the simulator, tests), on a port it picks when given 0.
Only loopback addresses are accepted: the sandbox never listens on a real network.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import sys
from collections.abc import Callable, Iterator
from typing import Any

import uvicorn

from sandbox.edge.tls import TlsFiles, ensure_certificate
from sandbox.errors import InputError

LOOPBACK_NAMES = ("localhost",)


def check_loopback(
    host: str, option: str = "--host", allow_remote: bool = False, quiet: bool = False
) -> None:
    """`InputError` unless `host` is a loopback address (127.0.0.0/8, ::1, localhost), or
    `allow_remote` was asked for (then a warning on stderr)."""
    try:
        loopback = host in LOOPBACK_NAMES or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if loopback:
        return
    if allow_remote:
        if quiet:
            return
        print(
            f"sandbox edge: warning: listening on {host}, beyond loopback (--allow-remote): "
            "other machines can reach the Edge emulator and the demo site",
            file=sys.stderr,
            flush=True,
        )
        return
    message = (
        f"'{host}' is not a loopback address; allowed: 127.0.0.1 (any 127.x.y.z), ::1, "
        "or pass --allow-remote to listen beyond loopback anyway"
    )
    raise InputError.single("<command line>", option, message)


def bind(host: str, port: int, allow_remote: bool = False) -> socket.socket:
    check_loopback(host, allow_remote=allow_remote, quiet=True)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        message = f"cannot listen on {host}:{port}: {error.strerror}; choose another --port"
        raise InputError.single("<command line>", "--port", message) from None
    sock.listen(1024)
    sock.setblocking(False)
    return sock


def config(app: Any, tls: TlsFiles) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        ssl_certfile=str(tls.certificate),
        ssl_keyfile=str(tls.key),
        lifespan="off",
        log_level="warning",
        access_log=False,
        timeout_keep_alive=30,
    )


def serve_forever(app: Any, sock: socket.socket, tls: TlsFiles | None = None) -> None:
    """Run until Ctrl-C, which is the normal way to stop (uvicorn's own signal handling)."""
    server = uvicorn.Server(config(app, tls or ensure_certificate()))
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])


class _EmbeddedServer(uvicorn.Server):
    """uvicorn without its signal handlers: the host application owns Ctrl-C."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class EdgeServer:
    """`async with EdgeServer(app) as server:` serves `app` at `server.url` until the block ends."""

    def __init__(
        self,
        app: Any,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: TlsFiles | None = None,
        on_started: Callable[[str], None] | None = None,
    ) -> None:
        self.app = app
        self.host = host
        self.port = port
        self.tls = tls
        self.on_started = on_started
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.port}"

    async def start(self) -> None:
        sock = bind(self.host, self.port)
        self.port = sock.getsockname()[1]
        self.tls = self.tls or ensure_certificate()
        self._server = _EmbeddedServer(config(self.app, self.tls))
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.01)
        if self.on_started is not None:
            self.on_started(self.url)

    async def stop(self) -> None:
        if self._server is None or self._task is None:
            return
        self._server.should_exit = True
        await self._task
        self._server = self._task = None

    async def __aenter__(self) -> EdgeServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
