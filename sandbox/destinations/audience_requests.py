"""One section of an audience template rendered into the HTTP request AEP would send.

The delivery's `AudienceCaller` sends these; `sandbox render --audience-template` prints them. The
context is aep-destinations.md §5.6's: `segment.*`, `customerData.*`, `authData.*` (with
`accessToken`), `oauth2ServiceAccessToken` and `destination.*`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sandbox.destinations.audience_templates import TemplateCall, render_body
from sandbox.destinations.pebble import PebbleEngine


@dataclass(frozen=True)
class AudienceRequest:
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: str
    """The JSON body as sent (compact), or "" when the section has none."""

    def to_json(self) -> dict[str, Any]:
        shown: dict[str, Any] = {
            "method": self.method,
            "url": self.url,
            "headers": [{"header": name, "value": value} for name, value in self.headers],
        }
        if self.body:
            shown["body"] = json.loads(self.body)
        return shown


def audience_context(
    segment: Mapping[str, Any],
    customer_data: Mapping[str, Any],
    auth_data: Mapping[str, Any],
    token: str,
    destination: Mapping[str, Any],
) -> dict[str, Any]:
    return {
        "segment": dict(segment),
        "customerData": dict(customer_data),
        "authData": {**auth_data, "accessToken": token},
        "oauth2ServiceAccessToken": token,
        "destination": dict(destination),
    }


def render_request(
    engine: PebbleEngine, operation: str, section: TemplateCall, context: Mapping[str, Any]
) -> AudienceRequest:
    """The request `section` makes for `context` (raises InputError when a template fails)."""

    def render(source: str, where: str = "") -> str:
        return engine.compile(source, f"audience template {operation}{where}").render(context).text

    url = render(section.url, ".url")
    headers = tuple((h.header, render(h.value, ".headers")) for h in section.headers)
    body = ""
    if section.request_body is not None:
        rendered = render_body(section.request_body.json_body, render)
        body = json.dumps(rendered, ensure_ascii=False, separators=(",", ":"))
    return AudienceRequest(section.http_method, url, headers, body)
