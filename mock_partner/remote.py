"""Listening beyond loopback: refused unless asked for, and then the admin API wants a token.

By default the partner listens on loopback only. `--allow-remote` lets it bind another address;
it then warns on stderr, generates an admin token (printed once, on stderr) and answers 401 to
any `/_admin/*` request without `Authorization: Bearer <token>`. The partner endpoints keep the
credentials their auth settings ask for.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import sys

import orjson
from starlette.types import Receive, Scope, Send

from mock_partner.problems import ConfigError, Problem

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    """Whether `host` names a loopback address only (`0.0.0.0` and `::` are every address)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, allow_remote: bool) -> str | None:
    """The admin token to require (None on loopback). Raises ConfigError when `host` is beyond
    loopback and `allow_remote` was not given; warns on stderr when it was."""
    if is_loopback(host):
        return None
    if not allow_remote:
        problem = Problem(
            "--host",
            f"{host!r} is beyond loopback: anyone who can reach it could read what the partner "
            "received; pass --allow-remote to listen there anyway (the admin API then requires a "
            "token), or use 127.0.0.1",
        )
        raise ConfigError("<command line>", [problem])
    token = secrets.token_urlsafe(24)
    print(
        f"mock_partner: warning: listening on {host}, beyond loopback (--allow-remote): other "
        "machines can send requests to it.\n"
        f"mock_partner: the admin API (/_admin/*) requires `Authorization: Bearer {token}`; "
        "this token is shown only once.",
        file=sys.stderr,
        flush=True,
    )
    return token


def admin_allowed(scope: Scope, token: str) -> bool:
    """Whether an admin request carries the admin token (compared in constant time)."""
    wanted = f"Bearer {token}".encode()
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            return hmac.compare_digest(value, wanted)
    return False


async def refuse_admin(scope: Scope, receive: Receive, send: Send) -> None:
    body = orjson.dumps(
        {
            "error": "admin_token_required",
            "message": "this partner listens beyond loopback: send the admin token it printed at "
            "start as `Authorization: Bearer <token>`",
        }
    )
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"www-authenticate", b'Bearer realm="mock_partner admin"'),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
