# ruff: noqa: E501  (the cases are templates rendered by a real Pebble, kept whole)
"""Java methods on values and `slice` past the end, as a real Pebble 3.2.4 (AEP's settings,
tools/jvm_oracle/PebbleOracle.java) renders them; None: Pebble fails, so must the sandbox.
`hashCode()` of values whose hash is defined by their content (Boolean, Integer, Long, Double,
Character, String, List, Map) is computed; an identity hash (keySet(), values(), String[]) is
refused, never invented. A method whose parameters do not take the argument classes (a Long
literal for `subList(int, int)`) gives null, as in Pebble."""

from __future__ import annotations

import pytest

from sandbox.destinations.pebble import PebbleEngine, TemplateError

ENGINE = PebbleEngine()
CONTEXT = {"p": {"a": 1, "b": "x"}, "l": [1, 2, 3], "i": 1}

CASES = [
    ("{{ '' | slice(1) }}",
     None),
    ("{{ 'ab' | slice(3) }}",
     None),
    ("{{ 'ab' | slice(2) }}",
     ''),
    ('{{ [1] | slice(2) }}',
     None),
    ("{{ 'a,b' | split(',') | slice(3) | length }}",
     None),
    ("{{ p.keySet().size() }}|{{ p.values().toString() }}|{{ p.values().compareTo('b') }}|{{ p.keySet().isEmpty() }}",
     '2|[1, x]||false'),
    ("{{ (true).hashCode() }}|{{ (false).hashCode() }}|{{ (5).hashCode() }}|{{ (10000000000).hashCode() }}|{{ (2.5).hashCode() }}|{{ ('a' | first).hashCode() }}",
     '1231|1237|5|1410065410|1074003968|97'),
    ("{{ (5).toString() }}|{{ (2.5).toString() }}|{{ ('a' | escape).toString() }}|{{ ('a' | escape).compareTo('b') }}|{{ l.subList(0, 1) }}|{{ l.subList(i, 2) }}|{{ p.toString() }}",
     '5|2.5|a||||{a=1, b=x}'),
    ("{{ (-10000000000).hashCode() }}|{{ (0.1).hashCode() }}|{{ (-0.0).hashCode() }}|{{ ('é' | first).hashCode() }}|{{ l.hashCode() }}|{{ p.hashCode() }}|{{ i.hashCode() }}",
     '1410065405|-1507852285|-2147483648|233|30817|122|1'),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_java_objects_behave_as_in_pebble(source: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(TemplateError):
            ENGINE.render(source, CONTEXT)
    else:
        assert ENGINE.render(source, CONTEXT) == expected


def test_an_identity_hash_is_refused_not_invented() -> None:
    with pytest.raises(TemplateError) as caught:
        ENGINE.render("{{ p.values().hashCode() }}", CONTEXT)
    assert "hashcode" in caught.value.message


def test_code_points_and_sub_sequences_count_utf16_units() -> None:
    """Printed by a real Pebble 3.2.4: Long literals do not fit `(int, int)`, so those calls
    give null; out-of-range indexes are errors."""
    context = {"s": "a\U0001f600b", "i": 0, "j": 3, "k": 4, "n": 1}
    source = (
        "{{ s.codePointCount(i, j) }}|{{ s.codePointCount(i, k) }}|{{ s.codePointCount(n, j) }}"
        "|{{ s.codePointCount(0, 1) }}|{{ s.subSequence(i, j) }}|{{ s.subSequence(j, k) }}"
    )
    assert ENGINE.render(source, context) == "2|3|1||a\U0001f600|b"
    for broken in ("{{ s.codePointCount(j, i) }}", "{{ s.subSequence(k, n) }}"):
        with pytest.raises(TemplateError):
            ENGINE.render(broken, context)


def test_primitive_arrays_are_refused_not_printed_with_an_invented_hash() -> None:
    for source in ("{{ 'ab'.toCharArray() }}", "{{ 'ab'.getBytes() | length }}"):
        with pytest.raises(TemplateError) as caught:
            ENGINE.render(source, CONTEXT)
        assert "does not support the Java method" in caught.value.message
