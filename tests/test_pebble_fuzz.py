"""Any template over any profile-shaped data renders or fails with a TemplateError (exit 2 at the
command line): never another exception (exit 3), never output the JVM could not write.
Templates are generated from Pebble's grammar: nested tags, whitespace control, filters with
good and bad arguments, tests, operators, literals and special characters."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.destinations.pebble import PebbleEngine, TemplateError

ENGINE = PebbleEngine(time_limit=2.0, max_output=200_000)

PATHS = ["p", "p.name", "p.attributes", "p.attributes.firstName.value", "p.tags", "p.n", "p.d",
         "p.identityMap.email", "p.nope", "loop", "loop.index", "x", "p.attributes.keySet()",
         "p.attributes.values()", "p['name']", "p.tags[0]", "p.tags[9]"]  # fmt: skip
LITERALS = ["1", "0", "-3", "2.5", "10000000000L", "'a😀b'", '"q\\"t"', "'\\n'", "true", "null",
            "[1, 'b', null]", "{'k': 1, 2: 'v'}", "''", "'(a+)+b'", "'[z-a'", "'#,##0.00'",
            "'yyyy-MM-dd'", "'PST'", "'Mars/X'", "\"HH:mm z\""]  # fmt: skip
FILTERS = ["upper", "lower", "trim", "capitalize", "title", "length", "first", "last", "sort",
           "rsort", "reverse", "raw", "abs", "base64encode", "base64decode", "sha256", "toJson",
           "urlencode", "escape", "escape(strategy='json')", "escape(strategy='nope')",
           "abbreviate(3)", "abbreviate(-1)", "slice(1)", "slice(1, 2)", "slice(5, 1)",
           "split(',')", "split('')", "split('(a+)+b')", "split('[z-a')", "join(',')", "join",
           "merge([1])", "merge({'a': 1})", "replace({'a': 'b'})", "default('d')",
           "numberformat", "numberformat('#.##')", "numberformat('0.#0')", "numberformat('¤#,##0.00')",
           "date('yyyy-MM-dd')", "date('HH:mm z', timeZone='PST')", "date('zzzz', timeZone='Mars/X')",
           "date(existingFormat='yyyy-MM-dd')", "added", "removed", "nope"]  # fmt: skip
TESTS = ["empty", "null", "even", "odd", "iterable", "map", "defined", "nope"]
OPERATORS = ["+", "-", "*", "/", "%", "~", "==", "!=", "<", ">", "contains", "and", "or", "equals"]
METHODS = ["length()", "charAt(i)", "substring(i)", "replaceAll('[aeiou]', '$0$0')",
           "matches('.*')", "split(',')", "repeat(i)", "strip()", "getClass()", "keySet()",
           "get('name')", "size()", "toString()", "hashCode()", "isBlank()"]  # fmt: skip


def expression(draw: Any, depth: int = 0) -> str:
    kind = draw(st.integers(0, 6 if depth < 2 else 2))
    if kind == 0:
        return str(draw(st.sampled_from(PATHS)))
    if kind == 1:
        return str(draw(st.sampled_from(LITERALS)))
    if kind == 2:
        return f"{expression(draw, depth + 1)}.{draw(st.sampled_from(METHODS))}"
    if kind == 3:
        return f"{expression(draw, depth + 1)} | {draw(st.sampled_from(FILTERS))}"
    if kind == 4:
        operator = draw(st.sampled_from(OPERATORS))
        return f"({expression(draw, depth + 1)} {operator} {expression(draw, depth + 1)})"
    if kind == 5:
        negated = draw(st.sampled_from(["", "not "]))
        return f"({expression(draw, depth + 1)} is {negated}{draw(st.sampled_from(TESTS))})"
    return f"({expression(draw, depth + 1)} ? {expression(draw, depth + 1)} : 'n')"


@st.composite
def templates(draw: Any, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        left, right = draw(st.sampled_from(["", "-"])), draw(st.sampled_from(["", "-"]))
        kind = draw(st.integers(0, 5 if depth < 2 else 1))
        if kind == 0:
            parts.append(draw(st.sampled_from(["text", " \r\n", "é😀", "{", "}", "<&>", "\t"])))
        elif kind == 1:
            parts.append(f"{{{{{left} {expression(draw)} {right}}}}}")
        elif kind == 2:
            body = draw(templates(depth + 1))
            parts.append(
                f"{{%{left} if {expression(draw)} {right}%}}{body}{{% else %}}x{{% endif %}}"
            )
        elif kind == 3:
            body = draw(templates(depth + 1))
            parts.append(f"{{% for x in {expression(draw)} %}}{body}{{% else %}}e{{% endfor %}}")
        elif kind == 4:
            parts.append(f"{{% set x = {expression(draw)} %}}")
        else:
            parts.append(
                draw(st.sampled_from(["{# c #}", "{{", "{% endif %}", "{% bad %}", "{{ }}"]))
            )
    return "".join(parts)


profile_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=True)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8,
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates(), profile_values, st.integers(-3, 40))
def test_any_template_renders_or_fails_cleanly(source: str, extra: Any, index: int) -> None:
    profile = {
        "name": "Ada Lovelace",
        "attributes": {"firstName": {"value": "Ada"}, "extra": extra},
        "identityMap": {"email": [{"id": "ada@example.com"}]},
        "tags": ["a", "b", "c"],
        "n": 1709646300000,
        "d": 0.5,
    }
    try:
        rendered = ENGINE.compile(source).render({"p": profile, "i": index})
    except TemplateError as error:
        assert error.code.startswith("TEMPLATE_")
        assert error.message
        return
    rendered.text.encode("utf-8")  # never a lone surrogate half in the output


def test_broken_variants_of_real_templates_fail_with_a_position() -> None:
    """The real-Pebble corpus's templates (tests/data/pebble_real_3_2_4.json), each cut at a
    seeded place and given a stray delimiter, quote, bracket or lone surrogate: every failure is
    a TemplateError naming line and column, never another exception."""
    corpus = json.loads((Path(__file__).parent / "data" / "pebble_real_3_2_4.json").read_text())
    rng = random.Random(13)
    strays = ["{{", "}}", "{%", "%}", "'", '"', "(", ")", "|", "#{", "\\", "\n", "\udc80", "{#"]
    failures = 0
    for template, context, _, _ in corpus["renders"][:600]:
        source = corpus["templates"][template]
        cut = rng.randrange(len(source) + 1)
        broken = source[:cut] + rng.choice(strays) + source[cut:]
        try:
            ENGINE.compile(broken).render(corpus["contexts"][context]).text.encode("utf-8")
        except TemplateError as error:
            failures += 1
            assert error.line > 0 and error.column > 0, (broken, error.message)
    assert failures > 100
