"""The destination server configuration (`POST /authoring/destination-servers`), as Adobe stores it.

Only `URL_BASED` (streaming) servers can be simulated; file-based server types are recognised so
that a file-based config gets a clear error rather than a confusing one. The rules beyond types
are here too (templates are checked in `template_checks`).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from sandbox.destinations.adobe_json import AdobeModel, TemplatedValue
from sandbox.destinations.body_checks import header_name_fault, header_value_fault
from sandbox.destinations.problems import warning
from sandbox.errors import Problem

HttpMethod = Literal["GET", "PUT", "POST", "DELETE", "PATCH"]
ServerType = Literal[
    "URL_BASED",
    "FILE_BASED_S3",
    "FILE_BASED_SFTP",
    "FILE_BASED_ADLS_GEN2",
    "FILE_BASED_AZURE_BLOB",
    "FILE_BASED_DLZ",
    "FILE_BASED_GOOGLE_CLOUD",
]


class UrlBasedDestination(AdobeModel):
    url: TemplatedValue
    """Where activation calls go; a template may read `customerData.*`, `input.aggregationKey.*`."""


class HttpHeader(AdobeModel):
    """`{header, value}`: the value is a Pebble template (as in audience metadata templates), or
    `{templatingStrategy, value}` as in Adobe's dropdown and schema servers (§13.2)."""

    header: str
    value: str | TemplatedValue

    @property
    def text(self) -> str:
        return self.value if isinstance(self.value, str) else self.value.value

    @property
    def is_template(self) -> bool:
        return isinstance(self.value, str) or self.value.is_template


class HttpTemplate(AdobeModel):
    http_method: HttpMethod
    request_body: TemplatedValue | None = None
    content_type: str = "application/json"
    headers: list[HttpHeader] = []


class DestinationServer(AdobeModel):
    """A destination server: where and how one activation call is sent."""

    name: str = ""
    destination_server_type: ServerType
    url_based_destination: UrlBasedDestination | None = None
    http_template: HttpTemplate | None = None
    instance_id: str | None = None
    created_date: str | None = None
    last_modified_date: str | None = None
    ims_org: str | None = None
    sandbox_name: str | None = None
    sandbox_id: str | None = None
    # a file-based server's own sections: recognised (so none is "unknown"), never simulated
    file_based_s3_destination: Any = None
    file_based_sftp_destination: Any = Field(None, alias="fileBasedSFTPDestination")
    file_based_adls_gen2_destination: Any = None
    file_based_azure_blob_destination: Any = None
    file_based_dlz_destination: Any = None
    file_based_google_cloud_storage_destination: Any = None
    file_configurations: Any = None


NOT_STREAMING = (
    "is a file-based server: AEP exports files (CSV, JSON, Parquet) to storage on a schedule, "
    "which the sandbox does not simulate; it simulates URL_BASED (streaming) servers, whose "
    "activation calls are HTTP requests rendered from httpTemplate"
)
NEEDS_URL = 'URL_BASED servers need urlBasedDestination: {"url": {"templatingStrategy", "value"}}'
NOT_A_URL = "expected an http:// or https:// URL (or a template making one)"
NEEDS_HTTP = "URL_BASED servers need httpTemplate with httpMethod, requestBody and contentType"
HEADERS = "Adobe does not document headers on URL_BASED activation servers; the sandbox sends them"


def server_problems(server: DestinationServer, file: str) -> list[Problem]:
    kind = server.destination_server_type
    if kind != "URL_BASED":
        return [Problem(file, "destinationServerType", f"{kind} {NOT_STREAMING}")]
    return [
        *_url_problems(server.url_based_destination, file),
        *_http_problems(server.http_template, file),
        *_literal_problems(server, file),
    ]


def _url_problems(destination: UrlBasedDestination | None, file: str) -> list[Problem]:
    if destination is None:
        return [Problem(file, "urlBasedDestination", NEEDS_URL)]
    if not _looks_like_url(destination.url.value):
        return [Problem(file, "urlBasedDestination.url.value", NOT_A_URL)]
    return []


def _http_problems(template: HttpTemplate | None, file: str) -> list[Problem]:
    if template is None:
        return [Problem(file, "httpTemplate", NEEDS_HTTP)]
    problems = []
    if template.request_body is None and template.http_method in ("POST", "PUT", "PATCH"):
        message = f"{template.http_method} calls need a requestBody template"
        problems.append(Problem(file, "httpTemplate.requestBody", message))
    if not template.content_type.startswith("application/"):
        message = f"Adobe allows application/* media types; got {template.content_type}"
        problems.append(warning(file, "httpTemplate.contentType", message))
    if template.headers:
        problems.append(warning(file, "httpTemplate.headers", HEADERS))
    for index, header in enumerate(template.headers):
        problems += header_problems(header, file, f"httpTemplate.headers[{index}]")
    return problems


def header_problems(header: HttpHeader, file: str, where: str) -> list[Problem]:
    """A header name that is not an HTTP token, or a literal value with CR/LF: never sendable.
    (Templated values are checked when rendered: `dry_run`.)"""
    problems = []
    name_fault = header_name_fault(header.header)
    if name_fault:
        problems.append(Problem(file, f"{where}.header", name_fault))
    value_fault = header_value_fault(header.text)
    if value_fault and not header.is_template:
        problems.append(Problem(file, f"{where}.value.value", value_fault))
    return problems


def _looks_like_url(value: str) -> bool:
    return value.startswith(("http://", "https://", "{{", "{%")) or "://" in value[:40]


def _literal_problems(server: DestinationServer, file: str) -> list[Problem]:
    fields = []
    if server.url_based_destination:
        fields.append(("urlBasedDestination.url", server.url_based_destination.url))
    if server.http_template and server.http_template.request_body:
        fields.append(("httpTemplate.requestBody", server.http_template.request_body))
    return [
        warning(
            file,
            f"{path}.templatingStrategy",
            "NONE, yet the value contains Pebble tags; "
            "they are sent literally (use PEBBLE_V1 to render them)",
        )
        for path, value in fields
        if not value.is_template and ("{{" in value.value or "{%" in value.value)
    ]
