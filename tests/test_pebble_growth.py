"""Memory-hungry template operations are refused as they grow (issue #14 item 7), regexes in
templates are time-limited (item 6): a clear TEMPLATE_RENDER_LIMIT naming line and column, never
gigabytes allocated, never a hang."""

from __future__ import annotations

import time
import tracemalloc
from typing import Any

import pytest

from sandbox.destinations.pebble import PebbleEngine, TemplateError

SMALL = PebbleEngine(max_output=1_000_000)
DOUBLINGS = list(range(16))  # 2**16 copies of a 10,000-character string: 655 million characters


def failure(source: str, engine: PebbleEngine = SMALL, **context: Any) -> TemplateError:
    with pytest.raises(TemplateError) as caught:
        engine.compile(source).render(context)
    return caught.value


def peak_bytes(source: str, **context: Any) -> tuple[TemplateError, int]:
    tracemalloc.start()
    try:
        error = failure(source, **context)
        return error, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    "source",
    [
        "{% set l = [s] %}{% for i in n %}{% set l = l | merge(l) %}{% endfor %}{{ l | join(',') }}",
        "{% set l = [s] %}{% for i in n %}{% set l = l | merge(l) %}{% endfor %}{{ l }}",
        "{% set t = s %}{% for i in n %}{% set t = t ~ t %}{% endfor %}{{ t }}",
        "{% set t = s %}{% for i in n %}{% set t = t + t %}{% endfor %}{{ t }}",
        "{{ s | replace({'x': s}) }}",
        "{{ s.repeat(big) }}",
        "{{ s.replaceAll('x', s) }}",
    ],
    ids=["merge-join", "merge-print", "concat", "plus", "replace", "repeat", "replaceAll"],
)
def test_growth_is_refused_before_it_is_allocated(source: str) -> None:
    error, peak = peak_bytes(source, s="x" * 10_000, n=DOUBLINGS, big=10**9)
    assert error.code == "TEMPLATE_RENDER_LIMIT", error.message
    assert error.line == 1 and error.column > 0
    assert peak < 64 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


def test_split_into_too_many_parts_is_refused() -> None:
    error = failure("{{ s | split('') | length }}", PebbleEngine(max_output=1000), s="x" * 5000)
    assert error.code == "TEMPLATE_RENDER_LIMIT"
    assert "1000" in error.message


def test_a_single_catastrophic_split_stops_at_the_render_time_limit() -> None:
    engine = PebbleEngine(time_limit=0.5)
    started = time.monotonic()
    error = failure("{{ s | split('^(a|aa)+$') }}", engine, s="a" * 80 + "b")
    assert time.monotonic() - started < 60  # a hang guard: the limit counts CPU time
    assert error.code == "TEMPLATE_RENDER_LIMIT"
    assert "^(a|aa)+$" in error.message
    assert (error.line, error.column) == (1, 8)  # the `split` filter


@pytest.mark.parametrize("size", [30, 5000])
def test_the_classic_nested_quantifier_split_never_hangs(size: int) -> None:
    """On the JVM `(a+)+b` backtracks exponentially; here it answers or stops at the limit."""
    started = time.monotonic()
    template = PebbleEngine().compile("{{ s | split('(a+)+b') | length }}")
    try:
        assert template.render({"s": "a" * size}).text == "1"
    except TemplateError as error:
        assert error.code == "TEMPLATE_RENDER_LIMIT" and "(a+)+b" in error.message
    assert time.monotonic() - started < 60  # a hang guard: the limit counts CPU time


def test_within_the_limit_everything_still_renders() -> None:
    source = "{% set l = [s] %}{% for i in n %}{% set l = l | merge(l) %}{% endfor %}{{ l | join }}"
    rendered = SMALL.compile(source).render({"s": "ab", "n": list(range(10))})
    assert rendered.text == "ab" * 1024
