"""Templates are untrusted input: nothing of Python is reachable, renders are bounded in time and
output, and every error says where it is (line, column, caret excerpt) in AEP's 400 shape."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from jinja2.sandbox import SandboxedEnvironment

from sandbox.destinations.pebble import PebbleEngine, TemplateError
from sandbox.errors import InputError

ENGINE = PebbleEngine()


def render(source: str, engine: PebbleEngine = ENGINE, **context: Any) -> str:
    return engine.compile(source).render(context).text


class SteppingTimer:
    """A fake clock that moves one second each time it is read: no wall-clock dependence."""

    def __init__(self) -> None:
        self.ticks = itertools.count()

    def __call__(self) -> float:
        return float(next(self.ticks))


@pytest.mark.parametrize(
    "source",
    [
        "{{ s.__class__ }}",
        "{{ s.__class__.__mro__ }}",
        "{{ s['__class__'] }}",
        "{{ m.__init__ }}",
        "{{ l.__len__() }}",
        "{{ s.casefold }}{{ s.casefold() }}",
        "{{ s.join }}",
        "{{ cycler }}{{ range }}{{ lipsum }}{{ namespace }}{{ config }}{{ self }}",
        "{{ rt }}{{ pebble_rt }}{{ environment }}{{ context }}",
    ],
)
def test_python_is_not_reachable(source: str) -> None:
    assert render(source, s="x", m={}, l=[]) == ""


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ s.getClass() }}", "ClassAccessException"),
        ("{{ s.class.forName('java.lang.Runtime') }}", "ClassAccessException"),
        ("{{ l.wait() }}", "ClassAccessException"),
        ("{{ s.notifyAll() }}", "ClassAccessException"),
        ("{{ range(1, 5) }}", "range"),
    ],
)
def test_sandbox_escapes_are_refused(source: str, message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render(source, s="x", l=[])
    assert message in caught.value.message


def test_built_on_jinja_sandbox_without_jinja_filters() -> None:
    environment = ENGINE.environment
    assert isinstance(environment, SandboxedEnvironment)
    assert not environment.tests and not environment.globals
    assert "upper" not in environment.filters
    assert all(name.startswith("pb") for name in environment.filters)


def test_time_limit_stops_a_runaway_loop() -> None:
    engine = PebbleEngine(time_limit=50, timer=SteppingTimer())
    template = engine.compile("{% for a in l %}{% for b in l %}x{% endfor %}{% endfor %}")
    with pytest.raises(TemplateError) as caught:
        template.render({"l": list(range(100))})
    assert caught.value.code == "TEMPLATE_RENDER_LIMIT"
    assert "time limit" in caught.value.message
    assert (caught.value.line, caught.value.column) == (1, 20)


def test_output_limit_stops_a_large_render() -> None:
    engine = PebbleEngine(max_output=1000)
    with pytest.raises(TemplateError) as caught:
        engine.compile("{% for x in l %}0123456789{% endfor %}").render({"l": list(range(5000))})
    assert caught.value.code == "TEMPLATE_RENDER_LIMIT"
    assert "output" in caught.value.message


def test_output_limit_stops_a_string_doubling_in_memory() -> None:
    engine = PebbleEngine(max_output=10_000)
    source = "{% set s = 'x' %}{% for i in l %}{% set s = s ~ s %}{% endfor %}done"
    with pytest.raises(TemplateError) as caught:
        engine.compile(source).render({"l": list(range(64))})
    assert "output limit" in caught.value.message
    assert caught.value.column == 47


def test_a_render_within_limits_is_unaffected() -> None:
    engine = PebbleEngine(time_limit=1000, max_output=10, timer=SteppingTimer())
    assert engine.compile("{% for x in l %}{{ x }}{% endfor %}").render({"l": [1, 2]}).text == "12"


def test_parse_error_has_line_column_and_caret() -> None:
    with pytest.raises(TemplateError) as caught:
        ENGINE.compile('{\r\n  "a": {{ x.0 }}\r\n}', "requestBody")
    error = caught.value
    assert (error.line, error.column) == (2, 13)
    assert error.excerpt == '  "a": {{ x.0 }}\n            ^'
    assert error.problems[0].file == "requestBody"
    assert error.problems[0].location == "line 2, column 13"


def test_render_error_points_at_the_failing_expression() -> None:
    source = "line one\n{% for p in l %}\n  {{ p.name | abbreviate(n) }}\n{% endfor %}"
    with pytest.raises(TemplateError) as caught:
        ENGINE.compile(source, "body").render({"l": [{"name": "abc"}], "n": 2})
    error = caught.value
    assert (error.line, error.column) == (3, 15)
    assert error.excerpt == "  {{ p.name | abbreviate(n) }}\n              ^^^^^^^^^^"
    assert "body: line 3, column 15: error:" in error.report()


def test_template_error_is_an_input_error_with_render_api_shape() -> None:
    with pytest.raises(InputError) as caught:
        ENGINE.compile("{% if a %}A{% elif b %}B{% endif %}")
    assert isinstance(caught.value, TemplateError)
    body = caught.value.to_render_api()
    assert body["status"] == 400 and body["title"] == "BadRequestError"
    assert body["detail"].endswith("(line 1, column 15)")
    (error,) = body["errors"]
    assert error["code"] == "TEMPLATE_SYNTAX_ERROR"
    assert (error["line"], error["column"]) == (1, 15)
    assert '"elif"' in error["message"]


def test_deeply_nested_template_is_a_clean_error() -> None:
    with pytest.raises(TemplateError) as caught:
        ENGINE.compile("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}")
    assert "nests too deeply" in caught.value.message


def test_renders_do_not_leak_into_each_other() -> None:
    template = ENGINE.compile("{{ l | sort }}{% set l = l + [9] %}{% set v = 'set' %}{{ l }}")
    context = {"l": [3, 1], "v": "given"}
    first = template.render(context).text
    assert template.render(context).text == first == "[1, 3][1, 3, 9]"
    assert context == {"l": [3, 1], "v": "given"}


def test_compile_is_cached_per_source_and_name() -> None:
    assert ENGINE.compile("{{ a }}", "x") is ENGINE.compile("{{ a }}", "x")
    assert ENGINE.compile("{{ a }}", "x") is not ENGINE.compile("{{ a }}", "y")


def test_escape_warnings_are_capped_but_counted() -> None:
    rendered = ENGINE.compile("{% for x in l %}{{ x }}{% endfor %}").render({"l": ["<"] * 500})
    assert rendered.escape_count == 500
    assert len(rendered.warnings) == 200


def test_long_escaped_values_are_excerpted_around_the_change() -> None:
    value = "a" * 100 + "&" + "b" * 100
    (warning,) = ENGINE.compile("{{ v }}").render({"v": value}).warnings
    assert warning.before.startswith("…") and "&b" in warning.before
    assert "&amp;" in warning.after and len(warning.after) < 70


ATOMS = ["x", "l", "m", "s", "n", "1", "2.5", "'a'", '"b#{x}c"', "true", "null", "[1,2]", "{'a':1}"]
ATOMS += ["loop", "l[0]", "m.a", "s.length", "l.size()", "-1", "x.foo()", "s.split(',')", "e"]
OPERATORS = ["+", "-", "*", "/", "%", "~", "==", "<", ">=", "and", "or", "contains", ".."]
FILTERS = ["upper", "abs", "default('d')", "first", "join(',')", "length", "sort", "raw", "trim"]
FILTERS += ["escape('js')", "title", "urlencode", "sha256", "base64decode", "split(',')", "added"]
FILTERS += ["slice(0,1)", "merge([1])", "numberformat('0.0')", "abbreviate(4)", "reverse"]
FILTERS += ["date('yyyy', existingFormat='yyyy')", "replace({'a':'b'})", "capitalize"]


def random_expression(rng: Any, depth: int = 0) -> str:
    choice = rng.random()
    if depth > 3 or choice < 0.3:
        return str(rng.choice(ATOMS))
    inner = random_expression(rng, depth + 1)
    if choice < 0.5:
        return f"{inner} {rng.choice(OPERATORS)} {random_expression(rng, depth + 1)}"
    if choice < 0.7:
        return f"{inner} | {rng.choice(FILTERS)}"
    if choice < 0.8:
        return f"not {inner}" if choice < 0.75 else f"{inner} is not empty"
    if choice < 0.9:
        return f"({inner}) ? {random_expression(rng, depth + 1)} : x"
    return f"min({inner}, {random_expression(rng, depth + 1)})"


def random_template(rng: Any, depth: int = 0) -> str:
    choice = rng.random()
    expression = random_expression(rng)
    if depth > 2 or choice < 0.4:
        return "{{ " + expression + " }}"
    body = random_template(rng, depth + 1)
    if choice < 0.6:
        return "{% for v in " + expression + " %}" + body + "{% else %}E{% endfor %}"
    if choice < 0.8:
        return "{% if " + expression + " %}" + body + "{% else %}-{% endif %}"
    if choice < 0.9:
        return "{% set e = " + expression + " %}" + body
    return "{% filter upper %}" + body + "{% endfilter %}"


def test_random_templates_render_or_fail_cleanly() -> None:
    import random

    rng = random.Random(20260101)
    engine = PebbleEngine(allow_range=True, max_output=100_000)
    context = {"x": 3, "l": [1, "a", None, 2.5], "m": {"a": {"status": "realized"}}, "s": "a,b"}
    rendered = 0
    for _ in range(400):
        source = random_template(rng) + random_template(rng)
        try:
            engine.compile(source).render(context)
            rendered += 1
        except TemplateError as error:
            assert error.message
    assert rendered > 25


def test_dates_outside_years_1_to_9999_format_as_java_does() -> None:
    assert render("{{ '-1' | date('yyyy G', existingFormat='yyyy') }}") == "0002 BC"
    assert render("{{ '10000' | date('yyyy G', existingFormat='yyyy') }}") == "10000 AD"


def test_huge_range_is_refused_before_it_is_built() -> None:
    engine = PebbleEngine(allow_range=True)
    with pytest.raises(TemplateError) as caught:
        render("{{ range(0, 1000000000000) | length }}", engine)
    assert "more than" in caught.value.message


@pytest.mark.parametrize("step", ["{% set l = l + l %}", "{% set l = l | merge(l) %}"])
def test_a_list_doubling_in_memory_is_stopped(step: str) -> None:
    engine = PebbleEngine(max_output=10_000)
    source = "{% set l = [1] %}{% for i in n %}" + step + "{% endfor %}"
    with pytest.raises(TemplateError) as caught:
        engine.compile(source).render({"n": list(range(64))})
    assert "output limit" in caught.value.message
