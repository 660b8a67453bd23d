"""Compiling every Pebble template of a configuration, so a broken one is reported at load time.

A template error becomes a `Problem` at the JSON path of the field holding the template, with the
line and column inside the template and a caret excerpt.
"""

from __future__ import annotations

from sandbox.destinations.adobe_json import TemplatedValue
from sandbox.destinations.customer_auth import AccessTokenRequest
from sandbox.destinations.destination_config import DestinationConfig
from sandbox.destinations.pebble import PebbleEngine, TemplateError
from sandbox.destinations.server_config import DestinationServer, HttpHeader, HttpTemplate
from sandbox.errors import Problem

Source = tuple[str, str]
"""(JSON path of the field, template text)."""


def server_templates(server: DestinationServer) -> list[Source]:
    found: list[Source] = []
    if server.url_based_destination:
        found += _templated("urlBasedDestination.url", server.url_based_destination.url)
    if server.http_template:
        found += _http_templates("httpTemplate", server.http_template)
    return found


def destination_templates(config: DestinationConfig) -> list[Source]:
    found: list[Source] = []
    for index, auth in enumerate(config.customer_authentication_configurations):
        if auth.access_token_request:
            path = f"customerAuthenticationConfigurations[{index}].accessTokenRequest"
            found += _token_request_templates(path, auth.access_token_request)
    return found


def _token_request_templates(path: str, request: AccessTokenRequest) -> list[Source]:
    found = _templated(f"{path}.urlBasedDestination.url", request.url_based_destination.url)
    found += _http_templates(f"{path}.httpTemplate", request.http_template)
    for index, field in enumerate(request.response_fields):
        if field.templating_strategy == "PEBBLE_V1":
            found.append((f"{path}.responseFields[{index}].value", field.value))
    for index, check in enumerate(request.validations):
        where = f"{path}.validations[{index}]"
        found += _templated(f"{where}.actualValue", check.actual_value)
        found += _templated(f"{where}.expectedValue", check.expected_value)
    return found


def _http_templates(path: str, template: HttpTemplate) -> list[Source]:
    found = _templated(f"{path}.requestBody", template.request_body)
    found += [
        (_header_path(path, i, h), h.text) for i, h in enumerate(template.headers) if h.is_template
    ]
    return found


def _header_path(path: str, index: int, header: HttpHeader) -> str:
    where = f"{path}.headers[{index}].value"
    return where if isinstance(header.value, str) else f"{where}.value"


def _templated(path: str, value: TemplatedValue | None) -> list[Source]:
    return [(f"{path}.value", value.value)] if value is not None and value.is_template else []


def template_problems(sources: list[Source], engine: PebbleEngine, file: str) -> list[Problem]:
    problems = []
    for path, text in sources:
        try:
            engine.compile(text, name=f"{file}:{path}")
        except TemplateError as error:
            problems.append(template_problem(error, file, path))
    return problems


def template_problem(error: TemplateError, file: str, path: str) -> Problem:
    where = f"line {error.line}, column {error.column} of the template: " if error.line else ""
    return Problem(file, path, f"{where}{error.message}", error.excerpt)
