"""`sandbox bench`: each stage measured beside its anchor in the same run, reported as a ratio.

A stage module (one per concept, listed in `STAGE_MODULES`) exposes
`measure(quick: bool) -> list[StageResult]`. Measuring a stage and its anchor in the same run on
the same machine is what makes the ratio meaningful; absolute numbers are shown for context only.
"""

from __future__ import annotations

STAGE_MODULES: tuple[str, ...] = (
    "sandbox.bench.profiles",
    "sandbox.bench.audiences",
    "sandbox.bench.scale",
    "sandbox.bench.cluster",
    "sandbox.bench.templates",
    "sandbox.bench.delivery",
    "sandbox.bench.partner",
    "sandbox.bench.edge",
    "sandbox.bench.pipeline",
    "sandbox.bench.load_rate",
    "sandbox.bench.tui",
    "sandbox.bench.tui_memory",
)
