"""`toJson` (issue #12 item 4): a value printed as compact JSON, as Jackson's ObjectMapper writes
the JsonNodes Adobe's platform holds; parsed back, it is the value."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.destinations.pebble import PebbleEngine

ENGINE = PebbleEngine()  # autoescape on, as Adobe renders


def render(source: str, **context: Any) -> str:
    return ENGINE.compile(source).render(context).text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"a": [1, 2.0, None, True]}, '{"a":[1,2.0,null,true]}'),
        ('x"y\n</é', '"x\\"y\\n</é"'),
        ("\u0001\u001f", '"\\u0001\\u001f"'),
        (1.5e10, "1.5E10"),  # Double.toString, as Jackson writes doubles
        (0.001, "0.001"),
        (float("nan"), '"NaN"'),
        (None, "null"),
        ([], "[]"),
        ({}, "{}"),
    ],
)
def test_values_print_as_jackson_writes_them(value: Any, text: str) -> None:
    assert render("{{ v | toJson }}", v=value) == text


def test_the_output_is_not_html_escaped() -> None:
    assert render("{{ v | toJson }}", v={"k": "<a & 'b'>"}) == '{"k":"<a & \'b\'>"}'


def test_entries_and_string_arrays() -> None:
    source = "{% for e in m %}{{ e | toJson }}{% endfor %}|{{ s | split(',') | toJson }}"
    assert render(source, m={"k": 1}, s="a,b") == '{"k":1}|["a","b"]'


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_round_trips_through_a_json_parser(value: Any) -> None:
    assert json.loads(render("{{ v | toJson }}", v=value)) == value
