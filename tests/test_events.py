"""The bus delivers every event to every subscriber, and a broken subscriber stops nobody."""

from __future__ import annotations

from sandbox.events import Event, EventBus, FailureReported, MembershipChanged, ProfilesGenerated


def test_subscribers_see_events_in_order(bus: EventBus, events: list[Event]) -> None:
    bus.publish(ProfilesGenerated(at=1.0, first_index=0, count=3))
    bus.publish(
        MembershipChanged(at=2.0, profile_id="p", audience_id="a", status="realized", previous=None)
    )
    assert events == [
        ProfilesGenerated(at=1.0, first_index=0, count=3),
        MembershipChanged(
            at=2.0, profile_id="p", audience_id="a", status="realized", previous=None
        ),
    ]


def test_typed_subscription_and_unsubscribe(bus: EventBus) -> None:
    seen: list[MembershipChanged] = []
    unsubscribe = bus.subscribe_to(MembershipChanged, seen.append)
    bus.publish(ProfilesGenerated(at=1.0, first_index=0, count=1))
    change = MembershipChanged(
        at=1.0, profile_id="p", audience_id="a", status="exited", previous="realized"
    )
    bus.publish(change)
    unsubscribe()
    bus.publish(change)
    assert seen == [change]


def test_a_failing_subscriber_does_not_stop_the_others(bus: EventBus, events: list[Event]) -> None:
    def broken(event: Event) -> None:
        raise RuntimeError("boom")

    bus.subscribe(broken)
    bus.publish(ProfilesGenerated(at=1.0, first_index=0, count=1))
    bus.publish(ProfilesGenerated(at=2.0, first_index=1, count=1))
    kinds = [type(e) for e in events]
    assert kinds == [ProfilesGenerated, FailureReported, ProfilesGenerated, FailureReported]
    # kept each time; a failure on the FailureReported itself is kept, never published again
    assert [str(e) for e in bus.errors] == ["boom"] * 4
