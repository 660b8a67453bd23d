"""Connection-level faults: holding a request unanswered, resetting or closing the connection.

On a real socket these need the transport, which `mock_partner.server` puts in the ASGI scope
under the `mock_partner.transport` extension. In process (httpx.ASGITransport) there is no
socket, so a reset raises ConnectionResetError and an abandoned request ConnectionAbortedError
into the client, which is the nearest a client can get to the real thing.
"""

from __future__ import annotations

import asyncio
import socket
import struct
from typing import Any

from starlette.types import Receive, Scope

TRANSPORT_EXTENSION = "mock_partner.transport"


def transport_of(scope: Scope) -> asyncio.Transport | None:
    extension = scope.get("extensions", {}).get(TRANSPORT_EXTENSION)
    return None if extension is None else extension.get("transport")


async def hold(receive: Receive, seconds: float) -> bool:
    """Wait up to `seconds`; True as soon as the client disconnects, False when time is up."""
    try:
        async with asyncio.timeout(seconds):
            await until_disconnected(receive)
        return True
    except TimeoutError:
        return False


async def reset(scope: Scope, receive: Receive) -> None:
    """Abort the connection with a TCP reset (SO_LINGER 0), without a byte of answer."""
    transport = transport_of(scope)
    if transport is None:
        raise ConnectionResetError("mock_partner: connection reset (fault)")
    raw: Any = transport.get_extra_info("socket")
    if raw is not None:
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
    await _after_close(receive)


async def drop(scope: Scope, receive: Receive) -> None:
    """Close the connection without an answer (the end of an unanswered hold)."""
    transport = transport_of(scope)
    if transport is None:
        raise ConnectionAbortedError("mock_partner: closed the connection without an answer")
    transport.close()
    await _after_close(receive)


async def until_disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _after_close(receive: Receive) -> None:
    # Let the server notice the closed connection, so it neither logs nor answers for us.
    await hold(receive, 1.0)
