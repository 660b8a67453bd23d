"""Expectation regexes run with a time limit: a catastrophic pattern fails its expectation, naming
the pattern, instead of hanging the run's checks (#14 item 6)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sandbox.cli import main
from sandbox.scenario import model, patterns
from sandbox.scenario.checks import check
from sandbox.scenario.observed import Observed

EVIL = r"^(a|aa)+$"
VALUE = "a" * 60 + "b"


def _seen() -> Observed:
    record = {
        "sequence": 1,
        "method": "POST",
        "path": "/in",
        "headers": [["x-trace", VALUE]],
        "json": {"name": VALUE, "city": "Lisbon"},
    }
    return Observed(partner_records=[record])


def test_a_catastrophic_body_pattern_fails_its_expectation_in_bounded_time() -> None:
    expectation = model.PartnerReceived(
        partner_received=model.PartnerReceivedBody(
            body=[model.BodyAssertion(path="$.name", matches=EVIL)]
        )
    )
    started = time.monotonic()
    outcome = check(expectation, _seen(), 0)
    assert time.monotonic() - started < 10
    assert not outcome.passed
    assert EVIL in outcome.observed and "time limit" in outcome.observed


def test_a_catastrophic_header_pattern_fails_its_expectation_in_bounded_time() -> None:
    expectation = model.PartnerReceived(
        partner_received=model.PartnerReceivedBody(headers={"X-Trace": EVIL})
    )
    started = time.monotonic()
    outcome = check(expectation, _seen(), 0)
    assert time.monotonic() - started < 10
    assert not outcome.passed and "time limit" in outcome.observed


def test_ordinary_patterns_keep_python_re_semantics() -> None:
    expectation = model.PartnerReceived(
        partner_received=model.PartnerReceivedBody(
            headers={"x-trace": r"^a{60}b$"},
            body=[model.BodyAssertion(path="$.city", matches=r"(?i)^lis\w+$")],
        )
    )
    assert check(expectation, _seen(), 0).passed
    failing = model.PartnerReceived(
        partner_received=model.PartnerReceivedBody(
            body=[model.BodyAssertion(path="$.city", matches=r"^Porto$")]
        )
    )
    assert not check(failing, _seen(), 0).passed


@pytest.mark.parametrize("pattern", ["(", "a{2,1}", "(?P<x>a)(?P=y)"])
def test_an_invalid_pattern_is_named(pattern: str) -> None:
    assert patterns.compile_error(pattern)


def test_validate_names_an_invalid_expectation_regex_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = Path(__file__).resolve().parents[1] / "examples"
    adnet = root / "destinations" / "adnet-bearer"
    story = tmp_path / "story.yaml"
    story.write_text(
        f"""\
name: bad-regex
population: {{count: 5}}
audiences: [{{file: {root / "audiences" / "rest-audiences.json"}}}]
destinations:
  adnet: {{destination: {adnet / "destination.json"}, server: {adnet / "server.json"},
          activation: {adnet / "activation.json"}}}
steps:
  - advance: 1m
expect:
  - partner_received: {{headers: {{authorization: "("}}}}
"""
    )
    assert main(["validate", str(story)]) == 2
    err = capsys.readouterr().err
    assert err.count("is not a valid regular expression") == 1
    assert "expect.0.partner_received.headers.authorization" in err
