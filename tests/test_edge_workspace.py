"""Custom Personalization workspaces: the shipped default, and every way a file can be refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sandbox.edge.workspace import (
    DEFAULT_WORKSPACE,
    default_workspace,
    load_workspace,
    parse_workspace,
)
from sandbox.errors import InputError
from tests.test_edge_world import BOOKED_RECENTLY, LOYALTY_GOLD, VIEWED_BEACH, VISITED_TODAY


def refused(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_workspace(text, "ws.yaml")
    return caught.value


def test_the_default_workspace_is_a_home_rental_site_with_two_aliases() -> None:
    workspace = default_workspace()
    [stream] = workspace.datastreams
    home, ads = stream.destinations

    assert (stream.datastream_id, stream.org_id) == ("sandbox-datastream", workspace.org_id)
    assert (home.alias, ads.alias) == ("personalizationAlias", "adServerAlias")
    assert home.audience_ids == (VISITED_TODAY, VIEWED_BEACH, LOYALTY_GOLD)
    assert ads.audience_ids == (VISITED_TODAY, VIEWED_BEACH, BOOKED_RECENTLY)
    assert (home.with_attributes, ads.with_attributes) == (False, True)
    assert [(a.source, a.target) for a in ads.attributes] == [
        ("homeAddress.countryCode", "countryCode"),
        ("loyalty.tier", "loyaltyTier"),
    ]
    modes = {a.id: a.mode for a in workspace.audiences}
    assert modes[VISITED_TODAY] == "edge"
    assert (modes[VIEWED_BEACH], modes[BOOKED_RECENTLY]) == ("streaming", "batch")


def test_audiences_keep_their_aep_definition() -> None:
    visited = next(a for a in default_workspace().audiences if a.id == VISITED_TODAY)
    assert visited.pql.startswith("CHAIN(xEvent, timestamp, [C0: WHAT(eventType = ")
    assert visited.definition["expression"] == {
        "type": "PQL",
        "format": "pql/text",
        "value": visited.pql,
    }
    assert visited.definition["evaluationInfo"]["synchronous"] == {"enabled": True}
    assert visited.definition["schema"] == {"name": "_xdm.context.profile"}


def test_a_duplicate_integration_alias_is_refused_naming_both() -> None:
    data = yaml.safe_load(DEFAULT_WORKSPACE.read_text())
    data["destinations"][1]["alias"] = "personalizationAlias"
    error = refused(yaml.safe_dump(data))

    [problem] = error.problems
    assert (problem.file, problem.location) == ("ws.yaml", "destinations[1].alias")
    assert "'personalizationAlias' is already used by destinations[0]" in problem.message
    assert "Sandbox Stays home page" in problem.message


def test_references_must_exist() -> None:
    data = yaml.safe_load(DEFAULT_WORKSPACE.read_text())
    data["destinations"][0]["datastreamId"] = "other-stream"
    data["destinations"][1]["audiences"].append("no-such-audience")
    error = refused(yaml.safe_dump(data))

    assert [(p.location, p.message.split(";")[0]) for p in error.problems] == [
        (
            "destinations[0].datastreamId",
            "datastream 'other-stream' is not defined with Personalization Destinations enabled",
        ),
        (
            "destinations[1].audiences[3]",
            "audience 'no-such-audience' is not defined under `audiences`",
        ),
    ]


def test_a_datastream_without_personalization_destinations_cannot_be_used() -> None:
    data = yaml.safe_load(DEFAULT_WORKSPACE.read_text())
    data["datastreams"][0]["personalizationDestinations"] = False
    error = refused(yaml.safe_dump(data))
    assert {p.location for p in error.problems} == {
        "destinations[0].datastreamId",
        "destinations[1].datastreamId",
    }


def test_duplicate_ids_are_refused() -> None:
    data = yaml.safe_load(DEFAULT_WORKSPACE.read_text())
    data["audiences"][1]["id"] = data["audiences"][0]["id"]
    error = refused(yaml.safe_dump(data))
    assert error.problems[0].location == "audiences[1].id"


def test_attributes_need_the_with_attributes_variant() -> None:
    data = yaml.safe_load(DEFAULT_WORKSPACE.read_text())
    data["destinations"][1]["withAttributes"] = False
    [problem] = refused(yaml.safe_dump(data)).problems
    assert (problem.location, problem.message.split(":")[0]) == (
        "destinations[1].attributes",
        "attributes are mapped only on the 'with attributes' variant",
    )


def test_aep_guardrails_are_enforced() -> None:
    data = yaml.safe_load(DEFAULT_WORKSPACE.read_text())
    template = data["destinations"][0]
    data["destinations"] = [{**template, "id": f"d{i}", "alias": f"alias{i}"} for i in range(11)]
    data["destinations"][0]["withAttributes"] = True
    data["destinations"][0]["attributes"] = [{"source": f"a.b{i}"} for i in range(31)]
    error = refused(yaml.safe_dump(data))
    assert [p.location for p in error.problems] == ["destinations", "destinations[0].attributes"]
    assert "at most 10 per sandbox" in error.problems[0].message


def test_schema_errors_name_the_field_path() -> None:
    data = yaml.safe_load(DEFAULT_WORKSPACE.read_text())
    data["destinations"][0]["aliass"] = "typo"
    data["audiences"][2]["expression"]["type"] = "SQL"
    data["orgId"] = "not-an-org"
    error = refused(yaml.safe_dump(data))
    locations = {p.location: p.message for p in error.problems}

    assert "unknown field" in locations["destinations[0].aliass"]
    assert "'PQL'" in locations["audiences[2].expression.type"]
    assert "@AdobeOrg" in locations["orgId"]


def test_a_yaml_syntax_error_gives_line_column_and_caret() -> None:
    [problem] = refused("orgId: X@AdobeOrg\ndatastreams: [\n  - id: a\n").problems
    assert problem.location.startswith("line ")
    assert "^" in problem.excerpt
    assert problem.message.startswith("not valid YAML")


def test_a_workspace_loads_from_a_file_and_a_missing_one_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(DEFAULT_WORKSPACE.read_text())
    assert load_workspace(path).org_id == default_workspace().org_id
    with pytest.raises(InputError, match="cannot read the workspace"):
        load_workspace(tmp_path / "missing.yaml")
