"""Adobe's configuration of Pebble: the documented render-API examples byte for byte, Adobe's
helpers, the refused tags and `range`, autoescaping on by default (aep-destinations.md §3, §11.8).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sandbox.destinations.pebble import (
    PebbleEngine,
    TemplateError,
    destination_context,
    segment_timestamps,
)

FIXTURES = Path(__file__).parent / "fixtures" / "pebble"
ENGINE = PebbleEngine()


def render(source: str, engine: PebbleEngine = ENGINE, **context: Any) -> str:
    return engine.compile(source).render(context).text


def test_best_effort_example_renders_byte_for_byte() -> None:
    example = json.loads((FIXTURES / "render_api_best_effort.json").read_text())
    rendered = ENGINE.compile(example["template"]).render(example["context"])
    assert rendered.text == example["expected"]
    assert "\r\n" in rendered.text
    assert rendered.warnings == ()


AGGREGATION = json.loads((FIXTURES / "render_api_configurable_aggregation.json").read_text())


@pytest.mark.parametrize(
    "result",
    AGGREGATION["results"],
    ids=[
        f"{r['aggregationKey']['segmentId']}-{'+'.join(r['aggregationKey']['identityNamespaces'])}"
        for r in AGGREGATION["results"]
    ],
)
def test_configurable_aggregation_example_renders_byte_for_byte(result: dict[str, Any]) -> None:
    template = ENGINE.compile(AGGREGATION["template"], "requestBody")
    context = {
        "input": {"profiles": result["profiles"], "aggregationKey": result["aggregationKey"]},
        "customerData": AGGREGATION["customerData"],
    }
    assert template.render(context).text == result["output"]


MEMBERSHIP = {
    "ups": {
        "s1": {"status": "realized"},
        "s2": {"status": "exited"},
        "s3": {"status": "existing"},
    },
    "CustomerAudienceUpload": {"c1": {"status": "realized"}, "c2": {"status": "exited"}},
}

HELPERS = [
    pytest.param(
        "{% for s in m.ups | added %}{{ s.key }};{% endfor %}", "s1;s3;", id="added-filter"
    ),
    pytest.param(
        "{% for s in m.ups | removed %}{{ s.key }};{% endfor %}", "s2;", id="removed-filter"
    ),
    pytest.param(
        "{% for s in addedSegments(m) %}{{ s.key }};{% endfor %}",
        "s1;s3;c1;",
        id="addedSegments-across-namespaces",
    ),
    pytest.param(
        "{% for s in removedSegments(m) %}{{ s.key }};{% endfor %}",
        "s2;c2;",
        id="removedSegments-across-namespaces",
    ),
    pytest.param(
        "{% for s in addedSegments(m.ups) %}{{ s.key }}={{ s.value.status }};{% endfor %}",
        "s1=realized;s3=existing;",
        id="addedSegments-one-namespace",
    ),
    pytest.param(
        "{{ hasSegments(m) }}|{{ hasSegments(m.ups) }}|{{ hasSegments(e) }}|{{ hasSegments(n) }}",
        "true|true|false|false",
        id="hasSegments",
    ),
    pytest.param(
        "{{ addedSegments(m.CustomerAudienceUpload) | raw }}",
        "{c1={status=realized}}",
        id="added-result-is-a-map",
    ),
    pytest.param(
        "{{ addedSegments(e) is empty }}",
        "true",
        id="added-of-empty-namespace-is-empty",
    ),
]


@pytest.mark.parametrize(("source", "expected"), HELPERS)
def test_adobe_audience_helpers(source: str, expected: str) -> None:
    assert render(source, m=MEMBERSHIP, e={"ups": {}}, n=None) == expected


def test_form_url_encode_for_oauth2_token_requests() -> None:
    source = (
        "{{ formUrlEncode('grant_type','client_credentials','client_id',authData.clientId,"
        "'client_secret',authData.clientSecret) | raw }}"
    )
    auth = {"clientId": "my client", "clientSecret": "s3cr&t=~*"}
    assert render(source, authData=auth) == (
        "grant_type=client_credentials&client_id=my+client&client_secret=s3cr%26t%3D%7E*"
    )


def test_form_url_encode_without_raw_is_html_escaped() -> None:
    rendered = ENGINE.compile("{{ formUrlEncode('a', '1', 'b', '2') }}").render({})
    assert rendered.text == "a=1&amp;b=2"
    assert len(rendered.warnings) == 1


def test_token_response_context() -> None:
    source = (
        "{{ response.body.access_token }}|{{ response.status }}|{{ response.headers['X-A'][0] }}"
    )
    response = {"body": {"access_token": "tok"}, "status": 200, "headers": {"X-A": ["v"]}}
    assert render(source, response=response) == "tok|200|v"


@pytest.mark.parametrize(
    "tag",
    [
        "macro m()",
        "include 'x'",
        "block b",
        "extends 'x'",
        "import 'x'",
        "autoescape false",
        "parallel",
        "cache 'k'",
        "raw",
        "embed 'x'",
        "flush",
        "from 'x' import y",
        "verbatim",
    ],
)
def test_tags_other_than_filter_for_if_set_are_refused(tag: str) -> None:
    with pytest.raises(TemplateError) as caught:
        ENGINE.compile("{% " + tag + " %}x")
    name = tag.split()[0]
    assert f'"{name}" is not supported' in caught.value.message
    assert "filter, for, if, set" in caught.value.message


@pytest.mark.parametrize("source", ["{{ range(0, 4, 2) }}", "{{ 1..3 }}", "{{ (1..3)[0] }}"])
def test_range_is_refused(source: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render(source)
    assert "range" in caught.value.message and "not supported" in caught.value.message


def test_range_can_be_allowed_to_reproduce_stock_pebble() -> None:
    engine = PebbleEngine(allow_range=True)
    assert render("{{ range(0, 4, 2) }}|{{ range('a', 'c') }}|{{ (1..3)[0] }}", engine) == (
        "[0, 2, 4]|[a, b, c]|1"
    )


def test_autoescaping_is_on_and_warns_with_location() -> None:
    rendered = ENGINE.compile('{\n  "name": "{{ e }}"\n}').render({"e": "o'brien&co"})
    assert rendered.text == '{\n  "name": "o&#39;brien&amp;co"\n}'
    (warning,) = rendered.warnings
    assert (warning.expression, warning.line, warning.column) == ("e", 2, 15)
    assert (warning.before, warning.after) == ("o'brien&co", "o&#39;brien&amp;co")
    assert "| raw" in warning.message()


def test_autoescaping_can_be_turned_off() -> None:
    engine = PebbleEngine(autoescape=False)
    rendered = engine.compile('"{{ e }}"').render({"e": "o'brien&co"})
    assert (rendered.text, rendered.warnings) == ('"o\'brien&co"', ())


def test_no_warning_when_escaping_changes_nothing() -> None:
    assert ENGINE.compile("{{ a }}{{ b }}").render({"a": "plain", "b": 5}).warnings == ()


def test_destination_context_builder() -> None:
    destination = destination_context(
        {"ups": {"seg-1": "alias-1"}},
        names={"ups": {"seg-1": "VIP"}},
        timestamps={"ups": {"seg-1": segment_timestamps(1, 2, 3, 4)}},
    )
    source = (
        "{{ destination.namespaceSegmentAliases['ups']['seg-1'] }}|"
        "{{ destination.segmentAliases['seg-1'] }}|{{ destination.segmentNames['seg-1'] }}|"
        "{{ destination.namespaceSegmentTimestamps['ups']['seg-1'].mappingCreatedAt }}|"
        "{{ destination.segmentTimestamps['seg-1'].updatedAt }}"
    )
    assert render(source, destination=destination) == "alias-1|alias-1|VIP|3|2"
