"""Token requests through a destination's `accessTokenRequest` templates (aep-destinations.md §4.3).

The URL, body and headers are rendered with `authData.*` and `userContext.*`; the answer is read
through the `responseFields` templates against `response.body.*`, `response.status` and
`response.headers.<name>[0]`, after every `validations` entry has matched. `accessToken` is
required, `expiresIn` and `refreshToken` are understood, any other field is kept and readable as
`authData.<name>` in later token requests.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol

from pydantic import ValidationError

from sandbox.delivery.oauth_grants import FORM
from sandbox.delivery.tokens import Token, TokenRefused, lifetime
from sandbox.delivery.transport import Answer, Headers
from sandbox.destinations.customer_auth import AccessTokenRequest

USER_CONTEXT = {
    "sandboxName": "prod",
    "sandboxId": "sandbox-local",
    "imsOrgId": "SANDBOX0000000000000000@AdobeOrg",
    "client": "destination-sandbox",
}
"""What `userContext.*` reads in token templates (the sandbox has one local org and sandbox)."""


class TemplateRenderer(Protocol):
    """Renders one template with a context; a template that fails raises `TokenRefused`."""

    def render(self, source: str, name: str, context: Mapping[str, Any]) -> str: ...


class _Templated(Protocol):
    @property
    def templating_strategy(self) -> str: ...

    @property
    def value(self) -> str: ...


def token_block(raw: Mapping[str, Any] | AccessTokenRequest) -> AccessTokenRequest:
    """The `accessTokenRequest` block as a model; TokenRefused naming the field when it is wrong."""
    if isinstance(raw, AccessTokenRequest):
        return raw
    try:
        return AccessTokenRequest.model_validate(dict(raw), by_alias=True, by_name=True)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise TokenRefused(f"accessTokenRequest.{where}: {first['msg']}") from None


def templated_request(
    block: AccessTokenRequest, renderer: TemplateRenderer, auth_data: Mapping[str, Any]
) -> tuple[str, str, Headers, str]:
    """Method, URL, headers and body of the token request the templates describe."""
    context = {"authData": dict(auth_data), "userContext": USER_CONTEXT}
    http = block.http_template
    url = _value(renderer, block.url_based_destination.url, "urlBasedDestination.url", context)
    body = ""
    if http.request_body is not None:
        body = _value(renderer, http.request_body, "httpTemplate.requestBody", context)
    headers = [("Content-Type", http.content_type or FORM)]
    for index, header in enumerate(http.headers):
        where = f"accessTokenRequest.httpTemplate.headers[{index}].value"
        text = renderer.render(header.text, where, context) if header.is_template else header.text
        headers.append((header.header, text))
    return http.http_method, url, tuple(headers), body


def templated_token(
    block: AccessTokenRequest,
    renderer: TemplateRenderer,
    auth_data: Mapping[str, Any],
    answer: Answer,
    now: float,
) -> Token:
    """The token the `responseFields` read from `answer`, once every validation has passed."""
    context = {
        "authData": dict(auth_data),
        "userContext": USER_CONTEXT,
        "response": response_context(answer),
    }
    for index, check in enumerate(block.validations):
        where = f"validations[{index}]"
        actual = _value(renderer, check.actual_value, f"{where}.actualValue", context).strip()
        expected = _value(renderer, check.expected_value, f"{where}.expectedValue", context).strip()
        if actual != expected:
            raise TokenRefused(
                f"token validation {check.name!r} failed: expected {expected!r}, "
                f"got {actual!r} (the token endpoint answered {answer.status})"
            )
    fields = {
        field.name: _value(renderer, field, f"responseFields[{index}] ({field.name})", context)
        for index, field in enumerate(block.response_fields)
    }
    return _token(fields, answer.status, now)


def response_context(answer: Answer) -> dict[str, Any]:
    """`response.*` for templates: the body as JSON when it parses, else as text."""
    try:
        body: Any = json.loads(answer.body) if answer.body else {}
    except ValueError:
        body = answer.text
    headers: dict[str, list[str]] = {}
    for name, value in answer.headers:
        headers.setdefault(name, []).append(value)
        if name.lower() != name:
            headers.setdefault(name.lower(), []).append(value)
    return {"body": body, "status": answer.status, "headers": headers}


def _token(fields: dict[str, str], status: int, now: float) -> Token:
    access_token = fields.pop("accessToken", "").strip()
    if not access_token:
        raise TokenRefused(
            f"the responseFields gave no accessToken (the token endpoint answered "
            f"{status}); a responseFields entry named accessToken is required"
        )
    expires_in = lifetime(fields.pop("expiresIn", "").strip())
    return Token(
        access_token=access_token,
        expires_at=None if expires_in is None else now + expires_in,
        expires_in=expires_in,
        refresh_token=fields.pop("refreshToken", "").strip(),
        fields=fields,
    )


def _value(
    renderer: TemplateRenderer, value: _Templated, where: str, context: Mapping[str, Any]
) -> str:
    if value.templating_strategy != "PEBBLE_V1":
        return value.value
    return renderer.render(value.value, f"accessTokenRequest.{where}", context)
