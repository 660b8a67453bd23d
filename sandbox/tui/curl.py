"""A received request as a `curl` command line a partner can paste to replay it (secrets masked)."""

from __future__ import annotations

import shlex

from sandbox.tui.received_request import ReceivedRequest

SKIPPED_HEADERS = frozenset({"host", "content-length", "connection", "accept-encoding"})
"""Headers curl sets by itself; repeating them only gets in the way."""


def as_curl(request: ReceivedRequest, base_url: str) -> str:
    """One shell command, lines joined with ` \\`; masked secrets stay masked (`Bearer ***`)."""
    url = base_url.rstrip("/") + request.target
    parts = [f"curl -X {request.method} {shlex.quote(url)}"]
    for name, value in request.headers:
        if name.lower() not in SKIPPED_HEADERS:
            parts.append(f"-H {shlex.quote(f'{name}: {value}')}")
    if request.body:
        parts.append(f"--data-raw {shlex.quote(request.body)}")
    return " \\\n  ".join(parts)
