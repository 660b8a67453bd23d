"""Customer-data-field `pattern`s are Java regular expressions (issue #12 item 4), checked with a
time limit (issue #14 item 6). Expectations were observed with OpenJDK 17's java.util.regex."""

from __future__ import annotations

import time

import pytest
from pydantic import ValidationError

from sandbox.destinations.customer_fields import CustomerDataField, check_customer_data


def field(pattern: str) -> CustomerDataField:
    return CustomerDataField.model_validate({"name": "code", "type": "string", "pattern": pattern})


@pytest.mark.parametrize(
    ("pattern", "value", "ok"),
    [
        ("^[\\w-\\.]+$", "a-b.c", True),  # Adobe's documented example class
        ("^[\\w-\\.]+$", "a/b", False),
        ("^\\p{Alpha}+$", "abc", True),
        ("^\\p{Alpha}+$", "été", False),  # POSIX classes are ASCII in Java
        ("^\\w+$", "café", False),  # \w is ASCII in Java
        ("^[a-z&&[^aeiou]]+$", "xyz", True),
        ("^[a-z&&[^aeiou]]+$", "xaz", False),
        ("^\\d++$", "123", True),  # possessive quantifier
        ("^\\Q1.5\\E$", "1x5", False),
    ],
)
def test_java_patterns_are_accepted_and_applied(pattern: str, value: str, ok: bool) -> None:
    problems = check_customer_data([field(pattern)], {"code": value}, "dest.json", "customerData")
    assert (problems[1] == []) is ok, problems[1]


def test_a_pattern_java_refuses_is_refused_naming_the_reason() -> None:
    with pytest.raises(ValidationError) as caught:
        field("a{2,1}")
    assert "not a valid regular expression (Java syntax)" in str(caught.value)


def test_catastrophic_pattern_is_reported_not_a_hang() -> None:
    started = time.monotonic()
    problems = check_customer_data(
        [field("^(a|aa)+$")], {"code": "a" * 80 + "b"}, "dest.json", "customerData"
    )[1]
    assert time.monotonic() - started < 60  # a hang guard: the limit counts CPU time
    assert len(problems) == 1
    assert "^(a|aa)+$" in problems[0].message and "took longer" in problems[0].message


def test_two_hundred_thousand_values_validate_quickly() -> None:
    fields = [field("^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$")]
    started = time.monotonic()
    bad = 0
    for index in range(200_000):
        value = f"user{index}@example.com" if index % 1000 else f"broken{index}"
        bad += len(check_customer_data(fields, {"code": value}, "f", "customerData")[1])
    assert bad == 200
    assert time.monotonic() - started < 120  # a hang guard on a shared, loaded machine


def test_every_value_after_a_timeout_is_reported_quickly() -> None:
    fields = [field("^(x|xx)+$")]
    started = time.monotonic()
    reports = [
        check_customer_data(fields, {"code": "x" * 80 + "y"}, "f", "customerData")[1]
        for _ in range(50)
    ]
    assert time.monotonic() - started < 60  # a hang guard: the limit counts CPU time
    assert all(len(problems) == 1 for problems in reports)
