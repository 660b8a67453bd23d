"""`validate` as a dry run (#12 item 8, #14 item 11): what only rendering shows is caught first.

Each case writes a destination, server and activation, runs `validate`, and checks the exit code
and that the problem names the file and the field; where `render` or `test-destination` would
fail on the same files, that is checked too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sandbox.commands import render as render_command
from sandbox.commands import test_destination as test_destination_command
from sandbox.commands import validate as validate_command
from sandbox.destinations.body_checks import (
    IN_STRING_HINT,
    OUTSIDE_STRING_HINT,
    header_value_fault,
    json_fault,
)
from tests.test_destination_commands import run_command
from tests.test_destination_fixtures import activation_dict, destination_dict, server_dict


def write(tmp_path: Path, server: dict[str, Any], activation: dict[str, Any] | None = None,
          destination: dict[str, Any] | None = None) -> list[str]:  # fmt: skip
    files = {"destination.json": destination or destination_dict(), "server.json": server}
    if activation is not None:
        files["activation.json"] = activation
    for name, data in files.items():
        (tmp_path / name).write_text(json.dumps(data, indent=2), encoding="utf-8")
    return [str(tmp_path / name) for name in files]


def with_body(template: str, **http: Any) -> dict[str, Any]:
    base = server_dict()
    return server_dict(
        httpTemplate={
            **base["httpTemplate"],
            "requestBody": {"templatingStrategy": "PEBBLE_V1", "value": template},
            **http,
        }
    )


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ('{"n": "{{ input.profiles | first | nosuchfilter }}"}', "Filter [nosuchfilter]"),
        ("[{% for i in range(1, 3) %}{{ i }}{% endfor %}]", "range"),
        ('{"c": "{{ customerData.region.getClass() }}"}', "getClass"),
    ],
    ids=["unknown-filter", "range", "java-method"],
)
def test_a_template_that_fails_when_rendered_fails_validate(tmp_path, capsys, template, said):
    files = write(tmp_path, with_body(template), activation_dict())
    assert run_command(validate_command, files) == 2
    err = capsys.readouterr().err
    assert "server.json: httpTemplate.requestBody.value" in err
    assert "of the template" in err and said in err
    assert "found by rendering sample profiles" in err
    argv = ["--destination", files[0], "--server", files[1], "--activation", files[2]]
    assert run_command(render_command, argv) == 2


def header_server(value: Any, name: str = "X-Region") -> dict[str, Any]:
    base = server_dict()
    return server_dict(httpTemplate={**base["httpTemplate"], "headers": [
        {"header": name, "value": value}]})  # fmt: skip


def crlf_destination() -> dict[str, Any]:
    return destination_dict(customerDataFields=[
        {"name": "region", "type": "string", "isRequired": True}])  # fmt: skip


def test_a_customer_data_value_with_crlf_in_a_header_fails_validate_and_test_destination(
    tmp_path, capsys
):
    activation = activation_dict(customerData={"region": "EU\r\nX-Injected: 1"})
    files = write(
        tmp_path, header_server("{{customerData.region}}"), activation, crlf_destination()
    )
    assert run_command(validate_command, files) == 2
    err = capsys.readouterr().err
    assert "server.json: httpTemplate.headers[0].value: error:" in err
    assert "control character '\\r'" in err
    argv = ["--destination", files[0], "--server", files[1], "--activation", files[2],
            "--endpoint", "http://127.0.0.1:9"]  # fmt: skip
    assert run_command(test_destination_command, argv) == 2
    assert "httpTemplate.headers[0].value" in capsys.readouterr().err


def test_a_literal_header_value_with_crlf_or_a_bad_name_is_refused(tmp_path, capsys):
    literal = {"templatingStrategy": "NONE", "value": "a\nb"}
    files = write(tmp_path, header_server(literal, name="X Bad:Name"), activation_dict())
    assert run_command(validate_command, files) == 2
    err = capsys.readouterr().err
    assert "httpTemplate.headers[0].header: error: 'X Bad:Name' is not a valid HTTP header" in err
    assert "httpTemplate.headers[0].value.value: error:" in err


QUOTED = '{"last": "{{ input.profile.attributes.lastName.value | raw }}"}'


def test_a_raw_value_breaking_a_json_string_warns_with_the_escape_hint(tmp_path, capsys):
    server = with_body(QUOTED)
    destination = destination_dict(
        aggregation={
            "aggregationType": "BEST_EFFORT",
            "bestEffortAggregation": {"maxUsersPerRequest": 1},
        }
    )
    profiles = [{"segmentMembership": {"ups": {}}, "identityMap": {},
                 "attributes": {"lastName": {"value": 'O"Brien'}}}]  # fmt: skip
    files = write(tmp_path, server, activation_dict(), destination)
    (tmp_path / "p.json").write_text(json.dumps(profiles), encoding="utf-8")
    argv = ["--destination", files[0], "--server", files[1], "--activation", files[2],
            "--profiles", str(tmp_path / "p.json")]  # fmt: skip
    assert run_command(render_command, argv) == 0
    err = capsys.readouterr().err
    assert "httpTemplate.requestBody.value: warning: the rendered body is not valid JSON" in err
    assert "line 1, column 13" in err and "escape(strategy='json')" in err


def test_java_form_maps_in_a_json_body_warn_in_validate_without_failing(tmp_path, capsys):
    files = write(tmp_path, with_body('{"p": {{ input.profiles | first | raw }}}'))
    assert run_command(validate_command, files) == 0
    err = capsys.readouterr().err
    assert "not valid JSON at line 1, column 8" in err and "Java form" in err


def test_render_without_an_activation_warns_that_customer_data_renders_empty(tmp_path, capsys):
    files = write(tmp_path, server_dict())
    assert run_command(render_command, ["--destination", files[0], "--server", files[1]]) == 0
    err = capsys.readouterr().err
    assert "customerData.region" in err and "no activation gives customer data" in err


def test_the_bundled_examples_still_validate_cleanly(capsys) -> None:
    examples = Path(__file__).resolve().parent.parent / "examples" / "destinations"
    for folder in sorted(examples.iterdir()):
        files = [str(folder / f) for f in ("destination.json", "server.json", "activation.json")]
        assert run_command(validate_command, files) == 0, capsys.readouterr().err
        assert "error" not in capsys.readouterr().err


# -- the JSON check on its own ------------------------------------------------------------------

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)


@given(TEXT)
def test_a_value_printed_raw_into_a_json_string_is_judged_like_a_json_parser(value: str) -> None:
    body = '{"name": "' + value + '", "n": 1}'
    try:
        json.loads(body)
        parses = True
    except ValueError:
        parses = False
    fault = json_fault(body)
    assert (fault is None) == parses
    if fault is not None:
        assert fault.hint == IN_STRING_HINT


@given(st.dictionaries(st.text(alphabet="abc", min_size=1, max_size=3), st.integers(), min_size=1))
def test_a_java_form_map_is_judged_outside_strings(entries: dict[str, int]) -> None:
    java = "{" + ", ".join(f"{k}={v}" for k, v in entries.items()) + "}"
    fault = json_fault('{"p": ' + java + "}")
    assert fault is not None and fault.hint == OUTSIDE_STRING_HINT


@given(TEXT)
def test_header_values_are_refused_exactly_when_they_hold_control_characters(value: str) -> None:
    controls = any(ord(c) < 32 and c != "\t" or ord(c) == 127 for c in value)
    assert (header_value_fault(value) is not None) == controls


def test_a_scenario_gets_the_same_dry_run_for_its_destinations(tmp_path, capsys):
    activation = activation_dict(customerData={"region": "EU\nX-Injected: 1"})
    files = write(
        tmp_path, header_server("{{customerData.region}}"), activation, crlf_destination()
    )
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "name: crlf\npopulation: {count: 1}\naudiences: []\ndestinations:\n"
        f"  d:\n    destination: {files[0]}\n    server: {files[1]}\n    activation: {files[2]}\n"
        "steps:\n  - settle: 1m\n",
        encoding="utf-8",
    )
    assert run_command(validate_command, [str(scenario)]) == 2
    err = capsys.readouterr().err
    assert "server.json: httpTemplate.headers[0].value: error:" in err and "'\\n'" in err


def test_a_token_request_template_that_fails_when_rendered_fails_validate(tmp_path, capsys):
    folder = Path(__file__).resolve().parent.parent / "examples" / "destinations"
    folder = folder / "audiencehub-oauth2"
    destination = json.loads((folder / "destination.json").read_text(encoding="utf-8"))
    block = destination["customerAuthenticationConfigurations"][0]["accessTokenRequest"]
    block["httpTemplate"]["requestBody"]["value"] = "{{ authData.clientId | nosuchfilter }}"
    for name in ("server.json", "activation.json"):
        (tmp_path / name).write_text((folder / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "destination.json").write_text(json.dumps(destination), encoding="utf-8")
    files = [str(tmp_path / n) for n in ("destination.json", "server.json", "activation.json")]
    assert run_command(validate_command, files) == 2
    err = capsys.readouterr().err
    assert "destination.json: customerAuthenticationConfigurations[0].accessTokenRequest" in err
    assert "nosuchfilter" in err and "found by rendering the token request" in err


def test_the_template_playground_shows_the_same_json_check() -> None:
    from sandbox.tui.widgets.template_playground import json_note

    broken = '{"name": "O"Brien"}'
    assert json_note(broken) == (
        f"warning: {json_fault(broken).describe()}\n{json_fault(broken).excerpt}"  # type: ignore[union-attr]
    )
    assert "escape(strategy='json')" in json_note(broken)
    assert json_note('{"name": "ok"}') == ""
    assert json_note("name=O'Brien") == ""  # not meant to be JSON: no check


def test_a_destination_without_its_server_says_it_was_not_trial_rendered(tmp_path, capsys):
    (tmp_path / "d.json").write_text(json.dumps(destination_dict()), encoding="utf-8")
    assert run_command(validate_command, [str(tmp_path / "d.json")]) == 0
    err = capsys.readouterr().err
    assert "d.json: destinationDelivery: warning: not trial-rendered" in err


def test_a_token_request_header_that_cannot_be_sent_fails_validate(tmp_path, capsys):
    folder = Path(__file__).resolve().parent.parent / "examples" / "destinations"
    folder = folder / "audiencehub-oauth2"
    destination = json.loads((folder / "destination.json").read_text(encoding="utf-8"))
    block = destination["customerAuthenticationConfigurations"][0]["accessTokenRequest"]
    block["httpTemplate"]["headers"] = [{"header": "X Bad", "value": "a\r\nb"}]
    for name in ("server.json", "activation.json"):
        (tmp_path / name).write_text((folder / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "destination.json").write_text(json.dumps(destination), encoding="utf-8")
    files = [str(tmp_path / n) for n in ("destination.json", "server.json", "activation.json")]
    assert run_command(validate_command, files) == 2
    err = capsys.readouterr().err
    where = "customerAuthenticationConfigurations[0].accessTokenRequest.httpTemplate.headers[0]"
    assert f"{where}.header: error: 'X Bad' is not a valid HTTP header name" in err
    assert f"{where}.value: error:" in err
