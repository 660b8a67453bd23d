"""A run that cannot go on (the mock partner died, a server stopped answering) still reports.

The failure becomes the report's first outcome, `run aborted`, naming it; the expectations are
then checked against what was observed up to that point, the report and JUnit file are written,
the journal is marked `failed`, and `sandbox run` exits 1.
"""

from __future__ import annotations

from sandbox.errors import SimulationError
from sandbox.journal.recorder import JournalRecorder
from sandbox.scenario.checks import Outcome

NAME = "run aborted"


def abort(recorder: JournalRecorder | None, error: SimulationError) -> Outcome:
    """The failing outcome for a run stopped by `error`; the journal is marked `failed`."""
    if recorder is not None:
        recorder.mark("failed")
    return Outcome(
        name=NAME,
        kind="run",
        passed=False,
        expected="the scenario runs to its end",
        observed=f"the run stopped early: {error}",
    )
