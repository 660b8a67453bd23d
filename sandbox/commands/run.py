"""`sandbox run SCENARIO... [--report F.json] [--junit F.xml] [--seed N] [--realtime [--speed X]]
[--cluster [ADDRESS]]`.

With `--cluster`, each scenario's population (the initial one and every `generate` step) is
generated and evaluated as Ray range tasks, on a local cluster or the one at ADDRESS; the timeline
(steps, delivery on simulated time, the checks) plays in this process as without it, so the
verdicts and the exports are the same. A population past one machine (more than 2,000,000
profiles) is counted on the cluster instead (`sandbox.cluster.census`).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sandbox.bundled import scenario_path
from sandbox.composition.headless import run_scenario
from sandbox.errors import InputError, RunAborted
from sandbox.scenario.interrupt import Interrupted, interruptible
from sandbox.scenario.load import LoadedScenario, load_scenario
from sandbox.scenario.model import ONE_MACHINE, PAST_ONE_MACHINE
from sandbox.scenario.report import ScenarioReport, human, to_json, to_junit, write
from sandbox.simulator.population_work import PopulationWork

NAME = "run"
HELP = (
    "Run scenario files headless and check their expectations "
    "(exit 0: all held, 1: one failed, 2: a file is invalid, 3: a step or task failed)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenarios", nargs="*", type=Path, metavar="SCENARIO")
    parser.add_argument("--report", type=Path, help="write the JSON report here")
    parser.add_argument("--junit", type=Path, help="write JUnit XML here (for CI)")
    parser.add_argument("--seed", type=int, help="override every scenario's seed")
    parser.add_argument(
        "--realtime",
        action="store_true",
        help="pace simulation time on the wall clock instead of jumping",
    )
    parser.add_argument(
        "--cluster",
        nargs="?",
        const="",
        metavar="ADDRESS",
        help="generate and evaluate populations on Ray: a local cluster, or the one at ADDRESS "
        "(needs the [cluster] extra)",
    )
    parser.add_argument("--range-size", type=int, default=5_000, help=argparse.SUPPRESS)
    parser.add_argument(
        "--speed",
        type=float,
        default=60.0,
        help="with --realtime: simulated seconds per wall second (default 60)",
    )


def run(args: argparse.Namespace) -> int:
    if (
        args.cluster and ":" not in args.cluster
    ):  # `--cluster quickstart`: a scenario, not HOST:PORT
        args.scenarios, args.cluster = [Path(args.cluster), *args.scenarios], ""
    if not args.scenarios:
        raise InputError.single("<command line>", "SCENARIO", "name at least one scenario file")
    if args.speed <= 0:
        raise InputError.single("<command line>", "--speed", "must be a positive number")
    most = PAST_ONE_MACHINE if args.cluster is not None else ONE_MACHINE
    loaded = [load_scenario(scenario_path(path), args.seed, most) for path in args.scenarios]
    if args.cluster is None:
        return _play(args, loaded, _Elsewhere())
    from sandbox.cluster.census import CensusTaker, check_census, needs_census
    from sandbox.cluster.connect import connect, disconnect
    from sandbox.cluster.population import RayPopulation

    if args.range_size < 1:
        raise InputError.single("<command line>", "--range-size", "must be at least 1")
    for scenario in loaded:
        if needs_census(scenario):
            check_census(scenario)
    try:
        ray = connect(args.cluster or None)
        work = RayPopulation(ray, args.range_size)
        census = CensusTaker(ray, address=args.cluster or None)
        return _play(args, loaded, _Elsewhere(work, census, needs_census))
    finally:
        disconnect()


@dataclass(frozen=True)
class _Elsewhere:
    """Where population work goes with `--cluster` (nothing set: all of it here)."""

    population: PopulationWork | None = None
    census: Any = None
    counted: Callable[[LoadedScenario], bool] = lambda loaded: False


def _work(args: argparse.Namespace, scenario: LoadedScenario, elsewhere: _Elsewhere) -> Any:
    if elsewhere.counted(scenario):
        from sandbox.cluster.census import census_report

        return census_report(elsewhere.census, scenario)
    return run_scenario(
        scenario,
        realtime=args.realtime,
        speed=args.speed,
        progress=_progress(scenario.name),
        population_work=elsewhere.population,
    )


def _play(args: argparse.Namespace, loaded: list[LoadedScenario], elsewhere: _Elsewhere) -> int:
    for problem in (warning for scenario in loaded for warning in scenario.warnings):
        print(problem.render(), file=sys.stderr)
    reports: list[ScenarioReport] = []
    for scenario in loaded:
        work = _work(args, scenario, elsewhere)
        try:
            reports.append(asyncio.run(interruptible(work)))
        except Interrupted:
            print(file=sys.stderr)
            raise KeyboardInterrupt from None
        except RunAborted as aborted:
            print(f"\nsandbox: {aborted}", file=sys.stderr)
            print(
                "sandbox: the run was aborted (exit 3); its journal keeps what happened",
                file=sys.stderr,
            )
            return 3
        print(file=sys.stderr)
    print(human(reports))
    if args.report:
        write(args.report, to_json(reports))
    if args.junit:
        write(args.junit, to_junit(reports))
    return 0 if all(report.passed for report in reports) else 1


def _progress(name: str):  # type: ignore[no-untyped-def]
    def show(done: int, total: int, label: str) -> None:
        width = 24
        filled = int(width * done / max(total, 1))
        bar = "#" * filled + "-" * (width - filled)
        print(f"\r{name}: [{bar}] {done}/{total} {label:<16}", end="", file=sys.stderr, flush=True)

    return show
