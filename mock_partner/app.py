"""create_app(state): `/_admin/*` goes to the admin API, any other path to the partner's ingest."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from mock_partner.admin import admin_app
from mock_partner.ingest import ingest
from mock_partner.remote import admin_allowed, refuse_admin
from mock_partner.state import PartnerState

ADMIN_PREFIX = "/_admin"


class PartnerApp:
    """The ASGI app: a lean dispatcher in front of the Starlette admin app."""

    def __init__(self, state: PartnerState) -> None:
        self.state = state
        self.admin = admin_app(state)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if is_admin(scope["path"]):
                token = self.state.admin_token
                if token is not None and not admin_allowed(scope, token):
                    await refuse_admin(scope, receive, send)
                else:
                    await self.admin(scope, receive, send)
            else:
                await ingest(self.state, scope, receive, send)
        elif scope["type"] == "lifespan":
            await _lifespan(receive, send)
        else:
            await receive()
            await send({"type": "websocket.close", "code": 1003})


def create_app(state: PartnerState) -> ASGIApp:
    """The mock partner serving `state` (the state is passed in, so ASGITransport works)."""
    return PartnerApp(state)


def is_admin(path: str) -> bool:
    return path.startswith(ADMIN_PREFIX) and (len(path) == len(ADMIN_PREFIX) or path[7] == "/")


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
