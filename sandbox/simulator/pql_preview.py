"""What an edited audience PQL would do, before the console applies it.

The PQL editor shows, on the first Ctrl+S, how many of the current profiles the new expression
would qualify and warns about paths no profile has ("`loyalty.pointz` is not a field of these
profiles, did you mean `loyalty.points`?"); a second Ctrl+S applies it anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.errors import Problem
from sandbox.segments import EvalContext, make_audience
from sandbox.segments.paths import audience_warnings
from sandbox.segments.schema import profile_paths
from sandbox.simulator.known_paths import generator_paths
from sandbox.simulator.pacing import paced
from sandbox.simulator.simulator import SimulatorCore

EDITOR = "<PQL editor>"


@dataclass(frozen=True)
class PqlPreview:
    qualified: int
    total: int
    warnings: tuple[Problem, ...]

    def summary(self) -> str:
        lines = [f"would qualify {self.qualified:,} of {self.total:,} profiles"]
        lines += [problem.render() for problem in self.warnings]
        return "\n".join(lines)


async def preview_pql(core: SimulatorCore, audience_id: str, pql: str) -> PqlPreview:
    """Compile `pql` (InputError when invalid), count who it qualifies now, list unknown paths."""
    current = core.membership.audiences.get(audience_id)
    mode, name = (current.requested_mode, current.name) if current else ("batch", audience_id)
    audience, fallbacks = make_audience(audience_id, name, pql, mode, file=EDITOR)
    known = profile_paths((), "these profiles")
    ctx = EvalContext(core.clock.now())
    qualified = total = 0
    async for profile in paced(core.store):
        known.add_profile(profile)
        total += 1
        qualified += audience.compiled.matches(profile, ctx)
    known = generator_paths().merged(known, "these profiles")
    return PqlPreview(qualified, total, (*fallbacks, *audience_warnings(audience, known)))
