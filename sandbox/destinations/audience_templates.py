"""Audience metadata templates (`POST /authoring/audience-templates`, aep-destinations.md §5.6).

A template tells AEP how to create, update and delete an audience at the partner (and how to
validate a connection). Each section is `{url, httpMethod, headers, requestBody: {json},
responseFields, responseErrorFields}`; url, header values and the string leaves of the body are
Pebble templates over `segment.*`, `customerData.*`, `authData.*`, `oauth2ServiceAccessToken` and
`destination.*`. The `externalAudienceId` response field of `create` becomes the audience's
mapping ID (its alias) in every later export.

    template = load_audience_template(Path("audience-template.json"), config, engine)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from sandbox.destinations.adobe_json import AdobeModel
from sandbox.destinations.audience_trial import trial_context
from sandbox.destinations.destination_config import DestinationConfig
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.problems import load_document, raise_on_errors, validate_model, warning
from sandbox.destinations.response_fields import field_path_problem
from sandbox.errors import InputError, Problem

EXTERNAL_ID = "externalAudienceId"
SIMULATED = ("validate", "create", "update", "delete")
NOT_SIMULATED = ("notify", "createDestination", "updateDestination", "deleteDestination")


class TemplateHeader(AdobeModel):
    header: str
    value: str


class ResponseField(AdobeModel):
    name: str
    value: str
    """`{{body.a[0].b}}`, `{{response.id}}`, `{{headers.x-id}}`, `{{error.message}}`, `{{root}}`."""


class RequestBody(AdobeModel):
    json_body: Any = Field(alias="json")


class TemplateCall(AdobeModel):
    """One section of a metadata template: one HTTP call to the partner."""

    url: str
    http_method: Literal["POST", "GET", "PUT", "DELETE", "PATCH"]
    headers: list[TemplateHeader] = []
    request_body: RequestBody | None = None
    response_fields: list[ResponseField] = []
    response_error_fields: list[ResponseField] = []


class MetadataTemplate(AdobeModel):
    name: str | None = None
    create: TemplateCall | None = None
    update: TemplateCall | None = None
    delete: TemplateCall | None = None
    validate_: TemplateCall | None = Field(None, alias="validate")
    notify: TemplateCall | None = None
    create_destination: TemplateCall | None = None
    update_destination: TemplateCall | None = None
    delete_destination: TemplateCall | None = None

    def section(self, operation: str) -> TemplateCall | None:
        """`create`, `update`, `delete` or `validate`."""
        return self.validate_ if operation == "validate" else getattr(self, operation)


class AudienceTemplate(AdobeModel):
    """An audience template as Adobe stores it (the fields beside `metadataTemplate` are Adobe's)."""

    metadata_template: MetadataTemplate
    instance_id: str | None = None
    created_date: str | None = None
    last_modified_date: str | None = None
    ims_org: str | None = None
    sandbox_name: str | None = None
    sandbox_id: str | None = None


def load_audience_template(
    path: Path, config: DestinationConfig | None, engine: PebbleEngine
) -> tuple[AudienceTemplate, list[Problem]]:
    """Read and check a template file (against the destination's config when given).

    Returns the template and its warnings. Raises:
        InputError: every error in the file, with its field path and what is allowed.
    """
    return audience_template_from_data(load_document(path), str(path), config, engine)


def audience_template_from_data(
    data: Any, file: str, config: DestinationConfig | None, engine: PebbleEngine
) -> tuple[AudienceTemplate, list[Problem]]:
    template, problems = validate_model(AudienceTemplate, data, file)
    if template is not None:
        problems += template_problems(template, file, config, engine)
    warnings = raise_on_errors(problems)
    assert template is not None
    return template, warnings


def template_problems(
    template: AudienceTemplate, file: str, config: DestinationConfig | None, engine: PebbleEngine
) -> list[Problem]:
    meta = template.metadata_template
    problems = [*_identity_problems(template, file, config)]
    trial = trial_context(config)
    if meta.create is None:
        problems.append(
            Problem(
                file,
                "metadataTemplate.create",
                "an audience template needs a create section: AEP calls it for every audience "
                "mapped to the destination and reads the partner's audience ID from its answer",
            )
        )
    elif not any(f.name == EXTERNAL_ID for f in meta.create.response_fields):
        problems.append(
            Problem(
                file,
                "metadataTemplate.create.responseFields",
                f"add a response field named {EXTERNAL_ID!r} (e.g. value "
                "'{{body.id}}' or '{{headers.x-audience-id}}'): it becomes the audience's "
                "mapping ID in every export",
            )
        )
    for operation in ("update", "delete"):
        if meta.section(operation) is None:
            what = "renamed" if operation == "update" else "unmapped"
            message = f"no {operation} section: when an audience is {what}, the partner is not told"
            problems.append(warning(file, f"metadataTemplate.{operation}", message))
    for name in NOT_SIMULATED:
        if getattr(meta, _attribute(name)) is not None:
            message = (
                f"{name} is not simulated: the sandbox makes the validate, create, update "
                "and delete calls of streaming destinations"
            )
            problems.append(warning(file, f"metadataTemplate.{name}", message))
    for operation in SIMULATED:
        section = meta.section(operation)
        if section is not None:
            where = f"metadataTemplate.{operation}"
            problems += _section_problems(section, where, file, engine, trial)
    return problems


def missing_template_message(template_id: str) -> str:
    return (
        f"the destination's segmentMappingConfig.audienceTemplateId is {template_id!r}: give "
        "that audience template (audience_template: FILE) so that audiences are created at the "
        "partner and exports carry the partner's audience IDs"
    )


def _attribute(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def _identity_problems(
    template: AudienceTemplate, file: str, config: DestinationConfig | None
) -> list[Problem]:
    if config is None:
        return []
    wanted = config.segment_mapping_config.audience_template_id
    if wanted is None:
        message = (
            "the destination's segmentMappingConfig has no audienceTemplateId, so AEP would "
            "not use this template; set it to the template's instanceId"
        )
        return [warning(file, "instanceId", message)]
    if template.instance_id is not None and template.instance_id != wanted:
        message = (
            f"the destination's segmentMappingConfig.audienceTemplateId is {wanted!r}, "
            f"but this template's instanceId is {template.instance_id!r}"
        )
        return [Problem(file, "instanceId", message)]
    return []


def _section_problems(
    section: TemplateCall, where: str, file: str, engine: PebbleEngine, trial: dict[str, Any]
) -> list[Problem]:
    problems: list[Problem] = []
    for path, source in _templates(section, where):
        try:  # compiled, then trial-rendered: a filter or method that fails only when run
            engine.compile(source, f"{file}: {path}").render(trial)
        except InputError as error:
            problems += [
                Problem(
                    file, f"{path} ({p.location})" if p.location else path, p.message, p.excerpt
                )
                for p in error.problems
            ]
    for kind, fields in (
        ("responseFields", section.response_fields),
        ("responseErrorFields", section.response_error_fields),
    ):
        for index, field in enumerate(fields):
            message = field_path_problem(field.value)
            if message is not None:
                problems.append(Problem(file, f"{where}.{kind}[{index}].value", message))
    return problems


def _templates(section: TemplateCall, where: str) -> Iterator[tuple[str, str]]:
    yield f"{where}.url", section.url
    for index, header in enumerate(section.headers):
        yield f"{where}.headers[{index}].value", header.value
    if section.request_body is not None:
        yield from _strings(section.request_body.json_body, f"{where}.requestBody.json")


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def render_body(value: Any, render: Any) -> Any:
    """The JSON body with every string leaf rendered by `render(text) -> str`."""
    if isinstance(value, str):
        return render(value)
    if isinstance(value, dict):
        return {key: render_body(item, render) for key, item in value.items()}
    if isinstance(value, list):
        return [render_body(item, render) for item in value]
    return value
