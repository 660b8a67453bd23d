"""Dynamic servers: the partner endpoints behind dynamic dropdowns and dynamic schemas.

A dynamic server is a `URL_BASED` destination server with a GET `httpTemplate` whose headers are
templated objects (`{header, value: {templatingStrategy, value}}`) and a top-level
`responseFields` list: Pebble templates that turn the partner's answer (`response.body`,
`response.headers`, `response.status`) into what AEP shows (a NAME_VALUE list, or a schema).

    server, warnings = dynamic_server_from_data(data, "server.json", engine)
    call = build_call(server, customer_data, query={"integrationId": "42"}, engine=engine)
    output = read_answer(server, status, headers, text, engine)   # the responseFields' JSON
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit, urlunsplit

from pydantic import Field

from sandbox.destinations.adobe_json import AdobeModel, TemplatedValue
from sandbox.destinations.destination_config import DestinationConfig
from sandbox.destinations.dropdowns import dynamic_fields
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.problems import raise_on_errors, validate_model
from sandbox.destinations.server_config import UrlBasedDestination
from sandbox.errors import InputError, Problem


class TemplatedHeader(AdobeModel):
    header: str
    value: TemplatedValue


class DynamicHttpTemplate(AdobeModel):
    http_method: Literal["GET"]
    headers: list[TemplatedHeader] = []


class DynamicResponseField(AdobeModel):
    templating_strategy: Literal["PEBBLE_V1", "NONE"]
    value: str
    name: str


class DynamicServer(AdobeModel):
    """A dropdown or dynamic schema server, as Adobe stores it."""

    name: str = ""
    destination_server_type: Literal["URL_BASED"]
    url_based_destination: UrlBasedDestination
    http_template: DynamicHttpTemplate
    response_fields: list[DynamicResponseField] = Field(min_length=1)
    instance_id: str | None = None
    created_date: str | None = None
    last_modified_date: str | None = None
    ims_org: str | None = None
    sandbox_name: str | None = None
    sandbox_id: str | None = None


@dataclass(frozen=True)
class DynamicCall:
    """The GET request a dynamic server makes for one connection."""

    url: str
    headers: tuple[tuple[str, str], ...]


def dynamic_server_from_data(
    data: Any, file: str, engine: PebbleEngine
) -> tuple[DynamicServer, list[Problem]]:
    """Check a dynamic server document. Raises InputError with every error."""
    server, problems = validate_model(DynamicServer, data, file)
    if server is not None:
        problems += _template_problems(server, file, engine)
    warnings = raise_on_errors(problems)
    assert server is not None
    return server, warnings


def _template_problems(server: DynamicServer, file: str, engine: PebbleEngine) -> list[Problem]:
    sources = [("urlBasedDestination.url.value", server.url_based_destination.url)]
    sources += [
        (f"httpTemplate.headers[{i}].value.value", h.value)
        for i, h in enumerate(server.http_template.headers)
    ]
    problems: list[Problem] = []
    for path, value in sources:
        if value.is_template:
            problems += _compile(value.value, path, file, engine)
    for index, field in enumerate(server.response_fields):
        if field.templating_strategy == "PEBBLE_V1":
            problems += _compile(field.value, f"responseFields[{index}].value", file, engine)
    return problems


def _compile(source: str, path: str, file: str, engine: PebbleEngine) -> list[Problem]:
    try:
        engine.compile(source, f"{file}: {path}")
    except InputError as error:
        return [
            Problem(file, f"{path} ({p.location})" if p.location else path, p.message, p.excerpt)
            for p in error.problems
        ]
    return []


def build_call(
    server: DynamicServer,
    customer_data: Mapping[str, Any],
    query: Mapping[str, Any],
    engine: PebbleEngine,
    auth_data: Mapping[str, Any] | None = None,
) -> DynamicCall:
    """The request for this connection (raises TemplateError when a template fails)."""
    context = {"customerData": dict(customer_data), "authData": dict(auth_data or {})}
    url = _value(server.url_based_destination.url, context, engine).strip()
    if query:
        parts = urlsplit(url)
        extra = urlencode({k: "" if v is None else str(v) for k, v in query.items()})
        joined = f"{parts.query}&{extra}" if parts.query else extra
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, joined, parts.fragment))
    headers = tuple(
        (h.header, _value(h.value, context, engine)) for h in server.http_template.headers
    )
    return DynamicCall(url, headers)


def _value(value: TemplatedValue, context: Mapping[str, Any], engine: PebbleEngine) -> str:
    if not value.is_template:
        return value.value
    return engine.compile(value.value, "<dynamic server>").render(context).text


def read_answer(
    server: DynamicServer,
    status: int,
    headers: Sequence[tuple[str, str]],
    text: str,
    engine: PebbleEngine,
    file: str,
) -> dict[str, Any]:
    """Each response field's rendered JSON, by name.

    Raises:
        InputError: a non-2xx or non-JSON answer, a field that fails to render, or renders text
            that is not JSON (naming the server file and the field).
    """
    if not 200 <= status < 300:
        raise InputError.single(
            file, "", f"the partner answered {status}: {' '.join(text.split())[:200]}"
        )
    try:
        body = json.loads(text) if text.strip() else None
    except ValueError:
        raise InputError.single(
            file, "", f"the partner's answer is not JSON: {' '.join(text.split())[:200]!r}"
        ) from None
    response = {"body": body, "headers": dict(headers), "status": status}
    found: dict[str, Any] = {}
    for index, field in enumerate(server.response_fields):
        where = f"responseFields[{index}].value"
        rendered = field.value
        if field.templating_strategy == "PEBBLE_V1":
            rendered = (
                engine.compile(field.value, f"{file}: {where}").render({"response": response}).text
            )
        try:
            found[field.name] = json.loads(rendered)
        except json.JSONDecodeError as error:
            raise InputError.single(
                file,
                where,
                f"rendered the partner's answer into text that is not JSON ({error.msg} at "
                f"character {error.pos}): {rendered.strip()[:200]!r}; the template must print JSON",
            ) from None
    return found


def needed_servers(config: DestinationConfig) -> set[str]:
    """The dynamic servers a destination configuration reads (its dynamicEnums' server ids)."""
    wanted = {
        f.dynamic_enum.destination_server_id
        for _, f in dynamic_fields(config.customer_data_fields)
        if f.dynamic_enum
    }
    schema = config.schema_config.dynamic_schema_config
    if schema is not None:
        wanted.add(schema.dynamic_enum.destination_server_id)
    return wanted
