"""pebble.md §3 (printing), §6 (escaping), §9 (tests) and §10 (filters, with SimpleDateFormat and
DecimalFormat), each example with the output documented for Pebble 3.x (en-US, UTC)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sandbox.destinations.pebble import PebbleEngine, TemplateError

ENGINE = PebbleEngine()
RAW_ENGINE = PebbleEngine(autoescape=False)


def render(source: str, engine: PebbleEngine = ENGINE, **context: Any) -> str:
    return engine.compile(source).render(context).text


def check(cases: list[Any]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize(("source", "context", "expected"), cases)


PRINTING = [
    *[
        pytest.param("{{ d }}", {"d": value}, text, id=f"double-{text}")
        for value, text in [
            (2.5, "2.5"),
            (3.0, "3.0"),
            (0.0015, "0.0015"),
            (1234567.0, "1234567.0"),
            (12345678.9, "1.23456789E7"),
            (1e20, "1.0E20"),
            (0.0001, "1.0E-4"),
            (-0.0, "-0.0"),
            (0.001, "0.001"),
            (1e7, "1.0E7"),
            (123456.789e-10, "1.23456789E-5"),
            (float("nan"), "NaN"),
            (float("-inf"), "-Infinity"),
        ]
    ],
    pytest.param("{{ m }}", {"m": {"b": 1, "a": "x", "c": None}}, "{b=1, a=x, c=null}", id="map"),
    pytest.param(
        "{{ l }}",
        {"l": [1, "a", None, True, 2.5, {"k": "v"}]},
        "[1, a, null, true, 2.5, {k=v}]",
        id="list",
    ),
    pytest.param("{% for e in m %}{{ e }}{% endfor %}", {"m": {"b": 1}}, "b=1", id="entry"),
    pytest.param("{{ m | raw }}", {"m": {"n": {"x": [1, {}]}}}, "{n={x=[1, {}]}}", id="nested"),
    pytest.param(
        "{% for x in [1, 2, 3] %}{% if loop.first %}{{ loop }}{% endif %}{% endfor %}",
        {},
        "{last=false, length=3, index=0, revindex=2, first=true}",
        id="loop",
    ),
]

ESCAPING = [
    pytest.param("{{ s }}", {"s": "\"<&'>/\\`="}, "&quot;&lt;&amp;&#39;&gt;/\\`=", id="html"),
    pytest.param("{{ s }}", {"s": "é\n"}, "é\n", id="non-ascii-untouched"),
    pytest.param("{{ '<b>' }}", {}, "<b>", id="string-literal-safe"),
    pytest.param("{{ '<' ~ '>' }}", {}, "<>", id="concat-of-two-literals-safe"),
    pytest.param("{{ '<' ~ s }}", {"s": ">"}, "&lt;&gt;", id="concat-with-variable-escaped"),
    pytest.param("{{ '<' ~ '>' ~ '&' }}", {}, "&lt;&gt;&amp;", id="three-literals-escaped"),
    pytest.param("{{ t ? '<b>' : s }}", {"t": True, "s": "<i>"}, "<b>", id="ternary-literal"),
    pytest.param(
        "{{ t ? '<b>' : s }}", {"t": False, "s": "<i>"}, "&lt;i&gt;", id="ternary-variable-branch"
    ),
    pytest.param("{{ m }}", {"m": {"a": '<"x">'}}, "{a=&lt;&quot;x&quot;&gt;}", id="map-escaped"),
    pytest.param(
        "{{ s | raw | upper }}|{{ s | upper | raw }}",
        {"s": "<a>"},
        "&lt;A&gt;|<A>",
        id="raw-undone-by-later-filter",
    ),
    pytest.param("{{ s | escape }}", {"s": "<a>"}, "&lt;a&gt;", id="explicit-escape-once"),
    pytest.param("{{ s | escape | escape }}", {"s": "<a>"}, "&lt;a&gt;", id="escape-idempotent"),
    pytest.param(
        "{{ s | escape('json') }}", {"s": '"é&\n</'}, '\\"\\u00E9\\u0026\\n<\\/', id="json"
    ),
    pytest.param(
        "{{ s | escape(strategy='js') }}", {"s": "'é&\x00/"}, "\\'\\xE9\\x26\\0/", id="js"
    ),
    pytest.param("{{ s | escape('css') }}", {"s": "1a b:é"}, "\\31 a\\ b\\3A\\E9", id="css"),
    pytest.param(
        "{{ s | escape('url_param') }}",
        {"s": "a b&c=d/é?"},
        "a%20b%26c%3Dd/%C3%A9?",
        id="url-param",
    ),
    pytest.param("{{ ts | date('yyyy<MM') }}", {"ts": 0}, "1970<01", id="date-is-safe"),
    pytest.param(
        "{% filter upper %}<b>{{ v }}</b>{% endfilter %}",
        {"v": "<i>"},
        "&lt;B&gt;&lt;I&gt;&lt;/B&gt;",
        id="filter-tag-escapes-once",
    ),
    pytest.param(
        "{% filter upper %}<b>{{ v }}</b>{% endfilter %}",
        {"v": "<i>", "engine": RAW_ENGINE},
        "<B><I></B>",
        id="filter-tag-autoescape-off",
    ),
    pytest.param(
        "{% for x in l %}{{ x }}{% endfor %}", {"l": ["<", "&"]}, "&lt;&amp;", id="inside-for"
    ),
]

TESTS = [
    pytest.param(
        "{{ '  ' is empty }}|{{ 0 is empty }}|{{ false is empty }}|{{ l is empty }}",
        {"l": []},
        "true|false|false|true",
        id="empty",
    ),
    pytest.param(
        "{{ n is null }}|{{ m.k is null }}|{{ 1 is not null }}",
        {"n": None, "m": {}},
        "true|true|true",
        id="null",
    ),
    pytest.param(
        "{{ m.k is defined }}|{{ m.j is defined }}|{{ nope is defined }}",
        {"m": {"k": None, "j": 0}},
        "false|true|false",
        id="defined-is-not-null",
    ),
    pytest.param(
        "{{ 2 is even }}|{{ i is odd }}|{{ i is not even }}",
        {"i": 3},
        "true|true|true",
        id="even-odd",
    ),
    pytest.param(
        "{{ l is iterable }}|{{ m is iterable }}|{{ m is map }}|{{ s is map }}",
        {"l": [1], "m": {}, "s": "x"},
        "true|false|true|false",
        id="iterable-map",
    ),
]

FILTERS = [
    pytest.param(
        "{{ 'abcde' | abbreviate(5) }}|{{ 'abcdef' | abbreviate(5) }}",
        {},
        "ab...|ab...",
        id="abbreviate-at-length",
    ),
    pytest.param(
        "{{ 'Hello' | abbreviate(3) }}|{{ 'abc' | abbreviate(1) }}|{{ 'ab' | abbreviate(9) }}",
        {},
        "Hel|abc|ab",
        id="abbreviate-short",
    ),
    pytest.param("{{ -5 | abs }}|{{ -2.5 | abs }}|{{ i | abs }}", {"i": -7}, "5|2.5|7", id="abs"),
    pytest.param(
        "{{ 12 | base64encode }}|{{ 'é' | base64encode }}|{{ 'w6k' | base64decode }}",
        {},
        "MTI=|w6k=|é",
        id="base64",
    ),
    pytest.param("{{ ' hello wORLD' | capitalize }}", {}, " Hello wORLD", id="capitalize"),
    pytest.param("{{ 'hello wORLD-foo' | title }}", {}, "Hello WORLD-foo", id="title"),
    pytest.param(
        "[{{ n | default('d') }}][{{ ' ' | default('d') }}][{{ 0 | default('d') }}]"
        "[{{ false | default('d') }}][{{ l | default('d') }}][{{ n | default }}]",
        {"n": None, "l": []},
        "[d][d][0][false][d][]",
        id="default",
    ),
    pytest.param(
        "{{ l | first }}|{{ l | last }}|{{ 'abc' | first }}|{{ 'abc' | last }}|[{{ e | first }}]",
        {"l": [1, 2], "e": []},
        "1|2|a|c|[]",
        id="first-last",
    ),
    pytest.param("{{ ('abc' | first) == 'a' }}", {}, "false", id="first-of-string-is-a-char"),
    pytest.param(
        "{{ l | join(', ') }}|{{ l | join }}", {"l": [1, None, "a"]}, "1, null, a|1nulla", id="join"
    ),
    pytest.param(
        "{{ s | length }}|{{ l | length }}|{{ m | length }}|{{ n | length }}"
        "|{{ 5 | length }}|{{ e | length }}",
        {"s": "a😀", "l": [1], "m": {"a": 1, "b": 2}, "n": None, "e": "x,y"},
        "3|1|2|0|0|3",
        id="length",
    ),
    pytest.param(
        "{{ true | upper }}|{{ 'ÀB' | lower }}|{{ l | upper }}",
        {"l": ["a"]},
        "TRUE|àb|[A]",
        id="lower-upper",
    ),
    pytest.param(
        "{{ l | merge(k) }}|{{ l | merge(m) }}|{{ m | merge({'b': 2}) }}",
        {"l": [1], "k": [2], "m": {"a": 1}},
        "[1, 2]|[1, a=1]|{a=1, b=2}",
        id="merge",
    ),
    pytest.param(
        "{{ {'zeta': 1} | merge({'alpha': 2, 'mid': 3}) }}",
        {},
        "{zeta=1, mid=3, alpha=2}",
        id="merge-maps-hashmap-order",
    ),
    pytest.param(
        "{{ 1234567.891 | numberformat }}|{{ 1234.5 | numberformat('#,##0.00') }}"
        "|{{ 0.125 | numberformat('0.00') }}|{{ 1.005 | numberformat('0.00') }}"
        "|{{ 0.5 | numberformat('#.##') }}|{{ -3 | numberformat('0.0') }}"
        "|{{ 0.256 | numberformat('#%') }}|{{ 42 | numberformat('\\'#\\'000') }}"
        "|{{ 12345 | numberformat('0.###E0') }}",
        {},
        "1,234,567.891|1,234.50|0.12|1.00|0.5|-3.0|26%|#042|1.234E4",  # 0.5: pebble.md §14
        id="numberformat",
    ),
    pytest.param(
        "{{ s | replace({'%a%': 'x', '.': '-'}) }}", {"s": "a%a%.b"}, "ax-b", id="replace-map"
    ),
    pytest.param(
        "{{ l | reverse }}|{{ l }}", {"l": [1, 2, 3]}, "[3, 2, 1]|[3, 2, 1]", id="reverse-in-place"
    ),
    pytest.param(
        "{{ l | sort }}|{{ l | rsort }}|{{ l }}",
        {"l": ["b", "C", "a"]},
        "[C, a, b]|[b, a, C]|[b, a, C]",
        id="sort-rsort-in-place",
    ),
    pytest.param(
        "{{ l | slice(1, 3) }}|{{ 'hello' | slice(1, 3) }}|{{ l | slice(2) }}",
        {"l": [1, 2, 3]},
        "[2, 3]|el|[3]",
        id="slice",
    ),
    pytest.param(
        "{% for x in 'a,b,,' | split(',') %}[{{ x }}]{% endfor %}"
        "|{{ 'a1b22c' | split('[0-9]+') | join('-') }}|{{ 'a,b,c' | split(',', 2) | join('|') }}",
        {},
        "[a][b]|a-b-c|a|b,c",
        id="split",
    ),
    pytest.param(
        "{{ 'abc' | sha256 }}",
        {},
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        id="sha256",
    ),
    pytest.param(
        "[{{ s | trim }}]|[{{ '\\t' | trim }}]", {"s": " \t a b\n\x00"}, "[a b]|[\\t]", id="trim"
    ),
    pytest.param("{{ 'a b~*é&' | urlencode }}", {}, "a+b%7E*%C3%A9%26", id="urlencode"),
    pytest.param("{{ 'x' | upper(1, 2) }}", {}, "X", id="undeclared-arguments-ignored"),
]

DATES = [
    pytest.param(
        "{{ d | date('yyyy-MM-dd', existingFormat='yyyy-MM-dd') }}",
        {"d": "2024-02-30"},
        "2024-03-01",
        id="lenient",
    ),
    pytest.param(
        '{{ d | date("HH:mm:ss.SSS", existingFormat="yyyy-MM-dd\'T\'HH:mm:ss.SSSSSSX") }}',
        {"d": "2021-10-26T16:59:00.828461Z"},
        "17:12:48.461",
        id="micros-as-millis",
    ),
    pytest.param(
        "{{ d | date('yyyy', existingFormat='yyyy-MM-dd') }}",
        {"d": "2024-03-05trailing"},
        "2024",
        id="trailing-text-ignored",
    ),
    pytest.param(
        "{{ d | date('yyyyMMdd HH:mm', existingFormat='yyyyMMddHHmm') }}",
        {"d": "202403051345"},
        "20240305 13:45",
        id="abutting-numeric-fields",
    ),
    pytest.param(
        "{{ d | date(\"EEEE, MMMM d, yy h:mm a z\", existingFormat='yyyy-MM-dd HH:mm Z') }}",
        {"d": "2024-03-05 13:45 +0100"},
        "Tuesday, March 5, 24 12:45 PM UTC",
        id="text-fields-and-offset",
    ),
    pytest.param(
        "{{ ts | date('yyyy-MM-dd HH:mm XXX', timeZone='Europe/Paris') }}",
        {"ts": 1709646300000},
        "2024-03-05 14:45 +01:00",
        id="time-zone-formats-only",
    ),
    pytest.param(
        "{{ ts | date(\"D w W F u E k K ''\") }}",
        {"ts": 1709646300000},
        "65 10 2 1 2 Tue 13 1 '",
        id="more-letters",
    ),
    pytest.param(
        "{{ d | date('dd/MM/yy', existingFormat='MMM d, yy') }}",
        {"d": "Jan 2, 99"},
        "02/01/99",
        id="two-digit-year",
    ),
    pytest.param("{{ ms | date('SSS') }}", {"ms": 1500.9}, "500", id="double-millis-truncated"),
]


@check(PRINTING + ESCAPING + TESTS + FILTERS + DATES)
def test_reference_value(source: str, context: dict[str, Any], expected: str) -> None:
    engine = context.pop("engine", ENGINE)
    assert render(source, engine, **context) == expected


def test_split_prints_as_a_java_string_array() -> None:
    assert re.fullmatch(r"\[Ljava\.lang\.String;@[0-9a-f]+", render("{{ 'x' | split(',') }}"))


FILTER_ERRORS = [
    pytest.param(
        "{{ 'ab' | abbreviate(i) }}",
        {"i": 1},
        "cannot be cast to class java.lang.Long",
        id="abbreviate-needs-long",
    ),
    pytest.param("{{ n | abs }}", {"n": None}, 'null value to "abs"', id="abs-null"),
    pytest.param("{{ 'x' | abs }}", {}, "does require as input a number", id="abs-string"),
    pytest.param("{{ 5 | base64decode }}", {}, "applies to String", id="base64decode-number"),
    pytest.param("{{ '!!' | base64decode }}", {}, "correctly Base64 encoded", id="base64-bad"),
    pytest.param(
        "{{ 5 | capitalize }}",
        {},
        "cannot be cast to class java.lang.String",
        id="capitalize-number",
    ),
    pytest.param("{{ m | first }}", {"m": {"a": 1}}, "cannot be cast", id="first-of-map"),
    pytest.param("{{ '' | first }}", {}, "String index out of range", id="first-of-empty"),
    pytest.param("{{ m | join }}", {"m": {"a": 1}}, "collection or an array", id="join-map"),
    pytest.param("{{ 'x' | numberformat }}", {}, "has to be a number", id="numberformat-text"),
    pytest.param(
        "{{ 'x' | reverse }}", {}, "cannot be cast to class java.util.List", id="reverse-string"
    ),
    pytest.param("{{ l | sort }}", {"l": [1, "a"]}, "mixes", id="sort-mixed"),
    pytest.param(
        "{{ l | slice(1, 5) }}", {"l": [1, 2]}, "smaller than input size", id="slice-past-end"
    ),
    pytest.param(
        "{{ l | slice(2, 1) }}", {"l": [1, 2]}, "greater than fromIndex", id="slice-reversed"
    ),
    pytest.param("{{ 5 | sha256 }}", {}, "Need a string to hash", id="sha256-number"),
    pytest.param("{{ 5 | trim }}", {}, "cannot be cast", id="trim-number"),
    pytest.param("{{ 5 | urlencode }}", {}, "cannot be cast", id="urlencode-number"),
    pytest.param(
        "{{ 'x' | escape('xml') }}", {}, "Unknown escaping strategy [xml]", id="unknown-strategy"
    ),
    pytest.param(
        "{{ 'x' | date('yyyy', existingFormat='dd') }}",
        {},
        "Could not parse",
        id="unparseable-date",
    ),
    pytest.param("{{ 5 | date('ii') }}", {}, "Illegal pattern character 'i'", id="bad-pattern"),
    pytest.param("{{ 1.5 is even }}", {}, "cannot be cast", id="even-double"),
    pytest.param("{{ n is odd }}", {"n": None}, 'null value to "odd"', id="odd-null"),
    pytest.param("{{ 'x' | merge(1) }}", {}, "not a Map/List/Array", id="merge-string"),
]


@pytest.mark.parametrize(("source", "context", "message"), FILTER_ERRORS)
def test_filter_error(source: str, context: dict[str, Any], message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render(source, **context)
    assert message in caught.value.message
