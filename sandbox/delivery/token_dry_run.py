"""`validate`'s dry run of an OAuth2 `accessTokenRequest`: render the token request as delivery would.

The token templates run only when a token is needed, in the middle of a run; a filter that does not
exist or an `authData` field the activation never gives would then drop every export. Rendering the
request once with the activation's credentials finds that first: a template failure, a header that
cannot be sent, a URL that renders to nothing. Nothing is sent.
"""

from __future__ import annotations

from sandbox.delivery.oauth_templates import templated_request, token_block
from sandbox.delivery.token_pebble import PebbleRenderer
from sandbox.delivery.tokens import TokenRefused
from sandbox.destinations.body_checks import header_name_fault, header_value_fault, url_fault
from sandbox.destinations.bundle import DestinationBundle
from sandbox.errors import Problem


def token_request_problems(bundle: DestinationBundle) -> list[Problem]:
    credentials = bundle.credentials()
    if credentials.access_token_request is None:
        return []
    where = _block_path(bundle)
    file = bundle.sources[0]
    renderer = PebbleRenderer(autoescape=bundle.engine.autoescape)
    try:
        block = token_block(credentials.access_token_request)
        _, url, headers, _ = templated_request(block, renderer, credentials.auth_data)
    except TokenRefused as refused:
        return [Problem(file, where, f"{refused.reason} (found by rendering the token request)")]
    problems = []
    fault = url_fault(url)
    if fault:
        problems.append(Problem(file, f"{where}.urlBasedDestination.url.value", fault))
    for index, (name, value) in enumerate(headers[1:]):
        path = f"{where}.httpTemplate.headers[{index}]"
        name_fault = header_name_fault(name)
        if name_fault:
            problems.append(Problem(file, f"{path}.header", name_fault))
        value_fault = header_value_fault(value)
        if value_fault:
            problems.append(Problem(file, f"{path}.value", value_fault))
    return problems


def _block_path(bundle: DestinationBundle) -> str:
    given = bundle.activation.credentials if bundle.activation else None
    for index, auth in enumerate(bundle.config.customer_authentication_configurations):
        if given is not None and auth.auth_type == given.auth_type:
            return f"customerAuthenticationConfigurations[{index}].accessTokenRequest"
    return "customerAuthenticationConfigurations.accessTokenRequest"
