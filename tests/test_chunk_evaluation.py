"""Evaluating a generated chunk in one batch run gives what evaluating one profile at a time gives."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

from sandbox.bench import scale
from sandbox.clock import DEFAULT_EPOCH, VirtualClock
from sandbox.events import Event, EventBus, MembershipChanged
from sandbox.profiles import ProfileFactory
from sandbox.segments.audience_set import AudienceSet
from sandbox.segments.definition import make_audience
from sandbox.simulator.membership import STREAMING_MODES, Membership
from sandbox.simulator.store import ProfileStore


def _profiles(count: int) -> list[dict[str, Any]]:
    factory = ProfileFactory(11, tuple(scale.LOCALES), now=DEFAULT_EPOCH, max_events=20)
    return next(factory.iter_chunks(count, count))


def _timeless() -> AudienceSet:
    """The scale bench's rules without a window relative to now (those need wake-ups)."""
    rules = [
        make_audience(f"scale-{i + 1}", f"rule {i + 1}", pql, mode)[0]
        for i, (mode, pql) in enumerate(scale.RULES)
    ]
    return AudienceSet(rule for rule in rules if not rule.compiled.time_dependent)


def test_a_chunk_gets_the_memberships_and_changes_of_one_at_a_time():
    profiles = _profiles(400)
    one_by_one, chunked = copy.deepcopy(profiles), copy.deepcopy(profiles)
    audiences = _timeless()
    expected = [audiences.evaluate(p, DEFAULT_EPOCH, modes=STREAMING_MODES) for p in one_by_one]
    got = _timeless().evaluate_chunk(chunked, DEFAULT_EPOCH, modes=STREAMING_MODES)
    assert got == expected
    assert chunked == one_by_one
    assert sum(map(len, got)) > 400  # the audiences do take members


def test_a_chunk_with_a_time_dependent_audience_is_left_to_one_at_a_time():
    assert scale.audiences().evaluate_chunk(_profiles(5), DEFAULT_EPOCH) is None


def test_a_chunk_with_two_profiles_of_one_id_is_left_to_one_at_a_time():
    [profile] = _profiles(1)
    assert _timeless().evaluate_chunk([profile, copy.deepcopy(profile)], DEFAULT_EPOCH) is None


def _announced(
    profiles: list[dict[str, Any]], audiences: AudienceSet, chunked: bool
) -> list[Event]:
    """Inside a loop of its own: wake-ups arm timers on the running loop."""
    return asyncio.run(_announced_in_a_loop(profiles, audiences, chunked))


async def _announced_in_a_loop(
    profiles: list[dict[str, Any]], audiences: AudienceSet, chunked: bool
) -> list[Event]:
    clock, bus, seen = VirtualClock(), EventBus(), list[Event]()
    bus.subscribe(seen.append)
    handed: list[tuple[str, int]] = []
    membership = Membership(
        audiences, ProfileStore(), clock, bus, lambda p, t: handed.append((p["_id"], len(t)))
    )
    if chunked:
        membership.evaluate_new(profiles)
    else:
        for profile in profiles:
            membership.evaluate(profile)
    assert handed  # activations were handed the changes
    return [*seen, *(MembershipChanged(0, pid, "", str(n), None) for pid, n in handed)]


def test_new_profiles_are_announced_alike_chunked_or_not():
    profiles = _profiles(200)
    for audiences in (_timeless(), scale.audiences()):  # the batch run, then the fallback
        expected = _announced(copy.deepcopy(profiles), audiences, chunked=False)
        assert _announced(copy.deepcopy(profiles), audiences, chunked=True) == expected
