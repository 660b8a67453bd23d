"""Activations checked against their destination: customer data, credentials, audiences, mapping."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.destinations import activation_rules as rules
from sandbox.destinations.activation import Activation
from sandbox.destinations.credential_rules import build_credentials, credential_problems
from sandbox.destinations.customer_fields import check_customer_data
from sandbox.destinations.destination_config import DestinationConfig
from sandbox.destinations.problems import validate_model
from sandbox.errors import Problem
from tests.test_destination_fixtures import activation_dict, destination_dict


def load(activation: dict[str, Any], destination: dict[str, Any] | None = None) -> list[Problem]:
    config, problems = validate_model(DestinationConfig, destination or destination_dict(), "d")
    model, found = validate_model(Activation, activation, "a.json")
    assert config is not None and problems == []
    if model is None:
        return found
    _, data_problems = check_customer_data(
        config.customer_data_fields, model.customer_data, "a.json", "customerData"
    )
    return [
        *found,
        *data_problems,
        *rules.reference_problems(model, config, "a.json"),
        *credential_problems(model, config, "a.json"),
        *rules.audience_problems(model, config, "a.json"),
        *rules.identity_problems(model, config, "a.json"),
        *rules.attribute_problems(model, config, "a.json"),
    ]


def errors(problems: list[Problem]) -> dict[str, str]:
    return {p.location: p.message for p in problems if p.severity == "error"}


def warnings(problems: list[Problem]) -> dict[str, str]:
    return {p.location: p.message for p in problems if p.severity == "warning"}


def models(
    activation: dict[str, Any], destination: dict[str, Any] | None = None
) -> tuple[Activation, DestinationConfig]:
    config, _ = validate_model(DestinationConfig, destination or destination_dict(), "d")
    model, _ = validate_model(Activation, activation, "a.json")
    assert config is not None and model is not None
    return model, config


def test_the_test_activation_is_valid() -> None:
    assert load(activation_dict()) == []


def test_the_destination_reference_must_match() -> None:
    assert "destination" in errors(load(activation_dict(destination="Other")))


# -- customer data ----------------------------------------------------------------------------


def test_customer_data_required_enum_and_unknown_names() -> None:
    assert errors(load(activation_dict(customerData={}))) == {
        "customerData.region": 'the destination requires customer data field "region" '
        "(Region, string, one of 'US', 'EU')"
    }
    found = load(activation_dict(customerData={"region": "APAC", "regoin": "EU"}))
    assert (
        errors(found)["customerData.region"] == "'APAC' is not allowed; allowed values: 'US', 'EU'"
    )
    assert 'did you mean "region"?' in warnings(found)["customerData.regoin"]


def test_customer_data_types_patterns_defaults_conditions_and_groups() -> None:
    fields = [
        {"name": "accountId", "type": "string", "isRequired": True, "pattern": "^[0-9]+$"},
        {"name": "retries", "type": "integer"},
        {"name": "format", "type": "string", "namedEnum": [{"name": "Comma", "value": ","}],
         "default": ","},
        {"name": "csv", "type": "object", "isRequired": True,
         "conditional": {"field": "mode", "operator": "EQUALS", "value": "CSV"},
         "properties": [{"name": "quote", "type": "string", "isRequired": True}]},
        {"name": "mode", "type": "string"},
    ]  # fmt: skip
    config, _ = validate_model(DestinationConfig, destination_dict(customerDataFields=fields), "d")
    assert config is not None
    values, problems = check_customer_data(
        config.customer_data_fields, {"accountId": "12a", "retries": "3"}, "a", "customerData"
    )
    assert errors(problems) == {
        "customerData.accountId": "'12a' does not match the pattern ^[0-9]+$",
        "customerData.retries": "expected an integer, got '3'",
    }
    assert values["format"] == ","
    _, problems = check_customer_data(
        config.customer_data_fields,
        {"accountId": "1", "mode": "CSV", "csv": {}},
        "a",
        "customerData",
    )
    assert list(errors(problems)) == ["customerData.csv.quote"]


# -- credentials ------------------------------------------------------------------------------


def test_credentials_are_required_and_their_type_must_be_accepted() -> None:
    assert "credentials" in errors(load(activation_dict(credentials=None)))
    basic = {"authType": "BASIC", "username": "u", "password": "p"}
    message = errors(load(activation_dict(credentials=basic)))["credentials.authType"]
    assert message == '"BASIC" is not accepted by this destination; allowed: BEARER'


@pytest.mark.parametrize(
    ("auth", "given", "missing"),
    [
        pytest.param({"authType": "BASIC"}, {"authType": "BASIC", "username": "u"},
                     ["credentials.password"], id="basic"),
        pytest.param({"authType": "BEARER"}, {"authType": "BEARER"}, ["credentials.token"],
                     id="bearer"),
        pytest.param({"authType": "OAUTH2", "grant": "OAUTH2_CLIENT_CREDENTIALS",
                      "accessTokenUrl": "http://127.0.0.1:8787/oauth/token", "clientId": "c"},
                     {"authType": "OAUTH2"}, ["credentials.clientSecret"], id="client-credentials"),
        pytest.param({"authType": "OAUTH2", "grant": "OAUTH2_PASSWORD", "clientId": "c",
                      "clientSecret": "s", "accessTokenUrl": "http://127.0.0.1:8787/oauth/token"},
                     {"authType": "OAUTH2", "username": "u"}, ["credentials.password"],
                     id="password"),
        pytest.param({"authType": "OAUTH2", "grant": "OAUTH2_AUTHORIZATION_CODE", "clientId": "c",
                      "clientSecret": "s", "accessTokenUrl": "http://127.0.0.1:8787/oauth/token",
                      "authorizationUrl": "http://127.0.0.1:8787/oauth/authorize"},
                     {"authType": "OAUTH2"}, ["credentials.accessToken"], id="authorization-code"),
        pytest.param({"authType": "OAUTH2", "grant": "OAUTH2_CLIENT_CREDENTIALS",
                      "accessTokenUrl": "http://127.0.0.1:8787/oauth/token", "clientId": "c",
                      "clientSecret": "s", "authenticationDataFields": [
                          {"name": "tenant", "isRequired": True, "source": "CUSTOMER"}]},
                     {"authType": "OAUTH2"}, ["credentials.fields.tenant"], id="custom-field"),
    ],
)  # fmt: skip
def test_credentials_per_auth_type(
    auth: dict[str, Any], given: dict[str, Any], missing: list[str]
) -> None:
    destination = destination_dict(customerAuthenticationConfigurations=[auth])
    assert list(errors(load(activation_dict(credentials=given), destination))) == missing


def test_short_token_lifetimes_are_warned_about() -> None:
    auth = {"authType": "OAUTH2", "grant": "OAUTH2_CLIENT_CREDENTIALS", "clientId": "c",
            "clientSecret": "s", "accessTokenUrl": "http://127.0.0.1:8787/oauth/token",
            "authenticationDataFields": [{"name": "expiresIn", "value": 600}]}  # fmt: skip
    destination = destination_dict(customerAuthenticationConfigurations=[auth])
    found = load(activation_dict(credentials={"authType": "OAUTH2"}), destination)
    assert "under 1 hour" in warnings(found)["credentials.expiresIn"]


def test_credentials_with_authentication_rule_none_are_ignored_with_a_warning() -> None:
    destination = destination_dict(destinationDelivery=[
        {"authenticationRule": "NONE", "destinationServerId": "srv-1"}])  # fmt: skip
    found = load(activation_dict(), destination)
    assert errors(found) == {} and "credentials" in warnings(found)
    assert build_credentials(*models(activation_dict(), destination)).auth_type == "NONE"


def test_credentials_are_built_from_config_and_activation() -> None:
    auth = {"authType": "OAUTH2", "grant": "OAUTH2_CLIENT_CREDENTIALS", "clientId": "cfg-client",
            "accessTokenUrl": "http://127.0.0.1:8787/oauth/token", "scope": ["read"],
            "options": {"useBasicAuth": True},
            "authenticationDataFields": [{"name": "expiresIn", "value": 86400},
                                         {"name": "tenant", "source": "CUSTOMER"}]}  # fmt: skip
    destination = destination_dict(customerAuthenticationConfigurations=[auth])
    given = {"authType": "OAUTH2", "clientSecret": "s3cret", "fields": {"tenant": "acme"}}
    credentials = build_credentials(*models(activation_dict(credentials=given), destination))
    assert (credentials.auth_type, credentials.client_id, credentials.client_secret) == (
        "OAUTH2",
        "cfg-client",
        "s3cret",
    )
    assert (credentials.expires_in, credentials.scope, credentials.use_basic_auth) == (
        86400,
        ("read",),
        True,
    )
    assert credentials.auth_data == {
        "expiresIn": 86400,
        "clientId": "cfg-client",
        "clientSecret": "s3cret",
        "tenant": "acme",
    }
    assert credentials.secrets() == ("s3cret",)


def test_bearer_and_basic_credentials() -> None:
    bearer = build_credentials(*models(activation_dict()))
    assert (bearer.auth_type, bearer.token) == ("BEARER", "t0ken")
    assert bearer.auth_data == {"token": "t0ken", "accessToken": "t0ken"}
    assert build_credentials(None, models(activation_dict())[1]).auth_type == "NONE"


# -- audiences --------------------------------------------------------------------------------


def test_user_input_mapping_needs_a_mapping_id() -> None:
    found = load(activation_dict(audiences=[{"id": "aud-a"}, {"id": "aud-a", "mappingId": "x"}]))
    assert set(errors(found)) == {"audiences[0].mappingId", "audiences[1].id"}


@pytest.mark.parametrize(
    ("rule", "audience", "location"),
    [
        ("mapExperiencePlatformSegmentId", {"id": "aud-a", "mappingId": "other"},
         "audiences[0].mappingId"),
        ("mapExperiencePlatformSegmentId", {"id": "aud-a", "mappingId": "aud-a"}, None),
        ("mapExperiencePlatformSegmentId", {"id": "aud-a"}, None),
        ("mapExperiencePlatformSegmentName", {"id": "aud-a"}, "audiences[0].name"),
        ("mapExperiencePlatformSegmentName", {"id": "aud-a", "name": "Gold", "mappingId": "Gold"},
         None),
    ],
)  # fmt: skip
def test_audience_alias_rules(rule: str, audience: dict[str, Any], location: str | None) -> None:
    destination = destination_dict(segmentMappingConfig={rule: True})
    found = errors(load(activation_dict(audiences=[audience]), destination))
    assert list(found) == ([location] if location else [])


def test_audience_guardrail_is_a_warning() -> None:
    audiences = [{"id": f"aud-{n}", "mappingId": f"m{n}"} for n in range(251)]
    found = load(activation_dict(audiences=audiences))
    assert errors(found) == {} and "250" in warnings(found)["audiences"]


# -- identities and attributes ---------------------------------------------------------------


def test_at_least_one_identity_mapping() -> None:
    assert "identityMappings" in errors(load(activation_dict(identityMappings=[])))


@pytest.mark.parametrize(
    ("mapping", "location", "text"),
    [
        ({"sourceNamespace": "Email", "target": "email_sha256"}, "identityMappings[0].target",
         'did you mean "email_lc_sha256"?'),
        ({"sourceNamespace": "Phone", "target": "email_lc_sha256"},
         "identityMappings[0].sourceNamespace", "it accepts Email"),
        ({"sourceNamespace": "loyalty_id", "target": "email_lc_sha256"},
         "identityMappings[0].sourceNamespace", "does not accept"),
        ({"sourceNamespace": "Email", "target": "email_lc_sha256",
          "transformation": "sha256(lower($))"}, None, ""),
        ({"sourceNamespace": "GAID", "target": "external_id"},
         "identityMappings[0].sourceNamespace", "it accepts CRMID, ECID and custom namespaces"),
        ({"sourceNamespace": "loyalty_id", "target": "external_id",
          "transformation": "sha256(lower($))"}, None, ""),
        ({"sourceNamespace": "Email"}, "identityMappings[0].target", 'no target identity "Email"'),
        ({"sourceNamespace": "Email", "sourceAttribute": "a.b", "target": "external_id"},
         "identityMappings[0]", "exactly one of sourceNamespace"),
    ],
)  # fmt: skip
def test_identity_mapping_rules(mapping: dict[str, Any], location: str | None, text: str) -> None:
    found = errors(load(activation_dict(identityMappings=[mapping])))
    assert list(found) == ([location] if location else [])
    if location:
        assert text in found[location]


def test_attribute_sources_need_accepts_attributes_and_transformations_need_an_offer() -> None:
    namespaces: dict[str, Any] = {"maid": {"acceptedGlobalNamespaces": {"GAID": {}}}}
    destination = destination_dict(identityNamespaces=namespaces)
    found = errors(load(activation_dict(identityMappings=[
        {"sourceAttribute": "device.id", "target": "maid"},
        {"sourceNamespace": "GAID", "target": "maid", "transformation": "sha256(lower($))"},
    ]), destination))  # fmt: skip
    assert set(found) == {
        "identityMappings[0].sourceAttribute",
        "identityMappings[1].transformation",
    }


def test_mapping_an_accepted_cookie_namespace_is_fine() -> None:
    found = load(activation_dict(identityMappings=[{"sourceNamespace": "ECID",
                                                    "target": "external_id"}]))  # fmt: skip
    assert errors(found) == {}
    assert "identityMappings[0].sourceNamespace" not in warnings(found)


def test_mapping_a_cookie_namespace_the_target_does_not_accept_says_why() -> None:
    found = load(activation_dict(identityMappings=[{"sourceNamespace": "AAID",
                                                    "target": "external_id"}]))  # fmt: skip
    message = errors(found)["identityMappings[0].sourceNamespace"]
    assert 'does not accept "AAID"' in message
    assert "cookie namespace" in message and "never exported" in message
    assert "acceptedGlobalNamespaces" in message


def test_attribute_mapping_rules() -> None:
    destination = destination_dict(
        schemaConfig={
            "profileFields": [{"name": "lastName", "isRequired": True}],
            "profileRequired": False,
        }
    )
    found = load(activation_dict(attributeMappings=[
        {"source": "person.name.lastName", "target": "lastNme"},
        {"source": "identityMap.Email", "target": "lastNme"},
    ]), destination)  # fmt: skip
    said = [(p.location, p.message) for p in found if p.severity == "error"]
    assert any(
        w == "attributeMappings[0].target" and 'did you mean "lastName"?' in m for w, m in said
    )
    assert any(w == "attributeMappings[1].source" and "cannot be mapped" in m for w, m in said)
    assert ("attributeMappings[1].target", '"lastNme" is mapped twice') in said
    assert any(w == "attributeMappings" and 'profile field "lastName"' in m for w, m in said)


def test_attribute_guardrail_is_a_warning() -> None:
    mappings = [{"source": f"custom.f{n}", "target": f"f{n}"} for n in range(51)]
    found = load(activation_dict(attributeMappings=mappings))
    assert errors(found) == {} and "50" in warnings(found)["attributeMappings"]
