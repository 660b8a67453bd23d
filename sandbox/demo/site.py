"""The demo site's route: static pages, the real Web SDK, and the page's configuration.

`DemoSite(workspace, ...)` is a small ASGI app mounted by the Edge emulator at `/demo/`:
  /demo/             the "Sandbox Stays" home page (index.html, app.js, style.css)
  /demo/alloy.js     `@adobe/alloy` 2.32.0's standalone build, from `tests/web/node_modules`
                     (`npm install` there; or point `SANDBOX_ALLOY_JS` at a copy of alloy.min.js)
  /demo/config.json  datastream, org, edge domain, and which audience picks which banner or ad

How a real browser reaches the emulator. alloy hard-codes `https://` and its `edgeDomain` cannot
carry a port (aep-destinations.md §7.4, §12), so the page uses `edgeDomain: "edge.sandbox.test"`
and the browser is told where that name lives and to accept the local certificate:

    chromium --host-resolver-rules="MAP edge.sandbox.test 127.0.0.1:8443, \
                                    MAP www.sandbox.test 127.0.0.1:8443" \
             --ignore-certificate-errors  https://www.sandbox.test/demo/

(instead of `--ignore-certificate-errors`, trust `<data dir>/edge-tls/ca.pem`). Opened as
`https://www.sandbox.test/demo/`, the edge is under the page's apex domain, so alloy's cookies go
back in the `Cookie` header; opened as `https://localhost:8443/demo/`, the edge is third-party,
and the cookies travel in `meta.state.entries`. The emulator reads both.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from sandbox.demo.creative import page_config
from sandbox.edge.tls import EDGE_HOSTNAME
from sandbox.edge.workspace import Workspace

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

STATIC = Path(__file__).with_name("static")
ALLOY_ENV = "SANDBOX_ALLOY_JS"
ALLOY_IN_REPO = Path("tests/web/node_modules/@adobe/alloy/dist/alloy.min.js")
FAVICON = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
    b'<path d="M8 1 1 7h2v8h4v-5h2v5h4V7h2z" fill="#0b6e69"/></svg>'
)
TYPES = {
    ".html": b"text/html; charset=utf-8",
    ".js": b"text/javascript; charset=utf-8",
    ".css": b"text/css; charset=utf-8",
    ".json": b"application/json",
}


def alloy_path() -> Path | None:
    """The Web SDK build to serve: `$SANDBOX_ALLOY_JS`, else the repository's npm install."""
    configured = os.environ.get(ALLOY_ENV)
    candidates = [Path(configured)] if configured else []
    candidates.append(Path(__file__).resolve().parents[2] / ALLOY_IN_REPO)
    return next((path for path in candidates if path.is_file()), None)


@dataclass(frozen=True)
class DemoSite:
    workspace: Workspace
    datastream_id: str = "sandbox-datastream"
    edge_domain: str = EDGE_HOSTNAME
    edge_base_path: str = "ee"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        if path in ("/", "/demo"):
            await _respond(send, 302, b"", b"text/plain", [(b"location", b"/demo/")])
        elif scope["method"] not in ("GET", "HEAD"):
            await _respond(send, 405, b"The demo site only answers GET.", b"text/plain")
        elif path == "/favicon.ico":
            await _respond(send, 200, FAVICON, b"image/svg+xml")
        elif path == "/demo/config.json":
            await _respond(send, 200, orjson.dumps(self.config()), TYPES[".json"])
        elif path == "/demo/alloy.js":
            await self._alloy(send)
        else:
            await _static(send, path.removeprefix("/demo/") or "index.html")

    def config(self) -> dict[str, Any]:
        stream = self.workspace.datastream(self.datastream_id)
        return page_config(
            self.workspace, stream, self.edge_domain, self.edge_base_path, self.datastream_id
        )

    async def _alloy(self, send: Send) -> None:
        path = alloy_path()
        if path is None:
            message = (
                "The Web SDK is not installed: run `npm install` in tests/web/ "
                f"(or set {ALLOY_ENV} to a copy of @adobe/alloy 2.32.0's dist/alloy.min.js)."
            )
            body = f"console.error({orjson.dumps(message).decode()});".encode()
            await _respond(send, 200, body, TYPES[".js"])
            return
        await _respond(send, 200, path.read_bytes(), TYPES[".js"])


async def _static(send: Send, name: str) -> None:
    file = STATIC / name
    if "/" in name or not file.is_file():
        await _respond(send, 404, f"No demo file '{name}'.".encode(), b"text/plain")
        return
    await _respond(send, 200, file.read_bytes(), TYPES.get(file.suffix, b"text/plain"))


async def _respond(
    send: Send,
    status: int,
    body: bytes,
    content_type: bytes,
    extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    headers = [
        (b"content-type", content_type),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
