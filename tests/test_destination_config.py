"""Destination and server configs: every kind of bad input becomes a Problem at its JSON path."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.destinations.config_rules import destination_problems
from sandbox.destinations.destination_config import DestinationConfig
from sandbox.destinations.problems import parse_json, raise_on_errors, validate_model
from sandbox.destinations.server_config import DestinationServer, server_problems
from sandbox.errors import InputError, Problem
from tests.test_destination_fixtures import destination_dict, server_dict


def check(data: dict[str, Any]) -> list[Problem]:
    config, problems = validate_model(DestinationConfig, data, "d.json")
    if config is not None:
        problems += destination_problems(config, "d.json")
    return problems


def check_server(data: dict[str, Any]) -> list[Problem]:
    server, problems = validate_model(DestinationServer, data, "s.json")
    if server is not None:
        problems += server_problems(server, "s.json")
    return problems


def errors(problems: list[Problem]) -> dict[str, str]:
    return {p.location: p.message for p in problems if p.severity == "error"}


def warnings(problems: list[Problem]) -> dict[str, str]:
    return {p.location: p.message for p in problems if p.severity == "warning"}


def test_the_test_destination_and_server_are_valid() -> None:
    assert check(destination_dict()) == []
    assert check_server(server_dict()) == []


def test_adobe_stored_configuration_loads_as_is() -> None:
    """Adobe's retrieve-destination-configuration response item, with its stored metadata."""
    stored = destination_dict(
        instanceId="b0780cb5-2bb7-4409-bf2c-c625ca818588",
        createdDate="2020-10-28T06:14:09.784471Z",
        lastModifiedDate="2021-06-28T06:14:09.784471Z",
        imsOrg="AC3428435BF324E90A49402A@AdobeOrg",
        sandboxName="prod",
        sandboxId="r5g6660-c5da-11e9-93d4-6d5fc3a66a8e",
        destConfigId="410631b8-f6b3-4b7c-82da-7998aa3f327c",
        customerDataFields=[
            {"name": "customerID", "type": "string", "title": "Moviestar Customer ID",
             "description": "Your customer ID", "isRequired": True, "pattern": "^[A-Za-z]+$"}
        ],
        segmentMappingConfig={"mapExperiencePlatformSegmentName": False,
                              "mapExperiencePlatformSegmentId": False, "mapUserInput": False,
                              "audienceTemplateId": "cbf90a70-96b4-437b-86be-522fbdaabe9c"},
    )  # fmt: skip
    assert errors(check(stored)) == {}


def test_wrong_type_names_the_field_and_what_is_expected() -> None:
    data = destination_dict(
        aggregation={"aggregationType": "BEST_EFFORT",
                     "bestEffortAggregation": {"maxUsersPerRequest": "10"}}
    )  # fmt: skip
    found = errors(check(data))
    where = "aggregation.bestEffortAggregation.maxUsersPerRequest"
    assert found == {where: 'expected an integer, got string "10"'}


def test_unknown_enum_value_lists_the_allowed_values() -> None:
    data = destination_dict(customerAuthenticationConfigurations=[{"authType": "BASICS"}])
    message = errors(check(data))["customerAuthenticationConfigurations[0].authType"]
    assert message.startswith('"BASICS" is not allowed; allowed values: BASIC, BEARER, OAUTH2')


def test_missing_required_field() -> None:
    assert errors(check(destination_dict(name=None))) == {"name": "this required field is missing"}


def test_union_field_says_every_accepted_type() -> None:
    data = destination_dict(uiAttributes={"isBeta": {}})
    assert errors(check(data)) == {
        "uiAttributes.isBeta": "expected one of: a string, true or false; got object {}"
    }


def test_unknown_fields_are_warnings_with_did_you_mean_and_the_rest_still_loads() -> None:
    data = destination_dict(
        aggregation={"aggregationType": "BEST_EFFORT",
                     "bestEffortAggregation": {"maxUsersPerRequest": 5, "maxUserPerRequest": 7}},
        customerDataFields=[{"name": "region", "type": "string", "isRequird": True}],
        partnerNotes="kept for the partner",
    )  # fmt: skip
    config, problems = validate_model(DestinationConfig, data, "d.json")
    assert config is not None
    assert config.aggregation.best_effort_aggregation is not None
    assert config.aggregation.best_effort_aggregation.max_users_per_request == 5
    found = warnings(problems)
    assert (
        'did you mean "maxUsersPerRequest"?'
        in found["aggregation.bestEffortAggregation.maxUserPerRequest"]
    )
    assert 'did you mean "isRequired"?' in found["customerDataFields[0].isRequird"]
    assert "did you mean" not in found["partnerNotes"]
    assert all(p.severity == "warning" for p in problems)


def test_older_audience_metadata_config_name_is_accepted() -> None:
    data = destination_dict(
        segmentMappingConfig=None, audienceMetadataConfig={"mapUserInput": True}
    )
    config, problems = validate_model(DestinationConfig, data, "d.json")
    assert problems == [] and config is not None
    assert config.segment_mapping_config.map_user_input


@pytest.mark.parametrize(
    ("field", "value", "severity"),
    [
        pytest.param("maxBatchAgeInSecs", 300, "error", id="age-below-301"),
        pytest.param("maxBatchAgeInSecs", 301, "warning", id="age-301-warns"),
        pytest.param("maxBatchAgeInSecs", 1799, "warning", id="age-below-1800-warns"),
        pytest.param("maxBatchAgeInSecs", 1800, None, id="age-1800-ok"),
        pytest.param("maxBatchAgeInSecs", 3601, "error", id="age-above-3600"),
        pytest.param("maxNumEventsInBatch", 999, "error", id="events-below-1000"),
        pytest.param("maxNumEventsInBatch", 10000, None, id="events-10000-ok"),
        pytest.param("maxNumEventsInBatch", 10001, "error", id="events-above-10000"),
    ],
)
def test_configurable_aggregation_limits(field: str, value: int, severity: str | None) -> None:
    policy = {"maxBatchAgeInSecs": 1800, "maxNumEventsInBatch": 5000, field: value}
    data = destination_dict(aggregation={"aggregationType": "CONFIGURABLE_AGGREGATION",
                                         "configurableAggregation": policy})  # fmt: skip
    found = [p for p in check(data) if p.location.endswith(field)]
    assert [p.severity for p in found] == ([severity] if severity else [])


@pytest.mark.parametrize(("users", "severity"), [(0, "error"), (1, None), (100, None),
                                                  (101, "warning")])  # fmt: skip
def test_max_users_per_request_limits(users: int, severity: str | None) -> None:
    data = destination_dict(
        aggregation={
            "aggregationType": "BEST_EFFORT",
            "bestEffortAggregation": {"maxUsersPerRequest": users},
        }
    )
    found = [p for p in check(data) if p.location.endswith("maxUsersPerRequest")]
    assert [p.severity for p in found] == ([severity] if severity else [])


def test_aggregation_type_needs_its_block() -> None:
    data = destination_dict(aggregation={"aggregationType": "CONFIGURABLE_AGGREGATION"})
    assert "aggregation.configurableAggregation" in errors(check(data))


def test_identity_groups_are_required_when_one_identity_per_group_is_false() -> None:
    key = {"includeSegmentId": True, "includeIdentity": True, "oneIdentityPerGroup": False}
    data = destination_dict(aggregation={"aggregationType": "CONFIGURABLE_AGGREGATION",
                                         "configurableAggregation": {
                                             "maxBatchAgeInSecs": 1800, "maxNumEventsInBatch": 1000,
                                             "aggregationKey": key}})  # fmt: skip
    assert "aggregation.configurableAggregation.aggregationKey.groups" in errors(check(data))


def test_oauth2_rules() -> None:
    data = destination_dict(customerAuthenticationConfigurations=[
        {"authType": "OAUTH2"},
        {"authType": "OAUTH2", "grant": "OAUTH2_AUTHORIZATION_CODE"},
    ])  # fmt: skip
    found = errors(check(data))
    assert "customerAuthenticationConfigurations[0].grant" in found
    assert "customerAuthenticationConfigurations[1].accessTokenUrl" in found
    assert "customerAuthenticationConfigurations[1].authorizationUrl" in found


def test_file_based_auth_type_is_refused_with_the_streaming_choices() -> None:
    data = destination_dict(customerAuthenticationConfigurations=[{"authType": "S3"}])
    message = errors(check(data))["customerAuthenticationConfigurations[0].authType"]
    assert "use BASIC, BEARER, OAUTH2" in message


def test_streaming_destinations_need_identity_namespaces() -> None:
    assert "identityNamespaces" in errors(check(destination_dict(identityNamespaces={})))


def test_customer_data_field_rules() -> None:
    data = destination_dict(customerDataFields=[
        {"name": "region", "type": "string", "enum": ["US"], "default": "EU"},
        {"name": "group", "type": "object"},
        {"name": "shown", "type": "string", "conditional":
            {"field": "regoin", "operator": "EQUALS", "value": "US"}},
    ])  # fmt: skip
    found = errors(check(data))
    assert "customerDataFields[0].default" in found
    assert "customerDataFields[1].properties" in found
    assert 'did you mean "region"?' in found["customerDataFields[2].conditional.field"]


def test_customer_data_field_pattern_must_compile() -> None:
    data = destination_dict(customerDataFields=[{"name": "a", "type": "string", "pattern": "(["}])
    assert "not a valid regular expression" in errors(check(data))["customerDataFields[0].pattern"]


def test_every_error_is_reported_at_once() -> None:
    data = destination_dict(name=None, status="LIVE", aggregation={"aggregationType": "X"})
    config, problems = validate_model(DestinationConfig, data, "d.json")
    with pytest.raises(InputError) as caught:
        raise_on_errors(problems)
    assert {p.location for p in caught.value.problems} == {
        "name",
        "status",
        "aggregation.aggregationType",
    }


def test_json_syntax_errors_give_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        parse_json('{\n  "name": "x",\n  "status": TEST\n}', "d.json")
    problem = caught.value.problems[0]
    assert (problem.file, problem.location) == ("d.json", "line 3, column 13")
    assert problem.excerpt.endswith("\n" + " " * 12 + "^")


def test_server_rules() -> None:
    assert "destinationServerType" in errors(
        check_server(server_dict(destinationServerType="FILE_BASED_S3"))
    )
    assert "httpTemplate" in errors(check_server(server_dict(httpTemplate=None)))
    literal = server_dict(
        urlBasedDestination={
            "url": {
                "templatingStrategy": "NONE",
                "value": "http://127.0.0.1:8787/{{customerData.x}}",
            }
        }
    )
    assert "urlBasedDestination.url.templatingStrategy" in warnings(check_server(literal))
    headers = server_dict(
        httpTemplate={
            "httpMethod": "POST",
            "requestBody": {"templatingStrategy": "NONE", "value": "{}"},
            "headers": [{"header": "X", "value": "y"}],
        }
    )
    assert "httpTemplate.headers" in warnings(check_server(headers))


def test_server_method_must_be_known() -> None:
    data = server_dict(httpTemplate={"httpMethod": "SEND"})
    assert errors(check_server(data)) == {
        "httpTemplate.httpMethod": '"SEND" is not allowed; allowed values: GET, PUT, POST, DELETE, '
        "PATCH"
    }
