"""The rows of pebble.md §14 (observed with a real Pebble 3.2.4 on JDK 17, Adobe's settings):
strings as UTF-16, Java's title case, Java collections, `abs` of a loop length, a lazy
`contains`. Each expectation is the row's real-Pebble output."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.destinations.pebble import PebbleEngine, TemplateError

ENGINE = PebbleEngine()
PROFILE = {
    "attributes": {"firstName": {"value": "Ada"}, "city": {"value": "Oslo"}},
    "identityMap": {"crm_id": [{"id": "C-1001"}]},
}


def render(source: str, **context: Any) -> str:
    return ENGINE.compile(source).render(context).text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 'a😀b😀c' | abbreviate(5) }}", "a?..."),
        ("{{ 'ßig' | capitalize }}", "ßig"),
        ("{{ 'ﬁne' | title }}", "ﬁne"),
        ("{{ '😀a' | first }}|{{ 'a😀' | last }}", "?|?"),
        ("{{ 'a😀b' | slice(0, 2) }}", "a?"),
        ("{{ 'a😀b' | length }}", "4"),
        ("{{ 'a😀' | split('') | length }}", "3"),
        ("{{ p.identityMap.crm_id | sort }}", "[{id=C-1001}]"),
        ("{% for x in [1, 2, 3, 4] %}{% if loop.last %}{{ loop.length | abs }}{% endif %}{% endfor %}",
         "4.0"),
        ("{{ nope contains (nope * 2) }}", "false"),
        ("{{ p.attributes.keySet() }}|{{ p.attributes.keySet() | length }}", "[firstName, city]|2"),
        ("{{ p.attributes.keySet() | join(',') }}", "firstName,city"),
    ],
)  # fmt: skip
def test_section_14_rows(source: str, expected: str) -> None:
    assert render(source, p=PROFILE) == expected


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ p.attributes.keySet() | sort }}", "Unsupported input type for sort filter"),
        ("{{ p.attributes.values() | rsort }}", "cannot be cast to class java.util.List"),
        ("{{ p.attributes.keySet() | reverse }}", "cannot be cast to class java.util.List"),
        ("{{ p.attributes.keySet() | slice(0, 1) }}", "Slice filter can only be applied"),
        ("{{ p.attributes.values() | merge([1]) }}", "not a Map/List/Array"),
    ],
)
def test_key_sets_and_values_are_not_lists(source: str, message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render(source, p=PROFILE)
    assert message in caught.value.message and caught.value.line == 1
