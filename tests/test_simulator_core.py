"""The simulator's core on the virtual clock: a compact store of working copies, chunked
generation, changes that stick, and time-window exits from one wake-up schedule."""

from __future__ import annotations

import asyncio
import datetime
from typing import Any

from sandbox.clock import DEFAULT_EPOCH, VirtualClock, isoformat
from sandbox.events import Event, EventBus, MembershipChanged
from sandbox.profiles import ProfileFactory
from sandbox.segments import AudienceSet, make_audience
from sandbox.simulator import simulator as core_module
from sandbox.simulator.pacing import YIELD_EVERY
from sandbox.simulator.simulator import SimulatorCore
from sandbox.simulator.store import ProfileStore

HOUR = 3600.0
RECENT_BUYER = make_audience(
    "recent-buyer",
    "Recent buyer",
    'exists E from xEvent where E.eventType = "commerce.purchases" '
    "and E.timestamp occurs <= 3 hours before now",
    "streaming",
)[0]
GOLD = make_audience("gold", "Gold", 'loyalty.tier = "gold"', "batch")[0]


def make_core(clock: VirtualClock, *audiences: Any) -> tuple[SimulatorCore, list[Event]]:
    bus, seen = EventBus(), list[Event]()
    bus.subscribe(seen.append)
    factory = ProfileFactory(7, ("en_US",), now=clock.now(), lookback_days=2, max_events=5)
    core = SimulatorCore(
        clock=clock, bus=bus, seed=7, factory=factory, audiences=AudienceSet(list(audiences))
    )
    return core, seen


def purchase(at: float) -> dict[str, Any]:
    return {"timestamp": isoformat(at, millis=True), "eventType": "commerce.purchases"}


# -- the store ----------------------------------------------------------------------------------


def test_get_hands_out_working_copies_that_stick_only_through_put() -> None:
    store = ProfileStore()
    store.add({"_id": "p1", "loyalty": {"points": 1}})
    copy = store.get("p1")
    assert copy is not None
    copy["loyalty"]["points"] = 2
    assert store.get("p1") == {"_id": "p1", "loyalty": {"points": 1}}
    store.put(copy)
    assert store.get("p1") == {"_id": "p1", "loyalty": {"points": 2}}
    assert store.get("nobody") is None


def test_values_json_cannot_carry_are_kept_exactly() -> None:
    store = ProfileStore()
    born = datetime.date(1990, 5, 17)
    store.add({"_id": "p1", "person": {"birthDate": born}, "huge": 2**70})
    assert store.get("p1") == {"_id": "p1", "person": {"birthDate": born}, "huge": 2**70}


def test_identities_are_found_case_insensitively_by_namespace() -> None:
    store = ProfileStore()
    store.add({"_id": "p1", "identityMap": {"Email": [{"id": "ada@example.com"}]}})
    assert store.find("email", "ada@example.com") == "p1"
    assert store.find("EMAIL", "ada@example.com") == "p1"
    assert store.find("Email", "ADA@example.com") is None


def test_link_adds_identities_to_the_copy_and_the_index() -> None:
    store = ProfileStore()
    store.add({"_id": "p1", "identityMap": {"ECID": [{"id": "111"}]}})
    profile = store.get("p1")
    assert profile is not None
    changed = store.link(profile, {"email": [{"id": "ada@example.com"}], "ecid": [{"id": "111"}]})
    assert changed == ("email",)
    assert store.find("Email", "ada@example.com") == "p1"
    stored = store.get("p1")
    assert stored is not None and stored == profile
    assert store.link(profile, {"ECID": [{"id": "111"}]}) == ()


def test_merge_moves_identities_and_events_and_drops_the_other() -> None:
    store = ProfileStore()
    store.add({"_id": "a", "identityMap": {"ECID": [{"id": "1"}]}, "xEvent": [{"timestamp": "2"}]})
    store.add(
        {"_id": "b", "identityMap": {"CRMID": [{"id": "c-9"}]}, "xEvent": [{"timestamp": "1"}]}
    )
    store.merge("a", "b")
    assert len(store) == 1 and store.ids() == ["a"] and store.get("b") is None
    assert store.find("crmid", "c-9") == "a"
    merged = store.get("a")
    assert merged is not None
    assert [e["timestamp"] for e in merged["xEvent"]] == ["1", "2"]


def test_search_matches_name_email_or_city_including_non_ascii() -> None:
    store = ProfileStore()
    store.add({"_id": "p1", "person": {"name": {"firstName": "Élodie"}}})
    store.add({"_id": "p2", "homeAddress": {"city": "Boston"}, "note": "élodie"})
    store.add({"_id": "p3", "personalEmail": {"address": "Bob@Example.com"}})
    assert [p["_id"] for p in store.search("élodie", 0, 10)] == ["p1"]
    assert [p["_id"] for p in store.search("BOSTON", 0, 10)] == ["p2"]
    assert [p["_id"] for p in store.search("bob@", 0, 10)] == ["p3"]
    assert [p["_id"] for p in store.search("", 1, 1)] == ["p2"]


# -- commands -------------------------------------------------------------------------------------


async def test_generate_stores_profiles_chunk_by_chunk_with_their_memberships(
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr(core_module, "GENERATION_CHUNK", 7)
    clock = VirtualClock()
    anyone = make_audience("anyone", "Anyone", "person.birthYear > 1800", "streaming")[0]
    core, seen = make_core(clock, anyone)
    assert await core.generate(20) == 20
    assert len(core.store) == 20
    assert core.membership.population["anyone"] == 20
    for profile in core.store:
        assert profile["segmentMembership"]["ups"]["anyone"]["status"] == "realized"
    expected = ProfileFactory(7, ("en_US",), now=clock.now(), lookback_days=2, max_events=5)
    assert [p["_id"] for p in expected.profiles(0, 20)] == core.store.ids()
    assert sum(isinstance(e, MembershipChanged) for e in seen) == 20


async def test_streamed_events_stick_even_when_a_profile_is_chosen_twice() -> None:
    clock = VirtualClock()
    core, _ = make_core(clock)
    await core.generate(3)
    counts = [len((core.store.get(i) or {}).get("xEvent", [])) for i in core.store.ids()]
    core.stream_events(core.population.by_index([1, 1]), kind="pageView")
    after = [len((core.store.get(i) or {}).get("xEvent", [])) for i in core.store.ids()]
    assert after == [counts[0], counts[1] + 2, counts[2]]


async def test_attribute_changes_and_batch_evaluation_are_kept() -> None:
    clock = VirtualClock()
    core, _ = make_core(clock, GOLD)
    await core.generate(4)
    core.set_attributes(core.population.by_index([0, 2]), {"loyalty.tier": "gold"})
    core.set_attributes(core.population.by_index([1, 3]), {"loyalty.tier": "silver"})
    assert await core.evaluate_batch() == 2
    tiers = [(core.store.get(i) or {})["segmentMembership"] for i in core.store.ids()[::2]]
    assert all(t["ups"]["gold"]["status"] == "realized" for t in tiers)
    assert await core.evaluate_batch() == 0, "nothing changed since"


# -- time windows ---------------------------------------------------------------------------------


async def test_a_window_exit_happens_exactly_when_it_passes_on_the_virtual_clock() -> None:
    clock = VirtualClock()
    core, seen = make_core(clock, RECENT_BUYER)
    await core.generate(2)
    first, second = core.population.by_index([0, 1])
    core.ingest_event(first, purchase(clock.now()))
    await clock.advance(HOUR)
    core.ingest_event(second, purchase(clock.now()))
    assert len(core.membership.wakeups) == 2
    seen_exit = [e for e in seen if isinstance(e, MembershipChanged) and e.status == "exited"]
    assert seen_exit == []
    await clock.advance(5 * HOUR)
    exits = [
        (e.profile_id, e.at)
        for e in seen
        if isinstance(e, MembershipChanged) and e.status == "exited"
    ]
    start = DEFAULT_EPOCH
    assert [pid for pid, _ in exits] == [first["_id"], second["_id"]]
    assert exits[0][1] == start + 3 * HOUR + 0.001
    assert exits[1][1] == start + 4 * HOUR + 0.001
    stored = core.store.get(first["_id"]) or {}
    assert stored["segmentMembership"]["ups"]["recent-buyer"]["status"] == "exited"
    assert len(core.membership.wakeups) == 0


async def test_a_new_purchase_moves_the_exit_later() -> None:
    clock = VirtualClock()
    core, seen = make_core(clock, RECENT_BUYER)
    await core.generate(1)
    (profile,) = core.population.by_index([0])
    core.ingest_event(profile, purchase(clock.now()))
    await clock.advance(2 * HOUR)
    (profile,) = core.population.by_index([0])
    core.ingest_event(profile, purchase(clock.now()))
    await clock.advance(2 * HOUR)
    assert not [e for e in seen if isinstance(e, MembershipChanged) and e.status == "exited"]
    await clock.advance(2 * HOUR)
    exits = [e.at for e in seen if isinstance(e, MembershipChanged) and e.status == "exited"]
    assert exits == [DEFAULT_EPOCH + 5 * HOUR + 0.001]


async def test_cancel_stops_every_pending_wake_up() -> None:
    clock = VirtualClock()
    core, seen = make_core(clock, RECENT_BUYER)
    await core.generate(1)
    (profile,) = core.population.by_index([0])
    core.ingest_event(profile, purchase(clock.now()))
    core.cancel()
    await asyncio.sleep(0)
    await clock.advance(10 * HOUR)
    assert not [e for e in seen if isinstance(e, MembershipChanged) and e.status == "exited"]


async def test_population_wide_work_lets_other_tasks_run_meanwhile() -> None:
    clock = VirtualClock()
    core, _ = make_core(clock, GOLD)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    await core.generate(4 * YIELD_EVERY)
    after_generation = ticks
    await core.evaluate_batch()
    task.cancel()
    assert after_generation >= 4, "a yield every YIELD_EVERY profiles while generating"
    assert ticks - after_generation >= 4, "and while evaluating batch audiences"
