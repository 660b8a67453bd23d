"""A played scenario's verdicts: its expectations checked against what was observed, and the
export accounting. `sandbox run` and demo mode's results screen use this one function."""

from __future__ import annotations

from sandbox.scenario.checks import Outcome, check
from sandbox.scenario.invariant import check_accounting
from sandbox.scenario.load import LoadedScenario
from sandbox.scenario.observed import Observed


def verdicts(
    loaded: LoadedScenario, observed: Observed, aborted: Outcome | None = None
) -> tuple[Outcome, ...]:
    """`aborted` (the run stopped early) first, then one outcome per expectation, then the
    accounting check when the exports do not balance."""
    ids = {slot.key: slot.bundle.destination_id for slot in loaded.setup.destinations}
    checked = tuple(
        check(expectation, observed, index, ids)
        for index, expectation in enumerate(loaded.scenario.expect)
    )
    unbalanced = check_accounting(observed)
    return tuple(o for o in (aborted, *checked, unbalanced) if o is not None)
