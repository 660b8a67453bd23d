"""Rendering: Adobe's documented render examples, the examples' own calls, the render command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sandbox.commands import render as render_command
from sandbox.destinations.batching import Batch
from sandbox.destinations.bundle import DestinationBundle, bundle_from_data, load_bundle
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.rendering import export_ids, render_request, render_results
from sandbox.destinations.sample_profiles import sample_profiles
from sandbox.destinations.sample_template import MULTIPLE_PROFILES, SINGLE_PROFILE
from sandbox.errors import InputError
from tests.test_destination_commands import run_command
from tests.test_destination_fixtures import EXAMPLES, activation_dict, destination_dict, server_dict

ENGINE = PebbleEngine(autoescape=True)


def bundle(
    destination: dict[str, Any], activation: dict[str, Any] | None = None
) -> DestinationBundle:
    return bundle_from_data(destination, server_dict(), activation, engine=ENGINE)


# -- Adobe's render-template-api.md, best effort with one profile -----------------------------

ADOBE_TIME = "2021-10-26T16:59:00.8284"
ADOBE_PROFILE = {
    "segmentMembership": {"ups": {
        "segmentid1": {"lastQualificationTime": f"{ADOBE_TIME}61Z", "status": "realized"},
        "segmentid3": {"lastQualificationTime": f"{ADOBE_TIME}69Z", "status": "exited"},
        "segmentid2": {"lastQualificationTime": f"{ADOBE_TIME}68Z", "status": "realized"},
    }},
    "identityMap": {"gaid": [{"id": "gaid-BLAcJ"}], "idfa": [{"id": "idfa-Iv5AG"}],
                    "email": [{"id": "email-rbN62"}]},
    "attributes": {"key": {"value": "string"}},
}  # fmt: skip

ADOBE_BEST_EFFORT_OUTPUT = (
    '{\r\n    "identities": [\r\n        {\r\n            "type": "gaid",\r\n            "id": '
    '"gaid-BLAcJ"\r\n        },\r\n        {\r\n            "type": "idfa",\r\n            "id": '
    '"idfa-Iv5AG"\r\n        },\r\n        {\r\n            "type": "email",\r\n            "id": '
    '"email-rbN62"\r\n        }\r\n    ],\r\n    "AdobeExperiencePlatformSegments": {\r\n        '
    '"add": [\r\n            "segmentid1",\r\n            "segmentid2"\r\n        ],\r\n        '
    '"remove": [\r\n            "segmentid3"\r\n        ]\r\n    }\r\n}'
)


def test_adobe_best_effort_example_renders_byte_for_byte() -> None:
    destination = destination_dict(
        aggregation={
            "aggregationType": "BEST_EFFORT",
            "bestEffortAggregation": {"maxUsersPerRequest": 1},
        }
    )
    template = SINGLE_PROFILE.replace("\n", "\r\n")
    results = render_results(bundle(destination), [ADOBE_PROFILE], ENGINE, template)
    assert [r.to_json() for r in results] == [
        {"profiles": [ADOBE_PROFILE], "output": ADOBE_BEST_EFFORT_OUTPUT}
    ]


# -- Adobe's render-template-api.md, configurable aggregation ---------------------------------

GROUP = ["android_channel", "amazon_channel", "ios_channel", "channel"]
INSTANCE = "49966037-32cd-4457-a105-2cbf9c01826a"


def adobe_input(ids: dict[str, str], times: tuple[str, str]) -> dict[str, Any]:
    """Adobe's input profile, identities listed in the order Adobe's output shows them."""
    order = ["ios_channel", "channel", "amazon_channel", "android_channel", "named_user_id"]
    return {
        "segmentMembership": {"ups": {
            "segmentid3": {"lastQualificationTime": times[1], "status": "exited"},
            "segmentid1": {"lastQualificationTime": times[0], "status": "realized"},
            "segmentid2": {"lastQualificationTime": times[1], "status": "realized"},
        }},
        "identityMap": {ns: [{"id": ids[ns]}] for ns in order},
        "attributes": {"key": {"value": "string"}},
    }  # fmt: skip


FIRST = adobe_input(
    {"amazon_channel": "amazon_channel-biCbJ", "named_user_id": "named_user_id-0Q3hp",
     "channel": "channel-mN1Hw", "android_channel": "android_channel-MVw4L",
     "ios_channel": "ios_channel-2OjnN"},
    ("2021-10-26T17:41:55.947859Z", "2021-10-26T17:41:55.947860Z"),
)  # fmt: skip
SECOND = adobe_input(
    {"amazon_channel": "amazon_channel-fxt2p", "named_user_id": "named_user_id-sboQe",
     "channel": "channel-MRelR", "android_channel": "android_channel-M46ze",
     "ios_channel": "ios_channel-40Vrf"},
    ("2021-10-26T17:41:55.948187Z", "2021-10-26T17:41:55.948188Z"),
)  # fmt: skip


def adobe_block(namespace: str, segment: str, status: str) -> str:
    """One profile of Adobe's documented output (its `{{ customerData }}` prints the Java Map)."""
    add, remove = (segment, "") if status == "realized" else ("", segment)
    listed = {s: f'\r\n                    "{s}"' if s else "" for s in (add, remove)}
    return (
        '\r\n        {\r\n            "identities": [\r\n                {\r\n                    '
        f'"type": "{namespace}",\r\n                    "id": '
        '"{moviestar_region=dIqYn-moviestar_region}"\r\n                }\r\n            ],\r\n'
        '            "AdobeExperiencePlatformSegments": {\r\n                "add": ['
        f'{listed[add]}\r\n                ],\r\n                "remove": [{listed[remove]}'
        "\r\n                ]\r\n            }\r\n        }"
    )


def adobe_output(namespaces: list[str], segment: str, status: str) -> str:
    blocks = ",".join(adobe_block(ns, segment, status) for ns in namespaces)
    return '{\r\n    "profiles": [' + blocks + "\r\n    ]\r\n}"


def test_adobe_configurable_aggregation_example_renders_each_group_byte_for_byte() -> None:
    namespaces = [*GROUP, "named_user_id"]
    destination = destination_dict(
        customerDataFields=[{"name": "moviestar_region", "type": "string"}],
        identityNamespaces={ns: {"acceptsCustomNamespaces": True} for ns in namespaces},
        aggregation={"aggregationType": "CONFIGURABLE_AGGREGATION", "configurableAggregation": {
            "splitUserById": True, "maxBatchAgeInSecs": 1800, "maxNumEventsInBatch": 5000,
            "aggregationKey": {"includeSegmentId": True, "includeSegmentStatus": True,
                               "includeIdentity": True, "oneIdentityPerGroup": False,
                               "groups": [{"namespaces": GROUP},
                                          {"namespaces": ["named_user_id"]}]}}},
    )  # fmt: skip
    activation = activation_dict(
        destinationInstanceId=INSTANCE, customerData={"moviestar_region": "dIqYn-moviestar_region"},
        audiences=[{"id": s, "mappingId": s} for s in ("segmentid1", "segmentid2", "segmentid3")],
        identityMappings=[{"sourceNamespace": "x", "target": "channel"}], attributeMappings=[],
    )  # fmt: skip
    template = (MULTIPLE_PROFILES.replace("\n", "\r\n")
                .replace('"{{ identity.id }}"', '"{{ customerData }}"'))  # fmt: skip
    results = render_results(bundle(destination, activation), [FIRST, SECOND], ENGINE, template)
    by_key = {json.dumps(r.aggregation_key): r for r in results}
    assert len(by_key) == 6
    order = ["ios_channel", "channel", "amazon_channel", "android_channel"]
    for segment, status in (("segmentid3", "exited"), ("segmentid1", "realized"),
                            ("segmentid2", "realized")):  # fmt: skip
        key = {"destinationInstanceId": INSTANCE, "segmentId": segment, "segmentStatus": status}
        grouped = by_key[json.dumps(key | {"identityNamespaces": GROUP})]
        assert grouped.output == adobe_output(order * 2, segment, status)
        named = by_key[json.dumps(key | {"identityNamespaces": ["named_user_id"]})]
        assert named.output == adobe_output(["named_user_id"] * 2, segment, status)
        assert [p["segmentMembership"]["ups"][segment]["lastQualificationTime"]
                for p in named.profiles] == ["2021-10-26T17:41:55.947+0000",
                                             "2021-10-26T17:41:55.948+0000"]  # fmt: skip


# -- sample templates and the examples' own calls ----------------------------------------------


@pytest.mark.parametrize("example", ["moviestar-basic", "adnet-bearer", "audiencehub-oauth2"])
def test_the_sample_template_renders_valid_json_for_each_example(example: str) -> None:
    loaded = load_example(example)
    template = SINGLE_PROFILE if example == "moviestar-basic" else MULTIPLE_PROFILES
    profiles = sample_profiles(loaded.config, 12, seed=3, activation=loaded.activation)
    for result in render_results(loaded, profiles, ENGINE, template):
        assert isinstance(json.loads(result.output), dict)


def load_example(name: str) -> DestinationBundle:
    folder = EXAMPLES / name
    return load_bundle(folder / "destination.json", folder / "server.json",
                       folder / "activation.json", engine=ENGINE)  # fmt: skip


@pytest.mark.parametrize(
    ("example", "url"),
    [
        ("moviestar-basic", "http://127.0.0.1:8787/moviestar/eu/users"),
        ("adnet-bearer", "http://127.0.0.1:8787/adnet/v2/members"),
        (
            "audiencehub-oauth2",
            "http://127.0.0.1:8787/audiencehub/audiences/hub-loyal-viewers/members",
        ),
    ],
)
def test_each_example_renders_a_json_call_to_the_mock_partner(example: str, url: str) -> None:
    loaded = load_example(example)
    profile = {
        "_id": "p-1",
        "person": {"name": {"firstName": "Zoë", "lastName": "O'Brien & Co"}},
        "homeAddress": {"countryCode": "PT"},
        "loyalty": {"tier": "gold"},
        "identityMap": {
            "Email": [{"id": "zoe@example.com"}],
            "CRMID": [{"id": "C-7"}],
            "GAID": [{"id": "0f8a7c52-8a41-4c1e-9d55-4b1f0f6e2b11"}],
        },
        "segmentMembership": {
            "ups": {
                "8b5e7a0e-3c1d-4f2a-9b6e-2a7c4d1e5f01": {
                    "status": "realized",
                    "lastQualificationTime": "2026-01-01T00:00:00Z",
                }
            }
        },
    }
    batcher = loaded.batcher()
    batches = batcher.add(loaded.export_profile(profile), 0.0, "p-1") + batcher.flush(0.0)
    request, warnings = render_request(loaded, batches[0], ENGINE, "exp-000001")
    assert (request.method, request.url, request.profile_ids) == ("POST", url, ("p-1",))
    body = json.loads(request.body)
    assert isinstance(body, dict) and warnings == ()
    if example == "moviestar-basic":
        assert body["profile"] == {"firstName": "Zoë", "lastName": "O'Brien & Co"}
        assert body["segments"] == {"add": ["8b5e7a0e-3c1d-4f2a-9b6e-2a7c4d1e5f01"], "remove": []}


def test_export_ids_are_unique_and_deterministic() -> None:
    ids = export_ids("dest-1")
    assert [next(ids) for _ in range(3)] == ["dest-1-000001", "dest-1-000002", "dest-1-000003"]


def test_the_template_context() -> None:
    loaded = bundle(destination_dict(), activation_dict())
    seen = render_results(
        loaded,
        [{"x": 1}],
        ENGINE,
        "{{ destination.namespaceSegmentAliases.ups['aud-a'] }}|"
        "{{ destination.segmentAliases['aud-b'] }}|{{ customerData.region }}|"
        "{{ authData.token }}|{{ input.profile.x }}|{{ input.profiles | length }}",
    )
    assert seen[0].output == "alias-a|alias-b|EU|t0ken|1|1"


def test_autoescaping_changes_are_reported_as_warnings() -> None:
    loaded = bundle(destination_dict())
    results = render_results(loaded, [{"name": "O'Brien & Co"}], ENGINE, "{{ input.profile.name }}")
    assert results[0].output == "O&#39;Brien &amp; Co"
    assert results[0].warnings != ()


# -- the render command ------------------------------------------------------------------------


def example_args(name: str, *extra: str) -> list[str]:
    folder = EXAMPLES / name
    return ["--destination", str(folder / "destination.json"), "--server",
            str(folder / "server.json"), *extra]  # fmt: skip


def test_render_command_prints_adobe_shaped_results(capsys: pytest.CaptureFixture[str]) -> None:
    folder = EXAMPLES / "audiencehub-oauth2"
    code = run_command(
        render_command,
        example_args(
            "audiencehub-oauth2", "--activation", str(folder / "activation.json"), "--count", "5"
        ),
    )
    assert code == 0
    results = json.loads(capsys.readouterr().out)["results"]
    for result in results:
        assert set(result) == {"aggregationKey", "profiles", "output"}
        assert set(result["aggregationKey"]) == {
            "destinationInstanceId",
            "segmentId",
            "segmentStatus",
        }
        assert json.loads(result["output"])["audience"].startswith("hub-")


def test_render_command_with_profiles_and_a_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "p.json").write_text(json.dumps([ADOBE_PROFILE, ADOBE_PROFILE]))
    (tmp_path / "t.peb").write_text(
        "{% for p in input.profiles %}{{ p.identityMap.gaid[0].id }}{% endfor %}"
    )
    code = run_command(
        render_command,
        example_args(
            "adnet-bearer",
            "--profiles",
            str(tmp_path / "p.json"),
            "--template",
            str(tmp_path / "t.peb"),
        ),
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out) == {
        "results": [{"profiles": [ADOBE_PROFILE, ADOBE_PROFILE], "output": "gaid-BLAcJgaid-BLAcJ"}]
    }


def test_render_command_template_error_prints_the_400_body_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "t.peb").write_text("line one\n{% for p in input.profiles %}{{ p.x }")
    code = run_command(render_command, example_args("adnet-bearer", "--template",
                                                    str(tmp_path / "t.peb")))  # fmt: skip
    captured = capsys.readouterr()
    assert code == 2
    body = json.loads(captured.out)
    assert body["status"] == 400 and body["errors"][0]["line"] == 2
    assert "t.peb" in captured.err and "line 2" in captured.err


@pytest.mark.parametrize(
    "extra",
    [["--count", "0"], ["--count", "1001"], ["--count", "2", "--profiles", "x.json"]],
    ids=["zero", "too-many", "both"],
)
def test_render_command_refuses_bad_options(
    extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_command(render_command, example_args("adnet-bearer", *extra)) == 2
    assert "--" in capsys.readouterr().err


def test_a_template_that_does_not_compile_is_reported_at_its_json_path() -> None:
    broken = server_dict(
        httpTemplate={
            "httpMethod": "POST",
            "requestBody": {
                "templatingStrategy": "PEBBLE_V1",
                "value": '{\n  "a": {{ input.profiles | length }\n}',
            },
        }
    )
    with pytest.raises(InputError) as caught:
        bundle_from_data(destination_dict(), broken, None, engine=ENGINE,
                         sources=("d.json", "s.json", "a.json"))  # fmt: skip
    (problem,) = caught.value.problems
    assert (problem.file, problem.location) == ("s.json", "httpTemplate.requestBody.value")
    assert problem.message.startswith("line 2, column ")
    assert "^" in problem.excerpt


def test_rendered_requests_carry_the_batch(capsys: pytest.CaptureFixture[str]) -> None:
    loaded = bundle(destination_dict(), activation_dict())
    batch = Batch(None, ({"a": 1}, {"a": 2}), ("p1", "p1"), 0.0, 0.0, "best_effort")
    request, _ = render_request(loaded, batch, ENGINE, "exp-1")
    assert request.url == "http://127.0.0.1:8787/EU/in"
    assert (request.destination_id, request.export_id, request.profile_ids) == (
        "dest-instance-1",
        "exp-1",
        ("p1",),
    )
    assert request.body == "{a=1}{a=2}"


def test_aliases_default_to_the_audience_id_or_name_as_segment_mapping_config_says() -> None:
    audiences = [{"id": "aud-a", "name": "Gold"}, {"id": "aud-b", "name": "Silver"}]
    template = "{{ destination.segmentAliases['aud-a'] }}|{{ destination.segmentAliases['aud-b'] }}"
    for rule, expected in (("mapExperiencePlatformSegmentId", "aud-a|aud-b"),
                           ("mapExperiencePlatformSegmentName", "Gold|Silver")):  # fmt: skip
        destination = destination_dict(segmentMappingConfig={rule: True})
        loaded = bundle(destination, activation_dict(audiences=audiences))
        assert render_results(loaded, [{}], ENGINE, template)[0].output == expected
