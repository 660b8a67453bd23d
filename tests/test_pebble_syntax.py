"""pebble.md §1 (delimiters, whitespace), §2 (literals), §4 (variables, attributes), §5 (for),
§7 (truthiness), §8 (operators, precedence, arithmetic) and §11 (tags, scoping), each example
with the output the reference documents for Pebble 3.x as Adobe configures it."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.destinations.pebble import PebbleEngine, TemplateError

ENGINE = PebbleEngine()
RANGE = PebbleEngine(allow_range=True)


def render(source: str, engine: PebbleEngine = ENGINE, **context: Any) -> str:
    return engine.compile(source).render(context).text


def check(cases: list[Any]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize(("source", "context", "expected"), cases)


WHITESPACE = [
    pytest.param("a{# x {# y #} z #}b", {}, "a z #}b", id="comments-do-not-nest"),
    pytest.param("{% if true %}\nX\n{% endif %}\nY\n", {}, "\nX\n\nY\n", id="no-newline-trimming"),
    pytest.param(
        "{% if true %}\r\nX\r\n{% endif %}\r\nY", {}, "\r\nX\r\n\r\nY", id="crlf-kept-byte-exact"
    ),
    pytest.param(
        "  {% if true %}\n  X\n  {% endif %}\nY", {}, "  \n  X\n  \nY", id="no-lstrip-blocks"
    ),
    pytest.param("a  {{- 'X' -}}  b", {}, "aXb", id="whitespace-control"),
    pytest.param("a \n {%- if true -%} \n b{%- endif %}", {}, "ab", id="trim-newlines-too"),
    pytest.param("a {{-x}}", {"x": 3}, "a -3", id="dash-without-space-is-unary-minus"),
    pytest.param("x\n", {}, "x\n", id="trailing-newline-kept"),
    pytest.param("{{ 'x' }}\n", {}, "x\n", id="newline-after-tag-kept"),
    pytest.param("a\u2028b\x85c\rd", {}, "a\u2028b\x85c\rd", id="text-byte-exact"),
    pytest.param("{#- c -#}  \r\n x", {}, "x", id="comment-trims"),
]

LITERALS = [
    pytest.param('{{ "a\\nb" }}', {}, "a\\nb", id="backslash-n-stays"),
    pytest.param('{{ "a\\\\b" }}', {}, "a\\\\b", id="double-backslash-stays"),
    pytest.param("{{ 'it\\'s' }}", {}, "it's", id="own-quote-escape-literal-not-escaped"),
    pytest.param('{{ "it\\\'s" | raw }}', {}, "it\\'s", id="other-quote-escape-kept"),
    pytest.param('{{ "#{ name | upper }!" }}', {"name": "bo"}, "BO!", id="interpolate-expr"),
    pytest.param('{{ "[#{ n }]" }}', {"n": None}, "[]", id="interpolated-null-is-empty"),
    pytest.param("{{ 'no #{x}' }}", {"x": 1}, "no #{x}", id="single-quotes-not-interpolated"),
    pytest.param('{{ "a #1" }}', {}, "a #1", id="hash-without-brace"),
    pytest.param("{{ 10L }}|{{ 42 }}|{{ 2.50 }}", {}, "10|42|2.5", id="long-double"),
    pytest.param(
        "{{ TRUE }}|{{ FALSE }}|[{{ none }}][{{ NONE }}][{{ NULL }}]",
        {},
        "true|false|[][][]",
        id="keywords",
    ),
    pytest.param("[{{ True }}][{{ None }}]", {}, "[][]", id="python-keywords-are-variables"),
    pytest.param("{{ [1, 'a', true] }}", {}, "[1, a, true]", id="list-literal"),
    pytest.param(
        "{{ {'zeta':1,'alpha':2,'mid':3,'b':4,'a':5} }}",
        {},
        "{zeta=1, mid=3, a=5, b=4, alpha=2}",
        id="map-literal-hashmap-order",
    ),
    pytest.param("{{ {'a': 1, 2: 'x'} }}", {}, "{a=1, 2=x}", id="map-literal-mixed-keys"),
    pytest.param("{% set m = {1:'one'} %}{{ m[1] }}", {}, "one", id="numeric-key-map-literal"),
    pytest.param("{{ (1..3)[0] }}", {"engine": RANGE}, "1", id="parenthesised-postfix"),
]

VARIABLES = [
    pytest.param("{{ m.size }}|{{ m.size() }}", {"m": {"a": 1}}, "|1", id="map-key-wins"),
    pytest.param("{{ m.size }}", {"m": {"size": "S"}}, "S", id="map-key-named-size"),
    pytest.param(
        "{{ m.keySet() }}|{{ m.values() }}|{{ m.get('a') }}|{{ m.containsKey('a') }}",
        {"m": {"a": 1, "b": 2}},
        "[a, b]|[1, 2]|1|true",
        id="map-methods",
    ),
    pytest.param(
        "{{ l[0] }}|{{ l['1'] }}|{{ l[i] }}|[{{ l[-1] }}]|[{{ l[1.0] }}]|[{{ l[9] }}]",
        {"l": ["a", "b"], "i": 1},
        "a|b|b|[]|[]|[]",
        id="list-index",
    ),
    pytest.param(
        "{{ l.size }}|{{ l.empty }}|{{ l.size() }}|{{ l.get(i) }}|[{{ l.get(0) }}]"
        "|{{ l.indexOf('b') }}|{{ l.isEmpty() }}",
        {"l": ["a", "b"], "i": 0},
        "2|false|2|a|[]|1|false",
        id="list-members",
    ),
    pytest.param(
        "{{ s.length }}|{{ s.empty }}|{{ s.toUpperCase() }}|{{ s.replace('l','L') }}",
        {"s": "hello"},
        "5|false|HELLO|heLLo",
        id="string-members",
    ),
    pytest.param(
        "[{{ s.substring(1) }}]|{{ s.substring(i) }}|{{ s.substring(i, j) }}",
        {"s": "hello", "i": 1, "j": 3},
        "[]|ello|el",
        id="substring-needs-an-integer",
    ),
    pytest.param(
        "{{ s.trim() }}|{{ s.startsWith(' a') }}|{{ s.endsWith('b ') }}|{{ s.indexOf('b') }}"
        "|{{ s.isEmpty() }}|{{ s.LENGTH() }}|{{ s.toLowerCase() }}|{{ s.indexOf('b', i) }}",
        {"s": " a B ", "i": 4},
        "a B|true|false|-1|false|5| a b |-1",
        id="more-string-methods",
    ),
    pytest.param("{{ s.split(',') | join('+') }}", {"s": "a,b"}, "a+b", id="string-split"),
    pytest.param(
        "{{ m[k] }}|{{ m.k }}", {"m": {"k": 1, "v": 2}, "k": "v"}, "2|1", id="subscript-uses-value"
    ),
    pytest.param("{{ e.getKey() }}", {}, "", id="member-of-null-is-null"),
    pytest.param("[{{ s.nosuch }}][{{ s.nosuch() }}]", {"s": "x"}, "[][]", id="unknown-is-null"),
    pytest.param(
        "[{{ s.__class__ }}][{{ m.__class__ }}]",
        {"s": "x", "m": {}},
        "[][]",
        id="python-internals-are-not-there",
    ),
]

LOOPS = [
    pytest.param(
        "{% for p in l %}{{ loop.index0 }}{{ loop.revindex0 }}{{ loop.parent }}{{ loop.depth }}"
        "{% endfor %}.",
        {"l": [1]},
        ".",
        id="jinja-loop-members-absent",
    ),
    pytest.param(
        "{% for e in m %}{{ e.getKey() }}{{ e }};{% endfor %}",
        {"m": {"b": 1, "a": "x"}},
        "bb=1;aa=x;",
        id="map-entries",
    ),
    pytest.param("{% for x in l %}x{% else %}E{% endfor %}", {"l": []}, "E", id="else-on-empty"),
    pytest.param(
        "{% for a in l %}{% for b in l %}{{ loop.index }}{% endfor %}{{ loop.index }};{% endfor %}",
        {"l": [1, 2]},
        "010;011;",
        id="inner-loop-shadows-loop",
    ),
    pytest.param(
        "{% set x='outer' %}{% for x in [1,2] %}{{x}}{% endfor %}{{x}}",
        {},
        "12outer",
        id="loop-variable-scoped",
    ),
    pytest.param(
        "{% for x in l %}{% endfor %}[{{ loop }}][{{ x }}]",
        {"l": [1]},
        "[][]",
        id="loop-gone-after",
    ),
    pytest.param(
        "{% for x in s | split(',') %}{{ x }}{% endfor %}",
        {"s": "a,b"},
        "ab",
        id="for-over-string-array",
    ),
]

TRUTH = [
    pytest.param("{% if s %}T{% else %}F{% endif %}", {"s": " "}, "T", id="blank-string-true"),
    pytest.param("{% if s %}T{% else %}F{% endif %}", {"s": "false"}, "T", id="string-false-true"),
    pytest.param("{% if n %}T{% else %}F{% endif %}", {"n": 0.0}, "F", id="zero-double-false"),
    pytest.param("{% if n %}T{% else %}F{% endif %}", {"n": None}, "F", id="null-false"),
    pytest.param(
        "{{ 'x' and 1 }}|{{ n or 0 }}|{{ not n }}",
        {"n": None},
        "true|false|true",
        id="and-or-return-booleans",
    ),
    pytest.param(
        "{{ a ? 'A' : b ? 'B' : 'C' }}", {"a": False, "b": True}, "B", id="nested-ternary"
    ),
    pytest.param(
        "{% if a %}A{% elseif b %}B{% else %}C{% endif %}", {"a": 0, "b": 1}, "B", id="elseif"
    ),
]

OPERATORS = [
    pytest.param("{{ 1 + 2 ~ 3 }}", {}, "123", id="concat-tighter-than-plus"),
    pytest.param("{{ 1..2+1 }}", {"engine": RANGE}, "[1, 2, 1]", id="range-tighter-than-plus"),
    pytest.param("{{ 1 + l | length }}", {"l": [1, 2, 3]}, "4", id="filter-tighter-than-plus"),
    pytest.param("{{ (l | first).name }}", {"l": [{"name": "N"}]}, "N", id="paren-postfix"),
    pytest.param("{{ -x | abs }}", {"x": 3}, "3", id="unary-minus-tighter-than-filter"),
    pytest.param(
        "{{ 5 % 3 }}|{{ -5 % 3 }}|{{ 2 * 3.5 }}|{{ 0.1 + 0.2 }}|{{ 1.0 / 0 }}",
        {},
        "2|-2|7.0|0.30000000000000004|Infinity",
        id="java-arithmetic",
    ),
    pytest.param(
        "{{ 'a' + 1 }}|{{ 'a' + null }}|{{ 1 + 'a' }}",
        {},
        "a1|anull|1a",
        id="plus-concatenates-strings",
    ),
    pytest.param(
        "{% set l = [1] %}{% set l = l + [2] %}{% set m = l + 3 %}{{ l }}",
        {},
        "[1, 2, 3]",
        id="list-plus-mutates",
    ),
    pytest.param("{{ l - i }}", {"l": [1, 2, 3, 2], "i": 2}, "[1, 3, 2]", id="list-minus"),
    pytest.param("{{ l - 2 }}", {"l": [1, 2]}, "[1, 2]", id="list-minus-long-is-not-integer"),
    pytest.param("{{ big * 2 }}", {"big": 2**40}, "2199023255552", id="json-long"),
    pytest.param("{{ 9223372036854775807 + 1 }}", {}, "-9223372036854775808", id="long-wraps"),
    pytest.param("{{ null > 1 }}|{{ 1 < null }}", {}, "false|false", id="null-compares-false"),
    pytest.param(
        "{{ 1 == 1.0 }}|{{ i == 1 }}|{{ '1' == 1 }}|{{ true == 'true' }}|{{ null == nope }}",
        {"i": 1},
        "true|true|false|false|true",
        id="equality",
    ),
    pytest.param(
        "{{ l == [1,2] }}|{{ l == m }}",
        {"l": [1, 2], "m": [1, 2]},
        "false|true",
        id="list-equality-integer-vs-long",
    ),
    pytest.param("{{ 1 equals 1 }}|{{ 1 != 2 }}", {}, "true|true", id="equals-operator"),
    pytest.param(
        "{{ l contains i }}|{{ l contains [1, 2] }}|{{ l contains m }}|{{ n contains 1 }}",
        {"l": [1, 2], "i": 1, "m": [1], "n": None},
        "true|false|true|false",
        id="contains-rules",
    ),
    pytest.param(
        "{{ 5 >= 5 }}|{{ 4.5 < 5 }}|{{ 2 <= 1 }}", {}, "true|true|false", id="comparisons"
    ),
]

SCOPING = [
    pytest.param(
        "{% for i in [1,2,3] %}{% if seen %},{% endif %}{% set seen = true %}{{ i }}{% endfor %}"
        "[{{ seen }}]",
        {},
        "1,2,3[]",
        id="set-lives-in-the-loop-scope",
    ),
    pytest.param("{% if true %}{% set e = 5 %}{% endif %}{{ e }}", {}, "5", id="if-no-scope"),
    pytest.param(
        "{% for i in [1] %}{% set v = 'in' %}{% endfor %}{{ v }}",
        {"v": "out"},
        "in",
        id="set-updates-context-key",
    ),
    pytest.param(
        "{% filter upper | lower %}AbC{% endfilter %}",
        {},
        "abc",
        id="filter-chain",
    ),
    pytest.param("{{ min(3, 1.5, 2) }}|{{ max(1, 2, 3) }}", {}, "1.5|3", id="min-max"),
]


@check(WHITESPACE + LITERALS + VARIABLES + LOOPS + TRUTH + OPERATORS + SCOPING)
def test_reference_example(source: str, context: dict[str, Any], expected: str) -> None:
    engine = context.pop("engine", ENGINE)
    assert render(source, engine, **context) == expected


PARSE_ERRORS = [
    pytest.param("{{ [1,2][0] }}", 'value "["', id="no-postfix-on-list-literal"),
    pytest.param("{{ {'a':1}['a'] }}", 'value "["', id="no-postfix-on-map-literal"),
    pytest.param("{{ l.0 }}", "l[0]", id="dot-number"),
    pytest.param("{{ 1e20 }}", 'value "e20"', id="no-exponent-literal"),
    pytest.param("{% for k, v in m %}{% endfor %}", 'value ","', id="for-two-variables"),
    pytest.param("{% for x in l if x %}{% endfor %}", 'value "if"', id="for-if"),
    pytest.param("{% for x in l %}{% endfor x %}", 'value "x"', id="endfor-name"),
    pytest.param("{% if a %}A{% elif b %}B{% endif %}", '"elif"', id="elif"),
    pytest.param("{{ a ?: b }}", 'value ":"', id="no-elvis"),
    pytest.param("{{ a ?? b }}", 'value "?"', id="no-null-coalescing"),
    pytest.param("{{ x if c else y }}", 'value "if"', id="no-python-ternary"),
    pytest.param("{{ 1 in l }}", 'value "in"', id="no-in-operator"),
    pytest.param("{{ 2 ** 3 }}", 'value "*"', id="no-power"),
    pytest.param("{{ l | first.name }}", 'value "."', id="attribute-after-filter"),
    pytest.param("{% set x %}y{% endset %}", 'value "%}"', id="no-block-set"),
    pytest.param("{% set true = 1 %}", "Can not assign a value to true", id="reserved-name"),
    pytest.param("{% if a %}x", '"endif"', id="unclosed-if"),
    pytest.param("{% for x in l %}x", '"endfor"', id="unclosed-for"),
    pytest.param("{{ (1 }}", 'Unclosed ")"', id="unclosed-paren"),
    pytest.param("{{ s.contains('a') }}", 'value "contains"', id="contains-is-an-operator"),
    pytest.param("{{ s.equals('a') }}", 'value "equals"', id="equals-is-an-operator"),
    pytest.param("{{ 1 ) }}", 'Unexpected ")"', id="unexpected-paren"),
    pytest.param("{# never closed", "Unclosed comment", id="unclosed-comment"),
    pytest.param('{{ "abc }}', 'Unclosed """', id="unclosed-string"),
    pytest.param("{{ a ! b }}", "Unexpected character [!]", id="unexpected-character"),
    pytest.param("{% endif %}", '"endif"', id="stray-end-tag"),
    pytest.param("{% 'x' %}", "must start with a tag name", id="tag-without-name"),
    pytest.param("{{ s.f(a=1) }}", "named arguments", id="named-args-to-method"),
    pytest.param(
        "{{ x | default(d=1, 2) }}",
        "Positional arguments must be declared",
        id="positional-after-named",
    ),
    pytest.param("{% for x in l %}{% else %}{% else %}{% endfor %}", '"else"', id="two-else"),
]


@pytest.mark.parametrize(("source", "message"), PARSE_ERRORS)
def test_parse_error(source: str, message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        ENGINE.compile(source)
    assert message in caught.value.message
    assert caught.value.code == "TEMPLATE_SYNTAX_ERROR"


RUNTIME_ERRORS = [
    pytest.param("{{ 2 * 3 ~ 4 }}", {}, "Could not perform multiplication", id="mul-string"),
    pytest.param("{{ 1 + null }}", {}, "Could not perform addition", id="number-plus-null"),
    pytest.param("{{ 'a' < 'b' }}", {}, "Could not perform greater modulus", id="string-lt"),
    pytest.param('{{ "5" > 1 }}', {}, "greater than comparison", id="string-gt-number"),
    pytest.param("{{ 5 % 0 }}", {}, "Could not perform greater modulus", id="mod-zero"),
    pytest.param(
        "{{ not l is empty }}",
        {"l": [1]},
        "Unsupported value type ArrayList",
        id="not-binds-before-is",
    ),
    pytest.param("{{ not l }}", {"l": [1]}, "Unsupported value type ArrayList", id="not-list"),
    pytest.param("{{ l and true }}", {"l": []}, "cannot be cast", id="and-list"),
    pytest.param(
        "{% for x in 'abc' %}{% endfor %}",
        {},
        "Not an iterable object. Value = [abc]",
        id="for-over-string",
    ),
    pytest.param(
        "{% for x in 5 %}{% endfor %}",
        {},
        "Not an iterable object. Value = [5]",
        id="for-over-number",
    ),
    pytest.param("{{ s.getClass() }}", {"s": "x"}, "getClass", id="getclass"),
    pytest.param("{{ s.class }}", {"s": "x"}, "calling [getClass]", id="class-attribute"),
    pytest.param(
        "{{ s.toCharArray() }}",
        {"s": "x"},
        "does not support the Java method",
        id="unsupported-java-method",
    ),
    pytest.param("{{ m.put('a', 1) }}", {"m": {}}, "does not support", id="no-mutating-methods"),
    pytest.param("{{ foo(1) }}", {}, "Function or Macro [foo] does not exist.", id="unknown-fn"),
    pytest.param("{{ 1 | foo }}", {}, "Filter [foo] does not exist.", id="unknown-filter"),
    pytest.param("{{ 1 is foo }}", {}, "Test [foo] does not exist.", id="unknown-test"),
    pytest.param(
        "{{ 'ab' | replace('a', 'b') }}",
        {},
        "The argument at position 2 is not",
        id="too-many-positional",
    ),
    pytest.param(
        "{{ 'ab' | join(glue=',') }}",
        {},
        "named argument does not exist: glue",
        id="unknown-named-argument",
    ),
    pytest.param(
        "{% for x in l %}{% set l = l + [x] %}{% endfor %}",
        {"l": [1]},
        "ConcurrentModificationException",
        id="list-grows-during-loop",
    ),
    pytest.param(
        "{{ l.get(i) }}", {"l": [1], "i": 5}, "Could not call get", id="list-get-out-of-range"
    ),
]


@pytest.mark.parametrize(("source", "context", "message"), RUNTIME_ERRORS)
def test_runtime_error(source: str, context: dict[str, Any], message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render(source, **context)
    assert message in caught.value.message
    assert caught.value.code == "TEMPLATE_RENDER_ERROR"


def test_unknown_filter_only_fails_when_evaluated() -> None:
    assert render("{% if false %}{{ 1 | foo }}{% endif %}ok") == "ok"
