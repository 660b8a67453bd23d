"""CORS for the Web SDK's credentialed `fetch` (aep-destinations.md §12).

alloy calls the Edge with `credentials: "include"`, so every answer (errors included) echoes the
request's `Origin` with `Access-Control-Allow-Credentials: true` and `Vary: Origin`; `*` would make
the browser drop the answer and `sendEvent` reject with "Failed to fetch".
"""

from __future__ import annotations

Headers = list[tuple[bytes, bytes]]

ALLOWED_METHODS = b"POST, GET, OPTIONS"
ALLOWED_HEADERS = b"Content-Type, Authorization, x-api-key, x-gw-ims-org-id, x-sandbox-name"
EXPOSED_HEADERS = b"x-adobe-edge"
PREFLIGHT_MAX_AGE = b"600"


def cors_headers(origin: bytes | None) -> Headers:
    """Headers for an actual response; with no `Origin` only `Vary: Origin`."""
    if not origin:
        return [(b"vary", b"Origin")]
    return [
        (b"access-control-allow-origin", origin),
        (b"access-control-allow-credentials", b"true"),
        (b"access-control-expose-headers", EXPOSED_HEADERS),
        (b"vary", b"Origin"),
    ]


def preflight_headers(origin: bytes | None, requested_headers: bytes | None) -> Headers:
    """Headers answering `OPTIONS`: the methods, and the headers the browser asked for."""
    return [
        *cors_headers(origin),
        (b"access-control-allow-methods", ALLOWED_METHODS),
        (b"access-control-allow-headers", requested_headers or ALLOWED_HEADERS),
        (b"access-control-max-age", PREFLIGHT_MAX_AGE),
    ]
