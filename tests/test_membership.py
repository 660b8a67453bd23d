"""Membership over time: qualify, exit exactly when a window passes, re-qualify; inSegment order."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from sandbox.clock import DEFAULT_EPOCH, VirtualClock, isoformat
from sandbox.errors import InputError
from sandbox.segments import AudienceSet, Transition, make_audience, status_of
from sandbox.segments.definition import Audience

HOUR = 3600.0


def audience(audience_id: str, pql: str, mode: str = "streaming") -> Audience:
    made, _ = make_audience(audience_id, audience_id.title(), pql, mode)
    return made


RECENT_BUYER = audience(
    "recent-buyer",
    'exists E from xEvent where E.eventType = "commerce.purchases" '
    "and E.timestamp occurs <= 3 hours before now",
)
GOLD = audience("gold", 'loyalty.tier = "gold"', "batch")


def buy(profile: dict[str, Any], at: float) -> None:
    event = {"timestamp": isoformat(at, millis=True), "eventType": "commerce.purchases"}
    profile.setdefault("xEvent", []).append(event)


def test_qualify_exit_at_the_horizon_and_requalify() -> None:
    audiences = AudienceSet([RECENT_BUYER])
    profile: dict[str, Any] = {"_id": "p1"}
    start = DEFAULT_EPOCH
    assert audiences.evaluate(profile, start) == []
    assert "segmentMembership" not in profile, "never in the audience: no entry"

    buy(profile, start + HOUR)
    assert audiences.evaluate(profile, start + HOUR) == [
        Transition("p1", "recent-buyer", "realized", None)
    ]
    assert profile["segmentMembership"]["ups"]["recent-buyer"] == {
        "status": "realized",
        "lastQualificationTime": isoformat(start + HOUR),
    }
    assert audiences.evaluate(profile, start + 2 * HOUR) == [], "only changes are reported"

    wake = audiences.next_wakeup(profile, start + 2 * HOUR)
    assert wake is not None
    assert wake == pytest.approx(start + 4 * HOUR + 0.001, abs=1e-6)
    assert audiences.evaluate(profile, wake - 0.001) == []
    assert audiences.evaluate(profile, wake) == [
        Transition("p1", "recent-buyer", "exited", "realized")
    ]
    assert status_of(profile, "recent-buyer") == "exited"
    assert audiences.next_wakeup(profile, wake) is None

    buy(profile, start + 10 * HOUR)
    assert audiences.evaluate(profile, start + 10 * HOUR) == [
        Transition("p1", "recent-buyer", "realized", "exited")
    ]


async def test_a_clock_driven_loop_exits_exactly_three_hours_after_the_purchase() -> None:
    clock = VirtualClock()
    audiences = AudienceSet([RECENT_BUYER])
    profile: dict[str, Any] = {"_id": "p1"}
    seen: list[tuple[float, str]] = []

    async def follow() -> None:
        while True:
            changes, wake = audiences.evaluate_with_wakeup(profile, clock.now())
            seen.extend((clock.now(), change.status) for change in changes)
            if wake is None:
                return
            await clock.sleep_until(wake)

    await clock.advance(HOUR)
    buy(profile, clock.now())
    task = asyncio.ensure_future(follow())
    await clock.advance(10 * HOUR)
    await task
    bought = DEFAULT_EPOCH + HOUR
    assert seen == [(bought, "realized"), (pytest.approx(bought + 3 * HOUR + 0.001), "exited")]


def test_existing_members_stay_until_they_stop_qualifying() -> None:
    audiences = AudienceSet([GOLD])
    profile: dict[str, Any] = {
        "_id": "p2",
        "loyalty": {"tier": "gold"},
        "segmentMembership": {"ups": {"gold": {"status": "existing"}}},
    }
    assert audiences.evaluate(profile, DEFAULT_EPOCH) == []
    profile["loyalty"]["tier"] = "silver"
    assert audiences.evaluate(profile, DEFAULT_EPOCH) == [
        Transition("p2", "gold", "exited", "existing")
    ]


def test_in_segment_sees_memberships_decided_in_the_same_pass() -> None:
    vip = audience("vip", 'inSegment("gold") and inSegment("recent-buyer")')
    not_gold = audience("not-gold", 'not inSegment("gold")')
    audiences = AudienceSet([vip, not_gold, RECENT_BUYER, GOLD])
    assert audiences.ids().index("vip") > max(
        audiences.ids().index(i) for i in ("gold", "recent-buyer")
    )
    assert audiences.ids().index("not-gold") > audiences.ids().index("gold")
    profile: dict[str, Any] = {"_id": "p3", "loyalty": {"tier": "gold"}}
    buy(profile, DEFAULT_EPOCH)
    changes = audiences.evaluate(profile, DEFAULT_EPOCH)
    assert {(c.audience_id, c.status) for c in changes} == {
        ("gold", "realized"),
        ("recent-buyer", "realized"),
        ("vip", "realized"),
    }
    assert audiences.next_wakeup(profile, DEFAULT_EPOCH) == pytest.approx(
        DEFAULT_EPOCH + 3 * HOUR + 0.001
    )
    changes = audiences.evaluate(profile, DEFAULT_EPOCH + 4 * HOUR)
    assert [(c.audience_id, c.status) for c in changes] == [
        ("recent-buyer", "exited"),
        ("vip", "exited"),
    ]


def test_references_outside_the_set_read_the_profile() -> None:
    audiences = AudienceSet([audience("follower", 'inSegment("external")')])
    profile: dict[str, Any] = {
        "_id": "p",
        "segmentMembership": {"ups": {"external": {"status": "realized"}}},
    }
    assert [c.status for c in audiences.evaluate(profile, DEFAULT_EPOCH)] == ["realized"]


@pytest.mark.parametrize(
    ("definitions", "cycle"),
    [
        ([("a", 'inSegment("a")')], "'A' (a) → 'A' (a)"),
        (
            [("a", 'inSegment("b")'), ("b", 'true and inSegment("a")')],
            "'A' (a) → 'B' (b) → 'A' (a)",
        ),
        (
            [
                ("x", "true"),
                ("a", 'inSegment("c")'),
                ("b", 'inSegment("a")'),
                ("c", 'inSegment("b")'),
            ],
            "'A' (a) → 'C' (c) → 'B' (b) → 'A' (a)",
        ),
    ],
    ids=["self", "pair", "three"],
)
def test_reference_cycles_are_refused(definitions: list[tuple[str, str]], cycle: str) -> None:
    with pytest.raises(InputError) as caught:
        AudienceSet([audience(i, pql) for i, pql in definitions])
    assert cycle in caught.value.problems[0].message


def test_modes_and_ids_choose_what_is_evaluated() -> None:
    audiences = AudienceSet([GOLD, RECENT_BUYER])
    profile: dict[str, Any] = {"_id": "p", "loyalty": {"tier": "gold"}}
    buy(profile, DEFAULT_EPOCH)
    assert [
        c.audience_id for c in audiences.evaluate(profile, DEFAULT_EPOCH, modes={"streaming"})
    ] == ["recent-buyer"]
    assert audiences.evaluate(profile, DEFAULT_EPOCH, modes={"edge"}) == []
    assert [c.audience_id for c in audiences.evaluate(profile, DEFAULT_EPOCH, ids=["gold"])] == [
        "gold"
    ]
    assert audiences.next_wakeup(profile, DEFAULT_EPOCH, modes={"batch"}) is None
    assert audiences.mode("gold") == "batch" and audiences.get("nope") is None


def test_evaluate_many_runs_batch_audiences_over_every_profile() -> None:
    audiences = AudienceSet([GOLD, RECENT_BUYER])
    profiles = [
        {"_id": f"p{i}", "loyalty": {"tier": tier}} for i, tier in enumerate(["gold", "x", "gold"])
    ]
    for profile in profiles:
        buy(profile, DEFAULT_EPOCH)
    changes = audiences.evaluate_many(profiles, DEFAULT_EPOCH)
    assert [(c.profile_id, c.audience_id) for c in changes] == [("p0", "gold"), ("p2", "gold")]
    assert len(audiences.evaluate_many(profiles, DEFAULT_EPOCH, mode=None)) == 3


def test_redefine_replaces_the_rule_and_keeps_the_rest() -> None:
    audiences = AudienceSet([GOLD, audience("follower", 'inSegment("gold")')])
    assert audiences.redefine("gold", 'loyalty.tier = "silver"') == []
    redefined = audiences.get("gold")
    assert redefined is not None
    assert (redefined.name, redefined.mode, redefined.expression) == (
        "Gold",
        "batch",
        'loyalty.tier = "silver"',
    )
    profile: dict[str, Any] = {"_id": "p", "loyalty": {"tier": "silver"}}
    assert len(audiences.evaluate(profile, DEFAULT_EPOCH)) == 2


def test_redefine_refuses_bad_pql_cycles_and_unknown_ids_and_changes_nothing() -> None:
    audiences = AudienceSet([GOLD, audience("follower", 'inSegment("gold")')])
    with pytest.raises(InputError, match="line 1, column 9"):
        audiences.redefine("gold", "loyalty.")
    with pytest.raises(InputError, match="cycle"):
        audiences.redefine("gold", 'inSegment("follower")')
    with pytest.raises(InputError, match="no audience has this id"):
        audiences.redefine("nope", "true")
    assert audiences.get("gold") is GOLD


def test_redefine_warns_when_the_mode_falls_back() -> None:
    audiences = AudienceSet([RECENT_BUYER])
    (warning,) = audiences.redefine("recent-buyer", 'exists E from xEvent where E.eventType = "x"')
    assert warning.severity == "warning" and audiences.mode("recent-buyer") == "batch"


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(InputError, match="share this id"):
        AudienceSet([GOLD, GOLD])
