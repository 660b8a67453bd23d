"""The "Observed outputs of real Pebble" table of shared/reference/pebble.md, rows 1-32.

Rows render with Adobe's configuration (newLineTrimming off), so a row whose stock output
depends on newline trimming expects the trimming-off output the row also lists.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sandbox.destinations.pebble import PebbleEngine, TemplateError

ENGINE = PebbleEngine()
RANGE_ENGINE = PebbleEngine(allow_range=True)
FIXTURES = Path(__file__).parent / "fixtures" / "pebble"


def render(source: str, **context: Any) -> str:
    return ENGINE.compile(source).render(context).text


def failure(source: str, **context: Any) -> TemplateError:
    with pytest.raises(TemplateError) as caught:
        render(source, **context)
    return caught.value


M = {"b": 1, "a": "x", "c": None}
PEOPLE = [{"name": "A"}, {"name": "B"}, {"name": "C"}]
ADOBE_DATE = (
    "{{ lastQualificationTime | date(existingFormat=\"yyyy-MM-dd'T'HH:mm:sss.SSSX\","
    " format=\"yyyy-MM-dd'T'HH:mm:ssX\") }}"
)

ROWS = [
    pytest.param(
        "{% for p in people %}{{loop.index}}/{{loop.length}}/{{loop.revindex}} {{loop.first}}"
        " {{loop.last}} {{p.name}};{% endfor %}",
        {"people": PEOPLE},
        "0/3/2 true false A;1/3/1 false false B;2/3/0 false true C;",
        id="01-loop-variables",
    ),
    pytest.param(
        "{% for e in m %}{{ e.key }}={{ e.value }};{% endfor %}",
        {"m": M},
        "b=1;a=x;c=;",
        id="02-for-over-map-entries",
    ),
    pytest.param("{{ m }}", {"m": M}, "{b=1, a=x, c=null}", id="03-map-print"),
    pytest.param("{{ m | raw }}", {"m": M}, "{b=1, a=x, c=null}", id="03-map-print-raw"),
    pytest.param(
        "{{ l }}",
        {"l": [1, "a", None, True, 2.5, {"k": "v"}]},
        "[1, a, null, true, 2.5, {k=v}]",
        id="04-list-print",
    ),
    pytest.param(
        "{{ s }}", {"s": "\"<&'>/`="}, "&quot;&lt;&amp;&#39;&gt;/`=", id="05-autoescape-html"
    ),
    pytest.param("{{ s | raw }}", {"s": "\"<&'>/`="}, "\"<&'>/`=", id="05-raw"),
    pytest.param("{{ 5 / 2 }}|{{ 5.0 / 2 }}|{{ -5 / 2 }}", {}, "2|2.5|-2", id="06-division"),
    pytest.param(
        "{{ true }}|{{ false }}|[{{ null }}]|{{ 42 }}|{{ 2.50 }}|{{ 3.0 }}",
        {},
        "true|false|[]|42|2.5|3.0",
        id="07-literals",
    ),
    pytest.param(
        "[{{ nope }}][{{ nope.x }}][{{ m.nope }}][{{ l[5] }}]",
        {"m": {"a": 1}, "l": [1]},
        "[][][][]",
        id="08-undefined-is-empty",
    ),
    pytest.param(
        '{{ m is empty }}|{{ nope is empty }}|{{ x.missing is empty }}|{{ "  " is empty }}'
        "|{{ 0 is empty }}",
        {"m": {}, "x": {"a": 1}},
        "true|true|true|true|false",
        id="09-empty-test",
    ),
    *[
        pytest.param("{{ t ? 'yes':'no' }}", {"t": value}, expected, id=f"10-ternary-{name}")
        for name, value, expected in [
            ("true", True, "yes"),
            ("false", False, "no"),
            ("null", None, "no"),
            ("string-false", "false", "yes"),
            ("empty-string", "", "no"),
            ("zero", 0, "no"),
        ]
    ],
    pytest.param(
        "{{ l contains 'a' }}|{{ s contains 'ell' }}|{{ m contains 'k' }}|{{ m contains 'v' }}",
        {"l": ["a", "b"], "s": "hello", "m": {"k": "v"}},
        "true|true|true|false",
        id="11-contains",
    ),
    pytest.param(
        "{{ l contains 1 }}|{{ [1,2] contains 1 }}",
        {"l": [1, 2]},
        "false|true",
        id="12-contains-integer-vs-long",
    ),
    pytest.param("{{ 'a' ~ 1 ~ true ~ n ~ 2.5 }}", {"n": None}, "a1true2.5", id="13-concat"),
    pytest.param("{{ 'ab' ~ s | upper }}", {"s": "cd"}, "ABCD", id="14-concat-binds-tighter"),
    pytest.param(
        "{{ d | date('yyyy/MM/dd', existingFormat='yyyy-MM-dd') }}",
        {"d": "2024-03-05"},
        "2024/03/05",
        id="15-date-existing-format",
    ),
    pytest.param(
        "{{ ts | date('yyyy-MM-dd HH:mm:ss') }}|{{ ts | date }}",
        {"ts": 1709646300000},
        "2024-03-05 13:45:00|2024-03-05T13:45:00+0000",
        id="17-date-epoch-millis",
    ),
    pytest.param(
        ADOBE_DATE,
        {"lastQualificationTime": "2022-02-08T18:34:24.000+0000"},
        "2022-02-08T18:34:24Z",
        id="18-adobe-date-example",
    ),
    pytest.param(
        "{{ not a == b }}|{{ not (a == b) }}",
        {"a": 1, "b": 2},
        "false|true",
        id="20-not-binds-tightest",
    ),
    pytest.param(
        "{% set c = 0 %}{% for i in [1,2,3] %}{% set c = c + i %}{% endfor %}{{ c }}",
        {},
        "6",
        id="21-set-in-for-updates-outer",
    ),
    pytest.param(
        "{{ \"hello #{name}!\" }}|{{ 'no #{name}' }}",
        {"name": "bob"},
        "hello bob!|no #{name}",
        id="22-interpolation",
    ),
    pytest.param('{{ "a\\nb" }}', {}, "a\\nb", id="23-no-backslash-escapes"),
    pytest.param("{{ 'a' }}\n{{ 'b' }}\n\nc", {}, "a\nb\n\nc", id="24-newline-trimming-off"),
    pytest.param(
        "{% for x in 'x y  z' | split(' ') %}[{{ x }}]{% endfor %}"
        "|{{ 'a.b' | split('.') | length }}",
        {},
        "[x][y][][z]|0",
        id="25-split-java-regex",
    ),
    pytest.param(
        "{{ l | sort }}|{{ l }}", {"l": [3, 1, 2]}, "[1, 2, 3]|[1, 2, 3]", id="26-sort-in-place"
    ),
    pytest.param("{{ m['1'] }}", {"m": {"1": "one"}}, "one", id="27-string-subscript"),
    pytest.param(
        "{% for x in n %}x{% else %}E{% endfor %}", {"n": None}, "", id="28-for-null-no-else"
    ),
    pytest.param(
        "[{{ input.profile }}]|{{ input.get('profile').get('s') }}",
        {"input": {"profile": {"s": "<x>"}}},
        "[{s=&lt;x&gt;}]|&lt;x&gt;",
        id="29-map-mode-not-jsonnode",
    ),
    pytest.param(
        '{% filter lower %}{"A": "{{ v }}"}{% endfilter %}',
        {"v": "X&Y"},
        "{&quot;a&quot;: &quot;x&amp;y&quot;}",
        id="31-filter-tag-escapes-body",
    ),
    pytest.param("{{ i * i }}", {"i": 100000}, "1410065408", id="32-integer-overflow"),
]


@pytest.mark.parametrize(("source", "context", "expected"), ROWS)
def test_observed_output(source: str, context: dict[str, Any], expected: str) -> None:
    assert render(source, **context) == expected


ERROR_ROWS = [
    pytest.param("{{ 1 / 0 }}", {}, "Could not perform division", id="06-division-by-zero"),
    pytest.param("{{ t ? 'yes':'no' }}", {"t": [1]}, "cannot be cast", id="10-ternary-list"),
    pytest.param(
        "{{ d | date('yyyy') }}",
        {"d": "2024-03-05T13:45:00+0000"},
        "Unsupported argument type",
        id="16-date-string-needs-existing-format",
    ),
    pytest.param(
        "{% if l %}x{% endif %}",
        {"l": [1]},
        "Wrong operand(s) type in conditional expression",
        id="19-if-list",
    ),
    pytest.param(
        "{% if m %}x{% endif %}",
        {"m": {}},
        "Wrong operand(s) type in conditional expression",
        id="19-if-map",
    ),
    pytest.param(
        "{{ m[1] }}",
        {"m": {"1": "one"}},
        "type class java.lang.String not supported for key 1",
        id="27-numeric-subscript-on-json-map",
    ),
]


@pytest.mark.parametrize(("source", "context", "message"), ERROR_ROWS)
def test_observed_error(source: str, context: dict[str, Any], message: str) -> None:
    assert message in failure(source, **context).message


def test_row_30_adobe_examples_need_newline_trimming_off() -> None:
    example = json.loads((FIXTURES / "render_api_best_effort.json").read_text())
    assert render(example["template"], **example["context"]) == example["expected"]
