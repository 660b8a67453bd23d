"""A destination server's templates compiled once (URL, body, headers), ready to render per call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sandbox.destinations.adobe_json import TemplatedValue
from sandbox.destinations.pebble import PebbleEngine, PebbleTemplate
from sandbox.destinations.server_config import DestinationServer, HttpHeader


@dataclass(frozen=True)
class Part:
    """One templatable field: a compiled template, or a literal (`templatingStrategy: NONE`)."""

    template: PebbleTemplate | None
    literal: str = ""

    def render(self, context: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
        if self.template is None:
            return self.literal, ()
        rendered = self.template.render(context)
        return rendered.text, tuple(w.message() for w in rendered.warnings)


@dataclass(frozen=True)
class CompiledServer:
    method: str
    content_type: str
    url: Part
    body: Part
    headers: tuple[tuple[str, Part], ...]


def compile_server(
    server: DestinationServer,
    engine: PebbleEngine,
    file: str,
    body: str | None = None,
    body_name: str = "",
) -> CompiledServer:
    """Compile every template; `body` replaces the request body template (render `--template`).

    Raises:
        TemplateError: a template does not compile.
    """
    assert server.url_based_destination is not None and server.http_template is not None
    http = server.http_template
    url = _part(server.url_based_destination.url, engine, f"{file}:urlBasedDestination.url.value")
    if body is not None:
        body_part = Part(engine.compile(body, name=body_name or "<template>"))
    else:
        body_part = _part(http.request_body, engine, f"{file}:httpTemplate.requestBody.value")
    headers = tuple(
        (h.header, _header_part(h, engine, f"{file}:httpTemplate.headers[{i}].value"))
        for i, h in enumerate(http.headers)
    )
    return CompiledServer(http.http_method, http.content_type, url, body_part, headers)


def _header_part(header: HttpHeader, engine: PebbleEngine, name: str) -> Part:
    if isinstance(header.value, TemplatedValue):
        return _part(header.value, engine, f"{name}.value")
    return Part(engine.compile(header.value, name=name))


def _part(value: TemplatedValue | None, engine: PebbleEngine, name: str) -> Part:
    if value is None:
        return Part(None, "")
    if not value.is_template:
        return Part(None, value.value)
    return Part(engine.compile(value.value, name=name))
