"""Audience metadata templates: Adobe's documented examples load; broken ones are refused with the
file, the field path and what is allowed; response fields read what Adobe's macros name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sandbox.destinations.audience_templates import (
    audience_template_from_data,
    load_audience_template,
)
from sandbox.destinations.destination_config import DestinationConfig
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.response_fields import MISSING, field_path_problem, read_field
from sandbox.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "audience_templates"
ADOBE = sorted(FIXTURES.glob("adobe-*.json"))
ADSAPI = ROOT / "examples" / "destinations" / "adsapi-audiences"
ENGINE = PebbleEngine(autoescape=True)


def config_for(template_id: str | None) -> DestinationConfig:
    data = json.loads((ADSAPI / "destination.json").read_text())
    data["segmentMappingConfig"]["audienceTemplateId"] = template_id
    return DestinationConfig.model_validate(data)


def adobe(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


@pytest.mark.parametrize("path", ADOBE, ids=lambda p: p.stem)
def test_adobe_documented_examples_load_without_errors(path: Path) -> None:
    data = json.loads(path.read_text())
    template, warnings = load_audience_template(path, config_for(data["instanceId"]), ENGINE)
    assert template.instance_id == data["instanceId"]
    assert template.metadata_template.create is not None
    assert all(w.severity == "warning" for w in warnings)
    assert {w.location for w in warnings} <= {"metadataTemplate.update", "metadataTemplate.delete"}


def test_adobe_example_2_keeps_its_validate_section_and_response_macros() -> None:
    template, _ = audience_template_from_data(adobe("adobe-streaming-2"), "t.json", None, ENGINE)
    section = template.metadata_template.section("validate")
    assert section is not None and section.http_method == "GET"
    assert section.response_fields[0].value == "{{response.data[0].permission}}"
    assert template.metadata_template.create is not None
    assert template.metadata_template.create.request_body is None


def problems_of(data: Any, config: DestinationConfig | None = None) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as caught:
        audience_template_from_data(data, "tpl.json", config, ENGINE)
    assert all(p.file == "tpl.json" for p in caught.value.problems)
    return [(p.location, p.message) for p in caught.value.problems if p.severity == "error"]


def test_a_template_without_create_is_refused() -> None:
    data = adobe("adobe-streaming-1")
    del data["metadataTemplate"]["create"]
    [(where, message)] = problems_of(data)
    assert where == "metadataTemplate.create" and "needs a create section" in message


def test_create_must_name_the_external_audience_id() -> None:
    data = adobe("adobe-streaming-1")
    data["metadataTemplate"]["create"]["responseFields"][0]["name"] = "id"
    [(where, message)] = problems_of(data)
    assert where == "metadataTemplate.create.responseFields"
    assert "externalAudienceId" in message


def test_a_response_field_that_is_not_a_path_names_the_field_and_the_allowed_forms() -> None:
    data = adobe("adobe-streaming-3")
    data["metadataTemplate"]["delete"]["responseErrorFields"][0]["value"] = "{{ body | json }}"
    [(where, message)] = problems_of(data)
    assert where == "metadataTemplate.delete.responseErrorFields[0].value"
    assert "body, response, headers, error or root" in message


def test_a_broken_pebble_url_gives_the_field_and_line_column() -> None:
    data = adobe("adobe-streaming-1")
    data["metadataTemplate"]["update"]["url"] = "https://x.test/{{ segment.alias "
    [(where, message)] = problems_of(data)
    assert where.startswith("metadataTemplate.update.url (line 1, column")
    assert message


def test_a_broken_body_leaf_names_its_json_path() -> None:
    data = adobe("adobe-streaming-3")
    data["metadataTemplate"]["create"]["requestBody"]["json"]["destinations"][0]["destination"] = (
        "{% if %}"
    )
    [(where, _)] = problems_of(data)
    assert where.startswith("metadataTemplate.create.requestBody.json.destinations[0].destination")


def test_an_unknown_http_method_lists_the_allowed_ones() -> None:
    data = adobe("adobe-streaming-1")
    data["metadataTemplate"]["create"]["httpMethod"] = "FETCH"
    [(where, message)] = problems_of(data)
    assert where == "metadataTemplate.create.httpMethod"
    assert "POST" in message and "PATCH" in message


def test_the_config_and_the_template_must_agree_on_the_template_id() -> None:
    [(where, message)] = problems_of(adobe("adobe-streaming-1"), config_for("another-id"))
    assert where == "instanceId"
    assert "another-id" in message and "34ab9cc2-2536-44a5-9dc5-b2fea60b3bd6" in message


def test_a_template_the_config_does_not_name_is_a_warning() -> None:
    _, warnings = audience_template_from_data(
        adobe("adobe-streaming-1"), "t.json", config_for(None), ENGINE
    )
    assert any(w.location == "instanceId" and "audienceTemplateId" in w.message for w in warnings)


def test_sections_the_sandbox_does_not_make_are_warned_about() -> None:
    data = adobe("adobe-streaming-1")
    data["metadataTemplate"]["notify"] = data["metadataTemplate"]["update"]
    _, warnings = audience_template_from_data(data, "t.json", None, ENGINE)
    assert any(w.location == "metadataTemplate.notify" for w in warnings)


# -- response fields: Adobe's macros --------------------------------------------------------------


def test_adobe_response_macros_read_the_documented_places() -> None:
    body = {"segments": [{"segment": {"id": "seg-1"}}], "id": "42", "message": "bad"}
    headers = (("X-Moviestar-Id", "ms-9"), ("content-type", "application/json"))
    assert read_field("{{body.segments[0].segment.id}}", body, headers) == "seg-1"
    assert read_field("{{response.id}}", body, headers) == "42"
    assert read_field("{{headers.x-moviestar-id}}", body, headers) == "ms-9"
    assert read_field("{{message}}", body, headers) == "bad"
    assert read_field("{{root}}", body, headers) == body
    assert read_field("{{error.message}}", {"error": {"message": "nested"}}, ()) == "nested"
    assert read_field("{{error.message}}", {"error": "code", "message": "flat"}, ()) == "flat"
    assert read_field("{{body.segments[3].segment.id}}", body, headers) is MISSING
    assert read_field("{{headers.x-other}}", body, headers) is MISSING


@pytest.mark.parametrize(
    "value", ["body.id", "{{ }}", "{{body..id}}", "{{body[x]}}", "{{a}}{{b}}", "{{ 'x' }}"]
)
def test_what_is_not_a_response_path(value: str) -> None:
    assert field_path_problem(value) is not None


NAMES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True)
LEAVES = st.one_of(st.text(min_size=1, max_size=8), st.integers(), st.booleans())
JSON = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3),
        st.dictionaries(NAMES, inner, min_size=1, max_size=3),
    ),
    max_leaves=12,
)


def paths(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Every (path, value) under `value`, written the way templates write them."""
    found = [(prefix, value)] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, f"{prefix}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, f"{prefix}[{index}]")
    return found


@given(st.dictionaries(NAMES, JSON, min_size=1, max_size=4))
def test_every_path_into_a_body_reads_its_value(body: dict[str, Any]) -> None:
    for path, value in paths(body):
        assert read_field("{{body" + path + "}}", body, ()) == value
        assert read_field("{{ response" + path + " }}", body, ()) == value


def test_validate_checks_a_template_given_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sandbox.cli import main

    template = json.loads((ADSAPI / "audience-template.json").read_text())
    template["metadataTemplate"]["create"]["httpMethod"] = "SEND"
    broken = tmp_path / "template.json"
    broken.write_text(json.dumps(template))
    assert main(["validate", str(ADSAPI / "destination.json"), str(broken)]) == 2
    err = capsys.readouterr().err
    assert f"{broken}: metadataTemplate.create.httpMethod: error:" in err
    assert "Traceback" not in err


def test_validate_finds_the_template_beside_the_destination(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from sandbox.cli import main

    folder = tmp_path / "adsapi"
    shutil.copytree(ADSAPI, folder)
    assert main(["validate", str(folder / "destination.json")]) == 0
    assert "give that audience template" not in capsys.readouterr().err
    template = json.loads((folder / "audience-template.json").read_text())
    template["instanceId"] = "someone-else"
    (folder / "audience-template.json").write_text(json.dumps(template))
    assert main(["validate", str(folder / "destination.json")]) == 2
    err = capsys.readouterr().err
    assert f"{folder / 'audience-template.json'}: instanceId: error:" in err


def test_validate_warns_when_a_named_template_is_nowhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sandbox.cli import main

    lone = tmp_path / "destination.json"
    lone.write_text((ADSAPI / "destination.json").read_text())
    assert main(["validate", str(lone)]) == 0
    err = capsys.readouterr().err
    assert "segmentMappingConfig.audienceTemplateId: warning:" in err
    assert "give that audience template" in err
