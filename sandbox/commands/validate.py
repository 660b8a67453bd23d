"""`sandbox validate FILE...`: check destination, server, activation and other files; list problems.

Each file's kind is recognised from its content. Exit 0 when nothing is wrong (warnings are printed
on stderr), 2 with every problem listed. Kinds checked elsewhere plug in through `CHECKERS`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from sandbox.commands.validate_audiences import check_audience_templates
from sandbox.commands.validate_dynamic import check_dynamic, needs_network
from sandbox.delivery.token_dry_run import token_request_problems
from sandbox.destinations.documents import (
    KIND_NAMES,
    Loaded,
    check_destination_family,
    document_kind,
)
from sandbox.destinations.dry_run import dry_run
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.problems import load_document
from sandbox.errors import InputError, Problem, errors_only
from sandbox.scenario.load import LoadedScenario, load_scenario
from sandbox.scenario.model import ONE_MACHINE, PAST_ONE_MACHINE, profiles_made
from sandbox.segments.catalog import parse_audiences
from sandbox.segments.paths import audience_warnings
from sandbox.simulator.known_paths import generator_paths

NAME = "validate"
HELP = "Check destination, server, activation, audience and scenario files; list every problem."

Checker = Callable[[Path, Any], list[Problem]]


def check_audiences(path: Path, data: Any) -> list[Problem]:
    """Audience definitions, through the segments loader (every problem, warnings included)."""
    try:
        catalog = parse_audiences(data, str(path))
    except InputError as error:
        return list(error.problems)
    known = generator_paths()
    unknown = [w for a in catalog.audiences for w in audience_warnings(a, known)]
    return [*catalog.warnings, *unknown]


def check_scenario(path: Path, data: Any) -> list[Problem]:
    """A scenario file, with everything it references (line numbers come from the file itself),
    and a dry run of each of its destinations (`dry_run`), as for destination files."""
    try:
        loaded = load_scenario(path, max_profiles=PAST_ONE_MACHINE)
        sized = _past_one_machine(loaded)
    except InputError as error:
        return list(error.problems)
    return [
        *sized,
        *loaded.warnings,
        *(
            problem
            for slot in loaded.setup.destinations
            for problem in [
                *dry_run(slot.bundle, slot.bundle.engine),
                *token_request_problems(slot.bundle),
            ]
        ),
    ]


def _past_one_machine(loaded: LoadedScenario) -> list[Problem]:
    """A scenario past 2,000,000 profiles: the census's own checks, and a warning that only
    `sandbox run --cluster` plays it."""
    made = profiles_made(loaded.scenario)
    if made <= ONE_MACHINE:
        return []
    from sandbox.cluster.census import check_census

    check_census(loaded)
    message = (
        f"the scenario makes {made:,} profiles, more than one machine holds ({ONE_MACHINE:,}): "
        "only `sandbox run --cluster` runs it (counting the population, delivering the backfill)"
    )
    return [Problem(str(loaded.path), "population.count", message, severity="warning")]


CHECKERS: dict[str, Checker] = {"audiences": check_audiences, "scenario": check_scenario}
"""Checkers for kinds outside the destination family, by kind (a function of the path and the
parsed document)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="JSON or YAML files, of any kind, in any order",
    )
    parser.add_argument(
        "--no-autoescape",
        action="store_true",
        help="check templates as with autoescaping off (decision §11.8)",
    )


def run(args: argparse.Namespace) -> int:
    loaded, problems = _load(args.files)
    engine = PebbleEngine(autoescape=not args.no_autoescape)
    problems += check_destination_family(loaded, engine, (token_request_problems,))
    problems += check_audience_templates(loaded, engine)
    if needs_network(loaded):
        with httpx.Client(timeout=2.0) as client:
            problems += check_dynamic(loaded, engine, client)
    for item in loaded:
        if item.kind in CHECKERS:
            problems += CHECKERS[item.kind](item.path, item.data)
    if errors_only(problems):
        raise InputError(sorted(problems, key=lambda p: p.severity != "error"))
    for problem in problems:
        print(problem.render(), file=sys.stderr)
    for item in loaded:
        print(f"ok: {item.path} ({KIND_NAMES.get(item.kind or '', 'unknown')})")
    return 0


def _load(paths: list[Path]) -> tuple[list[Loaded], list[Problem]]:
    loaded: list[Loaded] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            data = load_document(path)
        except InputError as error:
            problems += error.problems
            continue
        kind = document_kind(data)
        if kind is None:
            problems.append(
                Problem(
                    str(path),
                    "",
                    "not a sandbox input: expected a destination "
                    "configuration, a destination server, an activation, audience "
                    "definitions or a scenario",
                )
            )
        loaded.append(Loaded(path, data, kind))
    return loaded, problems
