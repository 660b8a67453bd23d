"""`sandbox load`: load-test a partner endpoint the way AEP loads it (backfill, then changes).

    sandbox load [--destination D --server S [--activation A]] [--audiences F] [--profiles N]
        [--seed S] [--rate R] [--changes C --duration S] [--speed X] [--endpoint URL]
        [--partner-faults JSON] [--workers N] [--in-flight N] [--timeout S]
        [--max-p99 MS] [--max-drop-rate F] [--report F.json] [--junit F.xml] [--html F.html]
        [--journal] [--cluster [ADDRESS] [--actors N]]

Live progress goes to stderr once a second; the summary to stdout. Exit codes: 0 every check
held, 1 a threshold or the accounting failed, 2 bad input.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from sandbox.errors import InputError
from sandbox.load.bucket import AEP_CEILING
from sandbox.load.plan import LoadPlan
from sandbox.load.preparation import PopulationPlan
from sandbox.load.runner import LoadResult
from sandbox.simulator.setup import EXAMPLES

NAME = "load"
HELP = (
    "Load-test a partner endpoint as AEP loads it: a backfill, then streamed changes, at a "
    "global rate (exit 0: every check held, 1: a threshold failed, 2: bad input)."
)
DEFAULT_DESTINATION = EXAMPLES / "destinations" / "adnet-bearer"
MAX_PROFILES = 10**10
_OPTION = "<command line>"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    files = parser.add_argument_group("what is exported (default: the AdNet example)")
    files.add_argument("--destination", type=Path, metavar="D.json")
    files.add_argument("--server", type=Path, metavar="S.json")
    files.add_argument("--activation", type=Path, metavar="A.json")
    files.add_argument("--audiences", type=Path, metavar="FILE", help="AEP segment definitions")
    parser.add_argument("--profiles", type=int, default=10_000, metavar="N")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--rate", type=float, default=AEP_CEILING, help="calls per second, held globally"
    )
    parser.add_argument("--changes", type=float, default=0.0, help="profile changes per second")
    parser.add_argument("--duration", type=float, default=0.0, help="seconds of streamed changes")
    parser.add_argument(
        "--speed", type=float, default=1.0, help="simulated seconds per second (retry waits)"
    )
    parser.add_argument("--endpoint", metavar="URL", help="the partner's own endpoint")
    parser.add_argument(
        "--partner-faults", metavar="JSON", help="mock partner fault rules, a JSON list"
    )
    parser.add_argument("--workers", type=int, default=1, help="preparation processes")
    parser.add_argument("--in-flight", type=int, default=64)
    parser.add_argument("--timeout", type=float, default=2.0, help="seconds per call")
    parser.add_argument("--max-p99", type=float, metavar="MS")
    parser.add_argument("--max-drop-rate", type=float, metavar="F", help="0..1")
    parser.add_argument(
        "--cluster",
        nargs="?",
        const="",
        metavar="ADDRESS",
        help="run on Ray: a local cluster, or the one at ADDRESS (needs the [cluster] extra)",
    )
    parser.add_argument(
        "--actors", type=int, default=2, help="with --cluster: delivery actors (default 2)"
    )
    parser.add_argument(
        "--journal", action="store_true", help="record every call for `sandbox runs` (costs CPU)"
    )
    parser.add_argument("--report", type=Path, help="write the JSON report here")
    parser.add_argument("--junit", type=Path, help="write JUnit XML here")
    parser.add_argument("--html", type=Path, help="write the HTML report here")


def plan_from(args: argparse.Namespace) -> LoadPlan:
    """The plan the options ask for; InputError naming the option when one is out of range."""
    _at_least(args.profiles, 1, "--profiles", MAX_PROFILES)
    for option, value in (
        ("--rate", args.rate),
        ("--speed", args.speed),
        ("--timeout", args.timeout),
    ):
        _positive(value, option)
    _at_least(args.workers, 1, "--workers", 64)
    _at_least(args.in_flight, 1, "--in-flight", 10_000)
    if args.changes < 0 or args.duration < 0:
        raise InputError.single(_OPTION, "--changes/--duration", "must not be negative")
    if args.max_drop_rate is not None and not 0 <= args.max_drop_rate <= 1:
        raise InputError.single(_OPTION, "--max-drop-rate", "must be between 0 and 1")
    if args.max_p99 is not None:
        _positive(args.max_p99, "--max-p99")
    folder = DEFAULT_DESTINATION
    if (args.destination is None) != (args.server is None):
        raise InputError.single(_OPTION, "--destination/--server", "give both or neither")
    population = PopulationPlan(
        destination=args.destination or folder / "destination.json",
        server=args.server or folder / "server.json",
        activation=args.activation
        if args.destination
        else (args.activation or folder / "activation.json"),
        audiences=args.audiences or EXAMPLES / "audiences" / "load-audiences.json",
        seed=args.seed,
    )
    return LoadPlan(
        population=population,
        profiles=args.profiles,
        rate=args.rate,
        changes_per_second=args.changes,
        duration=args.duration,
        speed=args.speed,
        endpoint=args.endpoint,
        partner_faults=_faults(args.partner_faults),
        workers=args.workers,
        in_flight=args.in_flight,
        timeout=args.timeout,
        max_p99_ms=args.max_p99,
        max_drop_rate=args.max_drop_rate,
        journal=args.journal,
    )


def run(args: argparse.Namespace) -> int:
    from sandbox.heap import long_lived_frozen
    from sandbox.load.html import page
    from sandbox.load.report import checks, human, to_json, to_junit
    from sandbox.load.runner import executor_submit, run_load

    plan = plan_from(args)
    if plan.endpoint and plan.partner_faults:
        raise InputError.single(
            _OPTION, "--partner-faults", "faults are injected by the mock partner: drop --endpoint"
        )
    if args.cluster is not None:
        result = _on_cluster(plan, args.cluster or None, args.actors)
    else:
        context = multiprocessing.get_context("spawn")
        with (
            ProcessPoolExecutor(plan.workers, mp_context=context) as pool,
            long_lived_frozen(),
        ):
            result = asyncio.run(run_load(plan, executor_submit(pool), _progress))
    print(file=sys.stderr)
    print(human(result))
    report = to_json(result)
    if args.report:
        _write(args.report, json.dumps(report, indent=2))
    if args.junit:
        _write(args.junit, to_junit(result))
    if args.html:
        _write(args.html, page(report))
    return 0 if all(check.passed for check in checks(result)) else 1


def _on_cluster(plan: LoadPlan, address: str | None, actors: int) -> LoadResult:
    from sandbox.cluster.connect import disconnect
    from sandbox.cluster.load import run_cluster_load

    _at_least(actors, 1, "--actors", 1024)
    try:
        return asyncio.run(run_cluster_load(plan, address, actors, _progress))
    finally:
        disconnect()


def _progress(line: str) -> None:
    end = "\r" if sys.stderr.isatty() else "\n"
    print(line, end=end, file=sys.stderr, flush=True)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError.single(str(path), "", f"cannot write the report: {error}") from None


def _faults(text: str | None) -> tuple[dict[str, Any], ...]:
    if not text:
        return ()
    try:
        rules = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError.single(
            _OPTION, "--partner-faults", f"is not JSON ({error.msg} at column {error.colno})"
        ) from None
    if not isinstance(rules, list) or not all(isinstance(rule, dict) for rule in rules):
        raise InputError.single(
            _OPTION, "--partner-faults", 'must be a JSON list of rules, e.g. [{"status": 429}]'
        )
    return tuple(rules)


def _positive(value: float, option: str) -> None:
    if not value > 0:
        raise InputError.single(_OPTION, option, f"must be a positive number, got {value:g}")


def _at_least(value: int, least: int, option: str, most: int) -> None:
    if not least <= value <= most:
        raise InputError.single(
            _OPTION, option, f"must be between {least} and {most:,}, got {value}"
        )
