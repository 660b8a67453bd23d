"""The Edge on its own, without the simulator: a workspace's audiences judged by the PQL engine.

`sandbox edge` and the bench use this; the TUI and scenarios hand the Edge the simulator's
backend instead. Each audience's PQL is compiled once (bad PQL is an `InputError` naming the
audience); `inSegment(...)` is answered from the profile's own memberships.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sandbox.clock import Clock
from sandbox.edge.app import ASGIApp, EdgeApp
from sandbox.edge.interactions import EdgeOptions
from sandbox.edge.memory import MAX_ANONYMOUS_VISITORS, AudienceRule, MemoryBackend
from sandbox.edge.workspace import Workspace
from sandbox.events import EventBus
from sandbox.segments import CompiledPql, EvalContext, compile_pql


class PqlRule:
    """An `AudienceRule` over a compiled PQL expression."""

    def __init__(self, compiled: CompiledPql) -> None:
        self.compiled = compiled

    def __call__(self, profile: Mapping[str, Any], now: float) -> bool:
        return self.compiled.matches(dict(profile), EvalContext(now=now))


def pql_rules(workspace: Workspace, file: str = "<workspace>") -> dict[str, AudienceRule]:
    return {
        audience.id: PqlRule(compile_pql(audience.pql, source=f"{file}: {audience.name}"))
        for audience in workspace.audiences
    }


def standalone_app(
    workspace: Workspace,
    clock: Clock,
    bus: EventBus,
    options: EdgeOptions | None = None,
    demo: ASGIApp | None = None,
    max_anonymous: int = MAX_ANONYMOUS_VISITORS,
) -> EdgeApp:
    """The Edge over a `MemoryBackend` of `workspace` (with `demo` mounted at `/demo/`)."""
    backend = MemoryBackend(workspace, pql_rules(workspace), clock, bus, max_anonymous)
    return EdgeApp(backend, options, demo=demo)
