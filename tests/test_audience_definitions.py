"""AEP segment definitions: the shapes a file may take, ids, modes, eligibility and errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sandbox.errors import InputError
from sandbox.segments import derive_audience_id, load_audiences, parse_audiences


def definition(
    value: str, *, name: str = "Gold", mode: str = "batch", **extra: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "expression": {"type": "PQL", "format": "pql/text", "value": value},
        "evaluationInfo": {
            "batch": {"enabled": mode == "batch"},
            "continuous": {"enabled": mode == "streaming"},
            "synchronous": {"enabled": mode == "edge"},
        },
        **extra,
    }


GOLD = definition('loyalty.tier = "gold"')

AEP_RESPONSE = {
    "id": "4afe34ae-8c98-4513-8a1d-67ccaa54bc05",
    "schema": {"name": "_xdm.context.profile"},
    "profileInstanceId": "ups",
    "imsOrgId": "{ORG_ID}",
    "sandbox": {"sandboxId": "28e7", "sandboxName": "prod", "type": "production", "default": True},
    "name": "People in the USA",
    "description": "An audience that looks for people who live in the USA",
    "expression": {"type": "PQL", "format": "pql/text", "value": 'homeAddress.country = "US"'},
    "evaluationInfo": {
        "batch": {"enabled": False},
        "continuous": {"enabled": True},
        "synchronous": {"enabled": False},
    },
    "dataGovernancePolicy": {"excludeOptOut": True},
    "mergePolicyId": "a2c1",
    "ttlInDays": 30,
    "creationTime": 0,
    "updateEpoch": 1579292094,
    "updateTime": 1579292094000,
}


@pytest.mark.parametrize(
    "data",
    [
        GOLD,
        [GOLD],
        {"audiences": [GOLD]},
        {"segments": [GOLD], "page": {"totalCount": 1}, "link": {}},
    ],
    ids=["single-object", "list", "audiences-wrapper", "aep-list-response"],
)
def test_accepted_shapes(data: Any) -> None:
    (audience,) = parse_audiences(data, "a.json").audiences
    assert audience.name == "Gold"
    assert audience.expression == 'loyalty.tier = "gold"'


def test_an_aep_response_is_accepted_with_its_id() -> None:
    catalog = parse_audiences(AEP_RESPONSE, "response.json")
    (audience,) = catalog.audiences
    assert audience.id == "4afe34ae-8c98-4513-8a1d-67ccaa54bc05"
    assert (audience.mode, audience.requested_mode) == ("streaming", "streaming")
    assert audience.description.startswith("An audience")
    assert catalog.warnings == ()


def test_a_missing_id_is_derived_from_the_name() -> None:
    (first,) = parse_audiences(GOLD, "a.json").audiences
    (second,) = parse_audiences(definition("true", name="Gold"), "b.json").audiences
    assert first.id == second.id == derive_audience_id("Gold")
    assert derive_audience_id("Silver") != first.id
    assert len(first.id) == 36


@pytest.mark.parametrize(
    ("batch", "continuous", "synchronous", "mode"),
    [
        (True, False, False, "batch"),
        (False, True, False, "streaming"),
        (False, True, True, "edge"),
        (False, False, True, "edge"),
        (False, False, False, "batch"),
    ],
)
def test_requested_mode(batch: bool, continuous: bool, synchronous: bool, mode: str) -> None:
    data = {
        **GOLD,
        "evaluationInfo": {
            "batch": {"enabled": batch},
            "continuous": {"enabled": continuous},
            "synchronous": {"enabled": synchronous},
        },
    }
    (audience,) = parse_audiences(data, "a.json").audiences
    assert audience.mode == audience.requested_mode == mode


def test_evaluation_info_defaults_to_batch() -> None:
    data = {"name": "x", "expression": {"type": "PQL", "format": "pql/text", "value": "true"}}
    assert parse_audiences(data, "a.json").audiences[0].mode == "batch"


STREAMABLE = {
    "profile-only": 'homeAddress.countryCode = "US"',
    "profile-only-with-inSegment": 'inSegment("a") and loyalty.tier = "gold"',
    "event-today": 'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "commerce.checkouts") '
    "WHEN(today)])",
    "event-24-hours": 'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "x") '
    "WHEN(<= 24 hours before now)])",
    "event-and-attribute": 'workAddress.country = "US" and CHAIN(xEvent, timestamp, '
    '[C0: WHAT(eventType = "x") WHEN(today)])',
    "two-events-one-chain": 'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "a") WHEN(today), '
    'C1: WHAT(eventType = "b") WHEN(today)])',
    "exists-in-3-hours": 'exists E from xEvent where E.eventType = "p" and '
    "E.timestamp occurs <= 3 hours before now",
    "event-with-inSegment": 'inSegment("batch-profile") and CHAIN(xEvent, timestamp, '
    '[C0: WHAT(eventType.equals("commerce.checkouts", false)) WHEN(<= 24 hours before now)])',
    "negated-event-with-attribute": 'homeAddress.countryCode = "US" and not(CHAIN(xEvent, '
    'timestamp, [A: WHAT(eventType = "x") WHEN(today)]))',
}

BATCH_ONLY = {
    "event-without-window": (
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "x")])',
        "no time window",
    ),
    "window-over-24h": (
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "x") WHEN(<= 3 days before now)])',
        "longer than 24 hours",
    ),
    "exists-without-window": ('exists E from xEvent where E.eventType = "x"', "no time window"),
    "yesterday": (
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "x") WHEN(yesterday)])',
        "no time window",
    ),
    "absolute-dates": (
        "exists E from xEvent where E.timestamp occurs on date(2026, 1, 1)",
        "no time window",
    ),
    "two-separate-events": (
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "a") WHEN(today)]) and '
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "b") WHEN(today)])',
        "one CHAIN",
    ),
    "count-of-events": ("xEvent.count() > 3", "counts, filters or uses forall"),
    "forall-events": (
        'forall E from xEvent where E.eventType = "x"',
        "counts, filters or uses forall",
    ),
    "only-a-negated-event": (
        'not(CHAIN(xEvent, timestamp, [A: WHAT(eventType = "x") WHEN(today)]))',
        "negated event",
    ),
}


@pytest.mark.parametrize("mode", ["streaming", "edge"])
@pytest.mark.parametrize("value", STREAMABLE.values(), ids=STREAMABLE.keys())
def test_eligible_definitions_keep_their_mode(value: str, mode: str) -> None:
    catalog = parse_audiences(definition(value, mode=mode), "a.json")
    assert catalog.audiences[0].mode == mode
    assert catalog.warnings == ()


@pytest.mark.parametrize("mode", ["streaming", "edge"])
@pytest.mark.parametrize(("value", "reason"), BATCH_ONLY.values(), ids=BATCH_ONLY.keys())
def test_ineligible_definitions_fall_back_to_batch_with_a_warning(
    value: str, reason: str, mode: str
) -> None:
    catalog = parse_audiences({"audiences": [definition(value, mode=mode)]}, "a.json")
    (audience,) = catalog.audiences
    assert (audience.mode, audience.requested_mode) == ("batch", mode)
    (warning,) = catalog.warnings
    assert warning.severity == "warning"
    assert warning.location == "audiences[0].evaluationInfo"
    assert reason in warning.message and f"asks for {mode}" in warning.message


def test_batch_definitions_are_never_warned_about() -> None:
    catalog = parse_audiences(definition(BATCH_ONLY["count-of-events"][0]), "a.json")
    assert catalog.warnings == ()


def test_edge_with_an_event_and_a_reference_to_an_event_audience_falls_back() -> None:
    events = definition(
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "a") WHEN(today)])',
        name="Buyers",
        id="buyers",
        mode="streaming",
    )
    mixed = definition(
        'inSegment("buyers") and CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "b") WHEN(today)])',
        name="Mixed",
        mode="edge",
    )
    profile_only = definition('loyalty.tier = "gold"', name="Gold", id="gold")
    fine = definition(
        'inSegment("gold") and CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "b") WHEN(today)])',
        name="Fine",
        mode="edge",
    )
    catalog = parse_audiences([events, mixed, profile_only, fine], "a.json")
    modes = {audience.name: audience.mode for audience in catalog.audiences}
    assert modes == {"Buyers": "streaming", "Mixed": "batch", "Gold": "batch", "Fine": "edge"}
    (warning,) = catalog.warnings
    assert warning.location == "[1].evaluationInfo" and "inSegment('buyers')" in warning.message


@pytest.mark.parametrize(
    ("data", "location", "words"),
    [
        ({**GOLD, "colour": "red"}, "colour", "unknown field; allowed here: id, name, description"),
        (
            {**GOLD, "expression": {**GOLD["expression"], "lang": "x"}},
            "expression.lang",
            "allowed here: type, format, value",
        ),
        (
            {**GOLD, "evaluationInfo": {"batch": {"enabled": True, "x": 1}}},
            "evaluationInfo.batch.x",
            "allowed here: enabled",
        ),
        ({"expression": GOLD["expression"]}, "name", "required field is missing"),
        ({**GOLD, "expression": {**GOLD["expression"], "type": "SQL"}}, "expression.type", "'PQL'"),
        (
            {**GOLD, "expression": {**GOLD["expression"], "format": "pql/json"}},
            "expression.format",
            "'pql/text'",
        ),
        (
            {**GOLD, "evaluationInfo": {"batch": {"enabled": "sometimes"}}},
            "evaluationInfo.batch.enabled",
            "boolean",
        ),
    ],
    ids=[
        "unknown-top-field",
        "unknown-expression-field",
        "unknown-toggle-field",
        "missing-name",
        "not-pql",
        "not-text",
        "not-boolean",
    ],
)
def test_invalid_definitions_name_the_field(data: Any, location: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_audiences({"audiences": [GOLD, data]}, "a.json")
    (problem,) = caught.value.problems
    assert (problem.file, problem.location) == ("a.json", f"audiences[1].{location}")
    assert words in problem.message


def test_bad_pql_is_located_in_the_file_and_in_the_expression() -> None:
    with pytest.raises(InputError) as caught:
        parse_audiences([GOLD, definition('loyalty.tier = "gold" and xEvent.grupBy(x)')], "a.json")
    (problem,) = caught.value.problems
    assert problem.location == "[1].expression.value, line 1, column 34"
    assert ".grupBy(...)" in problem.message and problem.excerpt.endswith("^^^^^^")


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InputError) as caught:
        parse_audiences([{**GOLD, "x": 1}, definition("a ="), GOLD, GOLD], "a.json")
    locations = [problem.location for problem in caught.value.problems]
    assert locations == ["[0].x", "[1].expression.value, line 1, column 4", "[3].id"]


@pytest.mark.parametrize(
    ("data", "words"),
    [("gold", "expected an audience definition"), ({"segments": [], "extra": 1}, "unknown field")],
)
def test_unknown_file_shapes(data: Any, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_audiences(data, "a.json")
    assert words in caught.value.problems[0].message


def test_loading_json_and_yaml_files(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"audiences": [GOLD]}))
    (tmp_path / "a.yaml").write_text(
        "segments:\n  - name: Gold\n    expression:\n      type: PQL\n      format: pql/text\n"
        "      value: 'loyalty.tier = \"gold\"'\n"
    )
    (from_json,) = load_audiences(tmp_path / "a.json").audiences
    (from_yaml,) = load_audiences(tmp_path / "a.yaml").audiences
    assert (from_json.id, from_json.expression) == (from_yaml.id, from_yaml.expression)
    assert from_yaml.compiled.source == str(tmp_path / "a.yaml")


@pytest.mark.parametrize(
    ("name", "text", "location"),
    [
        ("bad.json", '{"audiences": [\n  {"name": }\n]}', "line 2, column 12"),
        ("bad.yaml", "audiences:\n  - name: [unclosed\n", "line 3, column 1"),
    ],
)
def test_syntax_errors_in_files_are_located(
    tmp_path: Path, name: str, text: str, location: str
) -> None:
    (tmp_path / name).write_text(text)
    with pytest.raises(InputError) as caught:
        load_audiences(tmp_path / name)
    (problem,) = caught.value.problems
    assert (problem.file, problem.location) == (str(tmp_path / name), location)
    assert "^" in problem.excerpt


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the audience file"):
        load_audiences(tmp_path / "none.json")
