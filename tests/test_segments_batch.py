"""Batch runs give what per-profile evaluation gives: memberships, transitions, CHAIN answers,
and the timestamps parsed many at a time."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.clock import DEFAULT_EPOCH, isoformat
from sandbox.profiles import ProfileFactory
from sandbox.profiles.timestamps import iso_millis_many
from sandbox.segments import (
    AudienceSet,
    EvalContext,
    Transition,
    calendar_ms,
    compile_pql,
    make_audience,
    stamps,
)
from sandbox.segments.batch import BatchRun, event_stamps

HOUR = 3600.0
KINDS = ("commerce.purchases", "commerce.productViews", "web.webpagedetails.pageViews")
RULES = (
    ("gold", 'loyalty.tier = "gold"', "batch"),
    ("points", "loyalty.points > 2500", "streaming"),
    ("buyer", 'exists E from xEvent where E.eventType = "commerce.purchases"', "batch"),
    (
        "recent",
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "commerce.purchases") '
        "WHEN(<= 24 hours before now)])",
        "streaming",
    ),
    (
        "today",
        'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "web.webpagedetails.pageViews") '
        "WHEN(today)])",
        "streaming",
    ),
    ("both", 'inSegment("gold") and inSegment("buyer")', "batch"),
    ("either", 'not inSegment("points") or inSegment("today")', "streaming"),
)


def audience_set() -> AudienceSet:
    return AudienceSet(make_audience(name, name, pql, mode)[0] for name, pql, mode in RULES)


def generated(count: int) -> list[dict[str, Any]]:
    """Profiles with a day of events leading up to DEFAULT_EPOCH, some of them already members
    (realized, existing or exited) of some audiences."""
    profiles = ProfileFactory(seed=4, now=DEFAULT_EPOCH, lookback_days=2).profiles(0, count)
    statuses = ("realized", "existing", "exited")
    for index, profile in enumerate(profiles[::3]):
        name = RULES[index % len(RULES)][0]
        entry = {"status": statuses[index % 3], "lastQualificationTime": "2025-12-01T00:00:00Z"}
        profile["segmentMembership"] = {"ups": {name: entry}}
    return profiles


def test_evaluate_many_is_evaluate_profile_by_profile() -> None:
    profiles = generated(400)
    expected = copy.deepcopy(profiles)
    audiences, twin = audience_set(), audience_set()
    for now in (DEFAULT_EPOCH - 2 * HOUR, DEFAULT_EPOCH + 20 * HOUR, DEFAULT_EPOCH + 30 * HOUR):
        one_by_one = [change for profile in expected for change in twin.evaluate(profile, now)]
        assert audiences.evaluate_many(profiles, now, mode=None) == one_by_one
        assert profiles == expected
    assert any(change.status == "exited" for change in one_by_one)


def test_a_batch_keeps_the_modes_order_and_profile_order() -> None:
    audiences = audience_set()
    profiles: list[dict[str, Any]] = [
        {"_id": "a", "loyalty": {"tier": "gold", "points": 3000}},
        {"_id": "b", "loyalty": {"tier": "gold"}, "xEvent": "not a list"},
        {"_id": "c", "segmentMembership": {"ups": {"gold": {"status": "existing"}}}},
    ]
    changes = audiences.evaluate_many(profiles, DEFAULT_EPOCH)
    assert changes == [
        Transition("a", "gold", "realized", None),
        Transition("b", "gold", "realized", None),
        Transition("c", "gold", "exited", "existing"),
    ]
    assert profiles[2]["segmentMembership"]["ups"]["gold"] == {
        "status": "exited",
        "lastQualificationTime": isoformat(DEFAULT_EPOCH),
    }
    assert audiences.evaluate_many(iter(profiles), DEFAULT_EPOCH) == [], "only changes"


def test_a_batch_reads_slices_of_any_iterable() -> None:
    profiles = generated(1_100)
    expected = copy.deepcopy(profiles)
    twin = audience_set()
    one_by_one = [
        change for profile in expected for change in twin.evaluate(profile, DEFAULT_EPOCH)
    ]
    batch = BatchRun(list(audience_set()), DEFAULT_EPOCH)
    assert batch.run(profile for profile in profiles) == one_by_one
    assert profiles == expected


events = st.one_of(
    st.builds(
        lambda offset, kind: {
            "timestamp": isoformat(DEFAULT_EPOCH - offset, millis=True),
            "eventType": kind,
        },
        st.integers(-3600, 3 * 86400),
        st.sampled_from(KINDS),
    ),
    st.builds(lambda kind: {"eventType": kind}, st.sampled_from(KINDS)),
    st.builds(lambda kind: {"timestamp": "not a time", "eventType": kind}, st.sampled_from(KINDS)),
    st.builds(lambda kind: {"timestamp": "2026-01-01", "eventType": kind}, st.sampled_from(KINDS)),
    st.just("an event that is not an object"),
)


@settings(max_examples=150, deadline=None)
@given(
    history=st.lists(events, max_size=8),
    kind=st.sampled_from(KINDS),
    window=st.sampled_from(["WHEN(today)", "WHEN(<= 5 hours before now)", "", "WHEN(yesterday)"]),
    hours=st.integers(-30, 30),
)
def test_a_one_step_chain_answers_alike_with_or_without_a_horizon(
    history: list[Any], kind: str, window: str, hours: int
) -> None:
    """Without a horizon a one-step CHAIN scans events unsorted; with one it walks them in time
    order. Both must agree, whatever the order and shape of the events."""
    rule = compile_pql(f'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "{kind}") {window}])')
    context = EvalContext(DEFAULT_EPOCH + hours * HOUR)
    profile = {"xEvent": history}
    assert rule.matches(profile, context) == rule.evaluate(profile, context).matched


def test_event_stamps_skip_what_is_not_an_event_list() -> None:
    profiles: list[dict[str, Any]] = [
        {"xEvent": [{"timestamp": "x"}, "no", {"other": 1}]},
        {"xEvent": "nope"},
        {},
    ]
    assert event_stamps(profiles) == ["x", None]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-62_135_596_800_000, 253_402_300_799_999), max_size=40))
def test_timestamps_parsed_together_equal_those_parsed_alone(moments: list[int]) -> None:
    texts = iso_millis_many(np.array(moments, dtype=np.int64))
    calendar_ms.TIMESTAMP_MEMO.clear()
    stamps.remember_many(texts)
    assert [calendar_ms.TIMESTAMP_MEMO[text] for text in texts] == moments
    calendar_ms.TIMESTAMP_MEMO.clear()
    assert [calendar_ms.timestamp_ms(text) for text in texts] == moments


REFUSED = [
    "2026-02-29T10:00:00.000Z",  # not a leap year
    "2024-02-30T10:00:00.000Z",
    "2026-04-31T10:00:00.000Z",
    "2026-13-01T10:00:00.000Z",
    "2026-00-10T10:00:00.000Z",
    "2026-01-00T10:00:00.000Z",
    "0000-01-01T10:00:00.000Z",
    "2026-01-01T24:00:00.000Z",
    "2026-01-01T10:60:00.000Z",
    "2026-01-01T10:00:60.000Z",
    "2026-01-01T10:00:00.000z",
    "+026-01-01T10:00:00.000Z",
    "2026-01-01T1a:00:00.000Z",
    "2026-01-01T1\u0663:00:00.000Z",  # an Arabic-Indic digit
]
OTHER_SHAPES = {
    "2026-01-01T10:00:00,000Z": 1_767_261_600_000,  # Python reads these; the batch leaves them
    "2026-01-01 10:00:00.000Z": 1_767_261_600_000,
    "2026-01-01T10:00:00.0001": 1_767_261_600_000,
    "2024-02-29T23:59:59.999Z": 1_709_251_199_999,  # the batch's shape, on a leap day
    "0001-01-01T00:00:00.000Z": -62_135_596_800_000,
    "9999-12-31T23:59:59.999Z": 253_402_300_799_999,
}


def test_odd_shapes_are_left_to_the_parser_and_answered_alike() -> None:
    texts = [*REFUSED, *OTHER_SHAPES]
    calendar_ms.TIMESTAMP_MEMO.clear()
    added = stamps.remember_many([*texts, None, 5, "short"])
    assert added == list(OTHER_SHAPES)[3:]
    assert set(calendar_ms.TIMESTAMP_MEMO) == set(added)
    assert [calendar_ms.timestamp_ms(text) for text in texts] == [
        *[None] * len(REFUSED),
        *OTHER_SHAPES.values(),
    ]
    calendar_ms.TIMESTAMP_MEMO.clear()


def test_the_memo_is_cleared_rather_than_outgrowing_its_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(stamps, "MEMO_LIMIT", 3)
    calendar_ms.TIMESTAMP_MEMO.clear()
    stamps.remember_many(["2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z"])
    stamps.remember_many(["2026-01-03T00:00:00.000Z", "2026-01-04T00:00:00.000Z"])
    assert sorted(calendar_ms.TIMESTAMP_MEMO) == [
        "2026-01-03T00:00:00.000Z",
        "2026-01-04T00:00:00.000Z",
    ]
    calendar_ms.TIMESTAMP_MEMO.clear()


def test_a_batch_forgets_the_timestamps_it_parsed_and_keeps_the_others() -> None:
    calendar_ms.TIMESTAMP_MEMO.clear()
    known = "2025-12-31T23:00:00.000Z"
    calendar_ms.timestamp_ms(known)
    profiles = [
        {"_id": "a", "xEvent": [{"timestamp": known, "eventType": "commerce.purchases"}]},
        {"_id": "b", "xEvent": [{"timestamp": "2026-01-01T00:00:00.000Z", "eventType": "x"}]},
    ]
    assert stamps.remember_many(event_stamps(profiles)) == ["2026-01-01T00:00:00.000Z"]
    stamps.forget(["2026-01-01T00:00:00.000Z", "never there"])
    assert list(calendar_ms.TIMESTAMP_MEMO) == [known]
    changes = audience_set().evaluate_many(profiles, DEFAULT_EPOCH, mode=None)
    assert ("a", "recent") in [(change.profile_id, change.audience_id) for change in changes]
    assert list(calendar_ms.TIMESTAMP_MEMO) == [known]
    calendar_ms.TIMESTAMP_MEMO.clear()
