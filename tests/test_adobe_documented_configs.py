"""Adobe's documented Destination SDK configurations load, validate and render (#12 item 4).

The fixtures in `tests/fixtures/adobe/` are Adobe's examples copied verbatim:
`streaming_destination.json` / `streaming_server.json` are the complete streaming example of
`guides/configure-destination-instructions.md` (its server with the step-3 template), and
`conditional_customer_data_fields.json` is the conditional example of `customer-data-fields.md`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx

from sandbox.commands import render as render_command
from sandbox.commands import validate as validate_command
from sandbox.delivery.oauth_grants import read_token
from sandbox.delivery.transport import Answer
from sandbox.destinations.activation import Activation
from sandbox.destinations.bundle import bundle_from_data
from sandbox.destinations.credential_rules import build_credentials
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.rendering import render_request
from sandbox.destinations.validation import check_destination, check_server
from sandbox.errors import InputError, errors_only
from tests.test_destination_commands import run_command
from tests.test_destination_fixtures import activation_dict, destination_dict, server_dict

ADOBE = Path(__file__).resolve().parent / "fixtures" / "adobe"
ENGINE = PebbleEngine(autoescape=True)


def adobe(name: str) -> Any:
    return json.loads((ADOBE / name).read_text(encoding="utf-8"))


def test_the_complete_streaming_example_validates(capsys) -> None:
    files = [str(ADOBE / "streaming_destination.json"), str(ADOBE / "streaming_server.json")]
    assert run_command(validate_command, files) == 0
    out = capsys.readouterr().out
    assert out.count("ok: ") == 2


def test_groups_null_means_no_groups() -> None:
    config, problems = check_destination(adobe("streaming_destination.json"), "d.json", ENGINE)
    assert config is not None and not errors_only(problems)
    key = config.aggregation.key_config
    assert key is not None and key.groups == [] and key.one_identity_per_group
    unknown = [p for p in problems if "unknown field" in p.message]
    assert unknown == []


def test_the_complete_streaming_example_renders(capsys) -> None:
    argv = [
        "--destination", str(ADOBE / "streaming_destination.json"),
        "--server", str(ADOBE / "streaming_server.json"),
    ]  # fmt: skip
    assert run_command(render_command, argv) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert results and all(r["output"].startswith('{\n    "users": [') for r in results)
    assert all(r["aggregationKey"]["segmentStatus"] in ("realized", "exited") for r in results)


def test_conditional_example_loads_with_a_warning_for_the_out_of_enum_default() -> None:
    fields = adobe("conditional_customer_data_fields.json")
    config, problems = check_destination(
        destination_dict(customerDataFields=fields), "d.json", ENGINE
    )
    assert config is not None, [p.render() for p in problems]
    [quote] = [p for p in problems if p.location.endswith("properties[1].default")]
    assert quote.severity == "warning" and "starts empty" in quote.message


def test_conditional_group_gets_its_defaults_but_no_out_of_enum_one() -> None:
    destination = destination_dict(
        customerDataFields=adobe("conditional_customer_data_fields.json")
    )
    activation = activation_dict(customerData={"fileType": "CSV"})
    bundle = bundle_from_data(destination, server_dict(), activation, engine=ENGINE)
    options = bundle.customer_data["csvOptions"]
    assert options == {"delimiter": ",", "escape": "\\", "emptyValue": "", "nullValue": "null"}
    hidden = bundle_from_data(
        destination,
        server_dict(),
        activation_dict(customerData={"fileType": "JSON"}),
        engine=ENGINE,
    )
    assert "csvOptions" not in hidden.customer_data


def test_enum_default_outside_its_enum_is_still_an_error() -> None:
    fields = [{"name": "region", "type": "string", "enum": ["US"], "default": "EU"}]
    _, problems = check_destination(destination_dict(customerDataFields=fields), "d.json", ENGINE)
    assert [p.location for p in errors_only(problems)] == ["customerDataFields[0].default"]


def nested_required() -> list[dict[str, Any]]:
    return [
        {"name": "region", "type": "string", "enum": ["US", "EU"]},
        {
            "name": "account",
            "type": "object",
            "isRequired": False,
            "properties": [
                {"name": "id", "type": "string", "isRequired": True},
                {"name": "tier", "type": "string", "isRequired": False},
            ],
        },
    ]


def test_is_required_on_a_nested_field_is_enforced() -> None:
    destination = destination_dict(customerDataFields=nested_required())
    try:
        bundle_from_data(
            destination,
            server_dict(),
            activation_dict(customerData={"region": "EU"}),
            engine=ENGINE,
        )
    except InputError as error:
        [problem] = errors_only(list(error.problems))
        assert problem.location == "customerData.account.id"
        assert "requires" in problem.message
    else:
        raise AssertionError("a missing nested required field was accepted")
    given = activation_dict(customerData={"region": "EU", "account": {"id": "A-1"}})
    assert bundle_from_data(destination, server_dict(), given, engine=ENGINE).customer_data[
        "account"
    ] == {"id": "A-1"}


def templated_header_server() -> dict[str, Any]:
    http = dict(server_dict()["httpTemplate"])
    http["headers"] = [
        {"header": "X-Region", "value": {"templatingStrategy": "PEBBLE_V1",
                                         "value": "{{customerData.region}}-zone"}},
        {"header": "X-Literal", "value": {"templatingStrategy": "NONE", "value": "{{kept}}"}},
        {"header": "X-Plain", "value": "plain-{{customerData.region}}"},
    ]  # fmt: skip
    return server_dict(httpTemplate=http)


def test_templated_header_values_render() -> None:
    server, problems = check_server(templated_header_server(), "s.json", ENGINE)
    assert server is not None and not errors_only(problems)
    bundle = bundle_from_data(destination_dict(), templated_header_server(), activation_dict())
    batcher = bundle.batcher()
    profile = {"identityMap": {"external_id": [{"id": "x"}]}, "segmentMembership": {}}
    [batch] = [*batcher.add(profile, 0.0), *batcher.flush(0.0)]
    request, _ = render_request(bundle, batch, ENGINE, "e1")
    headers = dict(request.headers)
    assert headers["X-Region"] == "EU-zone"
    assert headers["X-Literal"] == "{{kept}}"
    assert headers["X-Plain"] == "plain-EU"


def test_a_broken_templated_header_names_its_value_path() -> None:
    server = templated_header_server()
    server["httpTemplate"]["headers"][0]["value"]["value"] = "{{ customerData.region "
    _, problems = check_server(server, "s.json", ENGINE)
    assert [p.location for p in errors_only(problems)] == ["httpTemplate.headers[0].value.value"]


# -- authenticationResponsePath (Adobe's oauth2-authentication.md, example 1) ----------------

ADOBE_OAUTH_EXAMPLE_1 = {
    "authType": "OAUTH2",
    "options": {},
    "grant": "OAUTH2_AUTHORIZATION_CODE",
    "accessTokenUrl": "https://api.moviestar.com/OAuth/access_token",
    "authorizationUrl": "https://api.moviestar.com/OAuth/authorization",
    "scope": ["read", "write", "delete"],
    "refreshTokenUrl": "https://api.moviestar.com/OAuth/accessToken",
    "clientSecret": "client-secret-here",
    "authenticationDataFields": [
        {
            "name": "refreshTokenExpiration",
            "title": "Refresh Token Expires In",
            "description": "Time in seconds when the refresh token will expire",
            "type": "string",
            "isRequired": False,
            "source": "CUSTOMER",
            "authenticationResponsePath": "refresh_token_expires_in",
        }
    ],
}


def answer(body: dict[str, Any]) -> Answer:
    response = httpx.Response(200, json=body)
    return Answer(response.status_code, tuple(response.headers.items()), response.content)


def test_authentication_response_path_reads_a_custom_field_from_the_token_answer() -> None:
    config, problems = check_destination(
        destination_dict(customerAuthenticationConfigurations=[ADOBE_OAUTH_EXAMPLE_1]),
        "d.json",
        ENGINE,
    )
    assert config is not None, [p.render() for p in errors_only(problems)]
    activation = activation_dict(
        credentials={"authType": "OAUTH2", "accessToken": "held", "refreshToken": "r-1"}
    )
    credentials = build_credentials(Activation.model_validate(activation), config)
    assert credentials.response_paths == {"refreshTokenExpiration": "refresh_token_expires_in"}
    body = {"access_token": "A", "expires_in": 3600, "refresh_token_expires_in": 7776000}
    token = read_token(answer(body), 10.0, credentials.response_paths)
    assert token.access_token == "A" and token.expires_at == 3610.0
    assert token.fields["refreshTokenExpiration"] == "7776000"


def test_authentication_response_path_can_move_the_access_token() -> None:
    paths = {"accessToken": "data.token", "expiresIn": "data.ttl"}
    token = read_token(answer({"data": {"token": "T", "ttl": 60}}), 0.0, paths)
    assert (token.access_token, token.expires_in) == ("T", 60.0)
    try:
        read_token(answer({"access_token": "T"}), 0.0, paths)
    except Exception as error:  # TokenRefused
        assert "'data.token' (authenticationResponsePath)" in str(error)
    else:
        raise AssertionError("a token at the wrong path was accepted")


# -- create-destination-server.md: the URL-based server, with the streaming example's destination -


def test_the_documented_url_based_server_validates_and_renders(capsys, tmp_path) -> None:
    destination = adobe("streaming_destination.json")
    destination["aggregation"] = {
        "aggregationType": "BEST_EFFORT",
        "bestEffortAggregation": {"maxUsersPerRequest": 1, "splitUserById": False},
    }
    (tmp_path / "d.json").write_text(json.dumps(destination), encoding="utf-8")
    server = str(ADOBE / "create_server_url_based.json")
    assert run_command(validate_command, [str(tmp_path / "d.json"), server]) == 0
    capsys.readouterr()
    argv = ["--destination", str(tmp_path / "d.json"), "--server", server, "--count", "3"]
    assert run_command(render_command, argv) == 0
    outputs = [json.loads(r["output"]) for r in json.loads(capsys.readouterr().out)["results"]]
    assert len(outputs) == 3 and all(set(o) == {"attributes"} for o in outputs)


# -- identity-namespace-configuration.md: mandatory hashing, and the Experience Cloud ID -------

CUSTOMER_CONTACT = {
    "Customer_contact": {
        "acceptsAttributes": True,
        "acceptsCustomNamespaces": True,
        "transformation": "sha256(lower($))",
        "acceptedGlobalNamespaces": {
            "Email": {"requiredTransformation": "sha256(lower($))"},
            "Phone": {"requiredTransformation": "sha256(lower($))"},
        },
    }
}


def test_ecid_goes_out_only_when_the_target_accepts_it() -> None:
    accepting = json.loads(json.dumps(CUSTOMER_CONTACT))
    accepting["Customer_contact"]["acceptedGlobalNamespaces"]["ECID"] = {}
    mappings = [{"sourceNamespace": "ECID", "target": "Customer_contact"},
                {"sourceNamespace": "Email", "target": "Customer_contact"}]  # fmt: skip
    bundle = bundle_from_data(
        destination_dict(identityNamespaces=accepting),
        server_dict(),
        activation_dict(identityMappings=mappings, attributeMappings=[]),
        engine=ENGINE,
    )
    ecid = "4" * 38
    profile = {"identityMap": {"ECID": [{"id": ecid}], "Email": [{"id": "A@B.io"}]}}
    email = hashlib.sha256(b"a@b.io").hexdigest()
    assert bundle.export_profile(profile)["identityMap"] == {
        "Customer_contact": [{"id": ecid}, {"id": email}]
    }
    try:
        bundle_from_data(
            destination_dict(identityNamespaces=CUSTOMER_CONTACT),
            server_dict(),
            activation_dict(identityMappings=mappings, attributeMappings=[]),
            engine=ENGINE,
        )
    except InputError as error:
        [problem] = errors_only(list(error.problems))
        assert problem.location == "identityMappings[0].sourceNamespace"
        assert "cookie namespace" in problem.message
    else:
        raise AssertionError("an unaccepted ECID mapping was accepted")
