"""The standalone Edge keeps at most N anonymous visitors, evicting the least recently seen;
authenticated visitors are never evicted."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.clock import VirtualClock
from sandbox.edge.backend import IdentityRef
from sandbox.edge.memory import MemoryBackend
from sandbox.edge.workspace import default_workspace
from sandbox.events import EventBus


def backend(limit: int) -> MemoryBackend:
    return MemoryBackend(default_workspace(), {}, VirtualClock(), EventBus(), max_anonymous=limit)


def ecid(n: int) -> list[IdentityRef]:
    return [IdentityRef("ECID", f"ecid-{n}", primary=True)]


def visit(edge: MemoryBackend, n: int) -> str:
    return edge.resolve(ecid(n)) or edge.create_profile(ecid(n))


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 8), st.lists(st.integers(0, 20), max_size=60))
def test_anonymous_visitors_are_evicted_least_recently_seen_first(limit, visits):
    edge = backend(limit)
    recent: list[int] = []  # the model: visitor numbers, most recent last
    for n in visits:
        visit(edge, n)
        if n in recent:
            recent.remove(n)
        recent.append(n)
        recent = recent[-limit:]
    assert len(edge.profiles) == len(recent) <= limit
    for n in range(21):
        assert (edge.resolve(ecid(n)) is not None) == (n in recent)


def test_an_authenticated_visitor_is_never_evicted():
    edge = backend(2)
    known = edge.create_profile(
        [IdentityRef("Email", "ann@example.com", True, "authenticated"), *ecid(0)]
    )
    for n in range(1, 50):
        visit(edge, n)
    assert edge.resolve([IdentityRef("Email", "ann@example.com")]) == known
    assert len(edge.profiles) == 3  # Ann and the two most recent anonymous visitors
