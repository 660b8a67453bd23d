"""Property-based tests: any text either compiles or is refused cleanly; compiled logic is logic;
horizons are exact for one event and never miss a change."""

from __future__ import annotations

import contextlib
import operator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.clock import DEFAULT_EPOCH, isoformat
from sandbox.errors import InputError
from sandbox.javaregex import JavaRegexError, compile_java
from sandbox.segments import EvalContext, compile_pql

OPS = ("=", "!=", "<", "<=", ">", ">=")
TIERS = ("gold", "silver", "bronze")
KINDS = ("commerce.purchases", "commerce.productViews", "web.webpagedetails.pageViews")
UNITS = ("millisecond", "seconds", "minute", "hours", "day", "weeks", "month", "year")
NOW = DEFAULT_EPOCH + 40 * 86400.0

events = st.builds(
    lambda offset, kind: {"timestamp": isoformat(NOW - offset, millis=True), "eventType": kind},
    st.integers(-3600, 90 * 86400),
    st.sampled_from(KINDS),
)
profiles = st.fixed_dictionaries(
    {
        "loyalty": st.fixed_dictionaries(
            {
                "tier": st.one_of(st.none(), st.sampled_from(TIERS)),
                "points": st.one_of(
                    st.none(), st.integers(-10, 5000), st.booleans(), st.text(max_size=3)
                ),
            }
        ),
        "person": st.fixed_dictionaries(
            {"name": st.one_of(st.none(), st.sampled_from(["John", "anna", "JOAN", ""]))}
        ),
        "xEvent": st.lists(events, max_size=6).map(
            lambda e: sorted(e, key=lambda x: x["timestamp"])
        ),
    }
)

atoms = st.one_of(
    st.builds("loyalty.points {} {}".format, st.sampled_from(OPS), st.integers(-5, 5000)),
    st.builds('loyalty.tier {} "{}"'.format, st.sampled_from(OPS), st.sampled_from(TIERS)),
    st.builds(
        'person.name.{}("{}", {})'.format,
        st.sampled_from(["startsWith", "endsWith", "contains", "equals", "doesNotContain"]),
        st.sampled_from(["Jo", "an", "x", ""]),
        st.sampled_from(["true", "false"]),
    ),
    st.builds(
        "loyalty.tier in [{}]".format,
        st.lists(st.sampled_from(TIERS)).map(lambda tiers: ", ".join(f'"{t}"' for t in tiers)),
    ),
    st.builds('person.name like "{}"'.format, st.sampled_from(["J%", "%n", "_ohn", "%"])),
    st.sampled_from(["person.name.isNull()", "loyalty.points.isNotNull()", "xEvent.count() > 2"]),
    st.builds(
        (
            'exists E from xEvent where E.eventType = "{}" '
            "and E.timestamp occurs {} {} {} before now"
        ).format,
        st.sampled_from(KINDS),
        st.sampled_from(OPS),
        st.integers(0, 40),
        st.sampled_from(UNITS),
    ),
    st.builds(
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "{}"), C1: WHAT(eventType = "{}") '
        "WHEN(<= {} days before now)])".format,
        st.sampled_from(KINDS),
        st.sampled_from(KINDS),
        st.integers(0, 60),
    ),
)
expressions = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.builds("({}) and ({})".format, inner, inner),
        st.builds("({}) or ({})".format, inner, inner),
        st.builds("not ({})".format, inner),
    ),
    max_leaves=5,
)


def holds(text: str, profile: dict[str, Any], now: float = NOW) -> bool:
    return compile_pql(text).matches(profile, EvalContext(now))


@given(st.text(max_size=60))
def test_any_text_compiles_or_is_refused_cleanly(text: str) -> None:
    try:
        compile_pql(text)
    except InputError as error:
        assert error.problems and error.problems[0].location.startswith("line ")


pql_words = st.sampled_from(
    [
        "a.b",
        "xEvent",
        "E",
        "exists",
        "forall",
        "from",
        "where",
        ":",
        "and",
        "or",
        "not",
        "(",
        ")",
        "[",
        "]",
        ",",
        "=",
        "<=",
        "!=",
        "in",
        "notIn",
        "like",
        "occurs",
        "<",
        "3",
        "hours",
        "before",
        "now",
        "today",
        "CHAIN",
        "WHAT",
        "WHEN",
        "timestamp",
        '"x"',
        "1.5",
        "true",
        "date(2026, 1, 1)",
        ".count()",
        ".exists(",
        "inSegment(",
        "between",
        "last",
        "week",
        "on",
        "!",
        "C0",
        "-",
    ]
)


@given(st.lists(pql_words, max_size=14))
def test_token_soup_compiles_or_is_refused_cleanly(words: list[str]) -> None:
    text = " ".join(words)
    try:
        rule = compile_pql(text)
    except InputError:
        return
    rule.matches(
        {"a": {"b": 1}, "xEvent": [{"timestamp": "2026-01-01T00:00:00Z"}]}, EvalContext(NOW)
    )


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(expressions, profiles)
def test_not_is_negation_and_connectives_are_boolean(text: str, profile: dict[str, Any]) -> None:
    value = holds(text, profile)
    assert holds(f"not ({text})", profile) is (not value)
    assert holds(f"!({text})", profile) is (not value)
    assert holds(f"({text}) and true", profile) is value
    assert holds(f"({text}) or false", profile) is value


@given(expressions, expressions, profiles)
def test_and_or_match_python(left: str, right: str, profile: dict[str, Any]) -> None:
    a, b = holds(left, profile), holds(right, profile)
    assert holds(f"({left}) and ({right})", profile) is (a and b)
    assert holds(f"({left}) or ({right})", profile) is (a or b)


@given(profiles, st.sampled_from(OPS), st.integers(-5, 5000))
def test_number_comparisons_follow_pql_null_and_type_rules(
    profile: dict[str, Any], op: str, number: int
) -> None:
    points = profile["loyalty"]["points"]
    python = {
        "=": operator.eq,
        "!=": operator.ne,
        "<": operator.lt,
        "<=": operator.le,
        ">": operator.gt,
        ">=": operator.ge,
    }[op]
    comparable = type(points) in (int, float)
    assert holds(f"loyalty.points {op} {number}", profile) is (
        comparable and python(points, number)
    )


@given(profiles, st.lists(st.sampled_from(TIERS), min_size=1))
def test_in_is_a_disjunction_of_equalities(profile: dict[str, Any], tiers: list[str]) -> None:
    options = ", ".join(f'"{t}"' for t in tiers)
    disjunction = " or ".join(f'loyalty.tier = "{t}"' for t in tiers)
    assert holds(f"loyalty.tier in [{options}]", profile) is holds(disjunction, profile)
    not_in = holds(f"loyalty.tier notIn [{options}]", profile)
    assert not_in is (profile["loyalty"]["tier"] is not None and not holds(disjunction, profile))


windows = st.one_of(
    st.builds(
        "{} {} {} {} now".format,
        st.sampled_from(OPS),
        st.integers(0, 30),
        st.sampled_from(UNITS),
        st.sampled_from(["before", "after"]),
    ),
    st.builds(
        "{} {} {} before today".format,
        st.sampled_from(OPS),
        st.integers(0, 5),
        st.sampled_from(["days", "weeks", "months"]),
    ),
    st.sampled_from(
        [
            "today",
            "yesterday",
            "tomorrow",
            "this week",
            "last month",
            "next day",
            "before today",
            "after yesterday",
        ]
    ),
)


@settings(max_examples=200)
@given(windows, st.integers(-40 * 86_400_000, 40 * 86_400_000), st.integers(0, 86_400_000))
def test_horizons_are_exact_for_one_event(window: str, offset_ms: int, jitter_ms: int) -> None:
    now = NOW + jitter_ms / 1000
    profile = {"xEvent": [{"timestamp": isoformat(NOW + offset_ms / 1000, millis=True)}]}
    rule = compile_pql(f"exists E from xEvent where E.timestamp occurs {window}")
    verdict = rule.evaluate(profile, EvalContext(now))
    assert verdict.matched is rule.matches(profile, EvalContext(now))
    if verdict.horizon is None:
        for later in (now + 1, now + 86400, now + 400 * 86400):
            assert rule.matches(profile, EvalContext(later)) is verdict.matched
        return
    assert verdict.horizon > now
    before = max(now, verdict.horizon - 0.001)
    assert rule.matches(profile, EvalContext(before)) is verdict.matched
    assert rule.matches(profile, EvalContext((now + before) / 2)) is verdict.matched
    assert rule.matches(profile, EvalContext(verdict.horizon)) is not verdict.matched


regex_chars = st.text(alphabet="ab()[]{}?*+|^$\\.-&:<>=!iswdQEpPkxzZ0123", max_size=16)


@given(regex_chars)
def test_any_java_pattern_translates_or_is_refused_cleanly(pattern: str) -> None:
    with contextlib.suppress(JavaRegexError):
        compile_java(pattern)
