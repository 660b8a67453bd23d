"""Dynamic dropdowns and dynamic schemas: `validate` calls the partner's dynamic servers, shows what
they offer and checks the activation against it; broken answers exit 2 naming the server file."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sandbox.cli import main
from sandbox.commands.validate_dynamic import check_dynamic
from sandbox.destinations.documents import Loaded, document_kind
from sandbox.destinations.dynamic_servers import dynamic_server_from_data
from sandbox.destinations.pebble import PebbleEngine
from sandbox.errors import Problem
from tests.test_mock_partner_server import start_partner, stop_partner

pytestmark = pytest.mark.timeout(60)
FOLDER = Path(__file__).resolve().parents[1] / "examples" / "destinations" / "dynamic-fields"
FILES = ("destination", "server", "dropdown-server", "schema-server")
ENGINE = PebbleEngine(autoescape=True)
USERS = [{"id": "u-1", "name": "Ana"}, {"id": "u-2", "name": "Bo & Co"}]
SCHEMA_BODY = {
    "items": [
        {
            "key": "person",
            "name": {"value": "Person"},
            "attributes": [{"key": "mail", "name": {"value": "Mail"}}],
        },
        {"key": "tier", "name": {"value": "Tier"}, "attributes": []},
    ]
}


@pytest.fixture(scope="module")
def partner() -> Iterator[str]:
    process, url = start_partner()
    yield url
    stop_partner(process)


def activation(tmp_path: Path, **changes: Any) -> Path:
    data = json.loads((FOLDER / "activation.json").read_text())
    data["customerData"].update(changes.pop("customerData", {}))
    data.update(changes)
    path = tmp_path / "activation.json"
    path.write_text(json.dumps(data))
    return path


def cli(paths: list[Path], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["validate", *map(str, paths)])
    return code, capsys.readouterr().err


def example_paths() -> list[Path]:
    return [FOLDER / f"{name}.json" for name in FILES]


def test_validate_shows_the_partners_options_and_schema(
    partner: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = activation(tmp_path, customerData={"endpoint": partner})
    code, err = cli([*example_paths(), path], capsys)
    assert code == 0, err
    assert (
        "customerData.userId: info: dropdown options: Ana Lima (u-1001), Ben Okafor (u-1002) [chosen]"
        in err
    )
    assert "Chen Wei" not in err  # queryParams: integrationId=42 narrows the list
    assert "contact.email, contact.firstName, contact.lastName, loyalty.tier" in err


def test_a_value_the_dropdown_does_not_offer_exits_2(
    partner: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = activation(tmp_path, customerData={"endpoint": partner, "userId": "u-2001"})
    code, err = cli([*example_paths(), path], capsys)
    assert code == 2 and "Traceback" not in err
    assert f"{path}: customerData.userId: error: 'u-2001' is not among the options" in err
    assert "Ana Lima (u-1001)" in err


def test_a_mapping_the_partners_schema_lacks_exits_2(
    partner: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mappings = [{"source": "person.name.firstName", "target": "contact.nickname"}]
    path = activation(tmp_path, customerData={"endpoint": partner}, attributeMappings=mappings)
    code, err = cli([*example_paths(), path], capsys)
    assert code == 2
    assert f"{path}: attributeMappings[0].target: error: the partner's schema" in err
    assert "no field 'contact.nickname'" in err and "contact.firstName" in err


def test_an_unreachable_server_is_a_warning_not_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = activation(tmp_path, customerData={"endpoint": "http://127.0.0.1:9"})
    code, err = cli([*example_paths(), path], capsys)
    assert code == 0
    assert "warning: could not reach the dynamic server" in err


# -- in process, against scripted answers ---------------------------------------------------------


def loaded(tmp_path: Path, customer: dict[str, Any] | None = None) -> list[Loaded]:
    paths = [*example_paths(), activation(tmp_path, customerData=customer or {})]
    found = []
    for path in paths:
        data = json.loads(path.read_text())
        found.append(Loaded(path, data, document_kind(data)))
    return found


def run(
    tmp_path: Path, answer: Callable[[httpx.Request], httpx.Response]
) -> tuple[list[Problem], list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        return check_dynamic(loaded(tmp_path), ENGINE, client), seen


def answers(dropdown: httpx.Response, schema: httpx.Response | None = None) -> Any:
    return lambda request: (
        dropdown
        if "/dropdowns/" in request.url.path
        else schema or httpx.Response(200, json=SCHEMA_BODY)
    )


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def test_the_call_carries_query_params_and_templated_headers(tmp_path: Path) -> None:
    problems, seen = run(tmp_path, answers(httpx.Response(200, json=USERS)))
    dropdown = next(r for r in seen if "/dropdowns/" in r.url.path)
    assert dropdown.method == "GET"
    assert dropdown.url.params["integrationId"] == "42"
    assert dropdown.headers["x-integration"] == "42"
    assert dropdown.headers["accept"] == "application/json"
    [info] = [p for p in problems if "dropdown options" in p.message]
    assert info.message == "dropdown options: Ana (u-1), Bo & Co (u-2)"  # escape(json) is safe
    assert "customerData.userId" in [p.location for p in errors(problems)]  # u-1002 not offered


def test_the_schema_becomes_dotted_target_fields(tmp_path: Path) -> None:
    problems, _ = run(tmp_path, answers(httpx.Response(200, json=USERS)))
    [info] = [p for p in problems if "schema fields" in p.message]
    assert info.message == "the partner's schema fields: person.mail, tier"
    targets = sorted(p.location for p in errors(problems) if "attributeMappings" in p.location)
    assert targets == ["attributeMappings[0].target", "attributeMappings[1].target"]


@pytest.mark.parametrize(
    ("answer", "where", "says"),
    [
        (httpx.Response(200, text="<html>"), "", "not JSON"),
        (httpx.Response(503, text="busy"), "", "answered 503"),
    ],
)
def test_broken_dropdown_answers_name_the_server_file(
    tmp_path: Path, answer: httpx.Response, where: str, says: str
) -> None:
    problems, _ = run(tmp_path, answers(answer))
    [problem] = [p for p in errors(problems) if p.file.endswith("dropdown-server.json")]
    assert problem.location == where and says in problem.message


@pytest.mark.parametrize(
    ("strategy", "value", "where", "says"),
    [
        ("NONE", '{"list": [{"label": "x"}]}', "responseFields", '{"name": "...", "value": "..."}'),
        ("NONE", '{"list": {"name": "a"}}', "responseFields", "gave a JSON object"),
        ("NONE", '{"other": []}', "responseFields", "matches '$.list'"),
        ("PEBBLE_V1", '{"list": [{{ response.status }}', "responseFields[0].value", "not JSON"),
    ],
)
def test_a_dropdown_answer_that_is_not_a_name_value_list_is_refused(
    tmp_path: Path, strategy: str, value: str, where: str, says: str
) -> None:
    data = json.loads((FOLDER / "dropdown-server.json").read_text())
    data["responseFields"][0]["value"] = value
    data["responseFields"][0]["templatingStrategy"] = strategy
    server_file = tmp_path / "dropdown-server.json"
    server_file.write_text(json.dumps(data))
    items = [Loaded(server_file, data, "dynamic_server")] + [
        item for item in loaded(tmp_path) if not item.path.name.startswith("dropdown")
    ]
    with httpx.Client(transport=httpx.MockTransport(answers(httpx.Response(200, json=USERS)))) as c:
        problems = check_dynamic(items, ENGINE, c)
    [problem] = [p for p in errors(problems) if p.file == str(server_file)]
    assert problem.location == where and says in problem.message


def test_a_missing_dynamic_server_is_a_warning_on_the_config(tmp_path: Path) -> None:
    items = [i for i in loaded(tmp_path) if not i.path.name.startswith("schema")]
    with httpx.Client(transport=httpx.MockTransport(answers(httpx.Response(200, json=USERS)))) as c:
        problems = check_dynamic(items, ENGINE, c)
    [warned] = [p for p in problems if "was not given" in p.message]
    assert warned.severity == "warning" and warned.file.endswith("destination.json")


def test_a_dynamic_server_must_use_get(tmp_path: Path) -> None:
    data = json.loads((FOLDER / "schema-server.json").read_text())
    data["httpTemplate"]["httpMethod"] = "POST"
    with pytest.raises(Exception) as caught:
        dynamic_server_from_data(data, "s.json", ENGINE)
    assert "httpTemplate.httpMethod" in str(caught.value) and "GET" in str(caught.value)


ADOBE_DROPDOWN = {
    "name": "Server for dynamic dropdown",
    "destinationServerType": "URL_BASED",
    "urlBasedDestination": {
        "url": {"templatingStrategy": "PEBBLE_V1", "value": " <--YOUR-API-ENDPOINT-PATH--> "}
    },
    "httpTemplate": {
        "httpMethod": "GET",
        "headers": [
            {
                "header": "Authorization",
                "value": {"templatingStrategy": "PEBBLE_V1", "value": "My Bearer Token"},
            },
            {
                "header": "x-integration",
                "value": {
                    "templatingStrategy": "PEBBLE_V1",
                    "value": "{{customerData.integrationId}}",
                },
            },
            {
                "header": "Accept",
                "value": {"templatingStrategy": "NONE", "value": "application/json"},
            },
        ],
    },
    "responseFields": [
        {
            "templatingStrategy": "PEBBLE_V1",
            "value": "{% set list = [] %} {% for record in response.body %} {% set list = "
            "list|merge([{'name' : record.name, 'value' : record.id }]) %} {% endfor %}"
            "{{ {'list': list} | toJson | raw }}",
            "name": "list",
        }
    ],
}


def test_adobes_dropdown_server_example(tmp_path: Path) -> None:
    from sandbox.destinations.dropdowns import dropdown_options
    from sandbox.destinations.dynamic_enum import DynamicEnum
    from sandbox.destinations.dynamic_servers import read_answer

    server, _ = dynamic_server_from_data(ADOBE_DROPDOWN, "adobe.json", ENGINE)
    outputs = read_answer(server, 200, [], json.dumps(USERS), ENGINE, "adobe.json")
    enum = DynamicEnum.model_validate(
        {
            "queryParams": ["integrationId"],
            "destinationServerId": "x",
            "authenticationRule": "CUSTOMER_AUTHENTICATION",
            "value": "$.list",
            "responseFormat": "NAME_VALUE",
        }
    )
    options = dropdown_options(enum, outputs, "adobe.json")
    assert [(o.name, o.value) for o in options] == [("Ana", "u-1"), ("Bo & Co", "u-2")]
