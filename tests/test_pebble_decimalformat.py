"""`numberformat` is `java.text.DecimalFormat` (issue #13): every expectation in
tests/data/decimalformat_jdk17.json was printed by OpenJDK 17 (`new DecimalFormat(pattern,
DecimalFormatSymbols.getInstance(Locale.US)).format(value)`, doubles and longs) and frozen."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sandbox.destinations.pebble import PebbleEngine, TemplateError
from sandbox.destinations.pebble.decimalformat import format_number

CASES = json.loads(
    (Path(__file__).parent / "data" / "decimalformat_jdk17.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['pattern']}|{c['value']!r}"[:60] for c in CASES])
def test_decimal_format_matches_jdk17(case: dict[str, Any]) -> None:
    assert format_number(case["value"], case["pattern"]) == case["java"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 0.5 | numberformat('#.##') }}", "0.5"),  # pebble.md §14: valid JSON, not `.5`
        ("{{ 1234.5 | numberformat('¤#,##0.00') }}", "$1,234.50"),
        ("{{ 12345678.9 | numberformat('##0.#####E0') }}", "12.345679E6"),
    ],
)
def test_numberformat_in_templates(source: str, expected: str) -> None:
    assert PebbleEngine().compile(source).render({}).text == expected


def test_a_bad_pattern_is_a_template_error() -> None:
    with pytest.raises(TemplateError) as caught:
        PebbleEngine().compile("{{ 1 | numberformat('0.#0') }}").render({})
    assert "Unexpected '0'" in caught.value.message and caught.value.line == 1
