"""The new language against independent computations: arithmetic precedence and Java remainders,
aggregates over random arrays, and streaming eligibility of the new constructs."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sandbox.segments import EvalContext, compile_pql, make_audience

CTX = EvalContext(1_767_225_600.0)
numbers = st.one_of(
    st.integers(-50, 50), st.floats(-50, 50, allow_nan=False).map(lambda x: round(x, 2))
)


def java_remainder(a: float, b: float) -> float:
    return math.fmod(a, b) if isinstance(a, float) or isinstance(b, float) else int(math.fmod(a, b))


@given(
    numbers, numbers, numbers, st.sampled_from(["+", "-", "*"]), st.sampled_from(["+", "-", "*"])
)
def test_arithmetic_follows_precedence(a: float, b: float, c: float, op1: str, op2: str) -> None:
    profile = {"n": {"a": a, "b": b, "c": c}}
    expected = eval(
        f"a {op1} b {op2} c", {}, {"a": a, "b": b, "c": c}
    )  # Python shares the precedence
    rule = compile_pql(f"n.a {op1} n.b {op2} n.c >= {expected!r}")
    assert rule.matches(profile, CTX) is True
    below = compile_pql(f"n.a {op1} n.b {op2} n.c < {expected!r}")
    assert below.matches(profile, CTX) is False


@given(st.integers(-100, 100), st.integers(-9, 9).filter(bool))
def test_remainder_keeps_the_sign_of_the_dividend(a: int, b: int) -> None:
    profile = {"n": {"a": a, "b": b}}
    assert compile_pql(f"n.a % n.b = {java_remainder(a, b)}").matches(profile, CTX)


def test_division_by_zero_and_non_numbers_are_null() -> None:
    profile = {"n": {"a": 3, "z": 0, "s": "3", "t": True}}
    for text in ("n.a / n.z", "n.a + n.s", "n.a * n.t", "n.a - n.missing"):
        assert not compile_pql(f"{text} = 0 or {text} != 0").matches(profile, CTX)
    assert compile_pql("n.a / 2 = 1.5").matches(profile, CTX)


@given(st.lists(st.one_of(st.none(), st.integers(-100, 100)), max_size=8))
def test_aggregates_over_arrays(values: list[int | None]) -> None:
    profile = {"orders": [{"price": v} if v is not None else {} for v in values]}
    present = [v for v in values if v is not None]
    checks = {
        f"orders.sum(price) = {sum(present)}": True,
        f"orders.count() = {len(values)}": True,
        "orders.min(price).isNull()": not present,
        "orders.average(price).isNull()": not present,
    }
    if present:
        checks[f"orders.max(price) = {max(present)}"] = True
        checks[f"orders.min(price) = {min(present)}"] = True
        checks[f"orders.average(price) = {sum(present) / len(present)!r}"] = True
        top = sorted(present, reverse=True)[:2]
        checks[f"orders.topN(price, 2).map(price).count() = {len(top)}"] = True
        checks[f"orders.topN(price, 1).head().price = {top[0]}"] = True
        checks[f"orders.bottomN(price, 1).head().price = {min(present)}"] = True
    for text, expected in checks.items():
        assert compile_pql(text).matches(profile, CTX) is expected, text


def test_a_non_number_makes_an_aggregate_null() -> None:
    profile = {"orders": [{"price": 3}, {"price": "4"}]}
    assert compile_pql("orders.sum(price).isNull()").matches(profile, CTX)


@pytest.mark.parametrize(
    ("pql", "mode"),
    [
        ('xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal) > 500', "batch"),
        ("sum X.commerce.order.priceTotal over X from xEvent > 100", "batch"),
        ('(select X from xEvent where X.eventType = "a").count() > 2', "batch"),
        (
            'select X from xEvent where X.eventType = "a" and X.timestamp occurs <= 1 hour before now',
            "streaming",
        ),
        ("loyalty.points * 2 > 100 and if(loyalty.points > 3, true, false)", "streaming"),
        (
            'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "a") WHEN(<= 1 hour before now) COUNT(3)])',
            "streaming",
        ),
    ],
)
def test_streaming_eligibility_covers_the_new_constructs(pql: str, mode: str) -> None:
    audience, warnings = make_audience("a", "A", pql, "streaming")
    assert audience.mode == mode
    assert bool(warnings) is (mode == "batch")
