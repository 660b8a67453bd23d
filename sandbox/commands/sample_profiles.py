"""`sandbox sample-profiles --destination D.json [--activation A] [--count N] [--seed S]`.

Prints a JSON array of target-schema profiles for the destination, as Adobe's sample-profiles API
does with `destinationId` (§5.4), with realistic values; `--activation` uses its mapped audiences,
identities and attributes. `--count` is 1–1000 and defaults to `maxUsersPerRequest` (else 1).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sandbox.destinations.bundle import DestinationBundle
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.problems import load_document
from sandbox.destinations.sample_profiles import MAX_COUNT, default_count, sample_profiles
from sandbox.destinations.validation import load_activation, load_config
from sandbox.errors import InputError, Problem

NAME = "sample-profiles"
HELP = "Print sample target-schema profiles for a destination (Adobe's sample-profiles API)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--destination",
        type=Path,
        required=True,
        metavar="D.json",
        help="the destination configuration",
    )
    parser.add_argument(
        "--activation",
        type=Path,
        metavar="A.json",
        help="use this activation's audiences, identities and attributes",
    )
    add_count_arguments(parser)


def add_destination_arguments(parser: argparse.ArgumentParser, activation_help: str) -> None:
    """`--destination`, `--server` and `--activation`, as render and test-destination take them."""
    parser.add_argument("--destination", type=Path, required=True, metavar="D.json")
    parser.add_argument("--server", type=Path, required=True, metavar="S.json")
    parser.add_argument("--activation", type=Path, metavar="A.json", help=activation_help)


def add_count_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--count",
        type=int,
        metavar="N",
        help=f"how many profiles, 1-{MAX_COUNT} (default: maxUsersPerRequest, else 1)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="S",
        help="random seed; the same seed gives the same profiles (default 0)",
    )


def checked_count(count: int | None, default: int) -> int:
    if count is None:
        return default
    if not 1 <= count <= MAX_COUNT:
        raise InputError.single(
            "<command line>", "--count", f"must be between 1 and {MAX_COUNT}, got {count}"
        )
    return count


def run(args: argparse.Namespace) -> int:
    config, warnings = load_config(args.destination, PebbleEngine(autoescape=True))
    activation = None
    if args.activation:
        activation, _, more = load_activation(args.activation, config)
        warnings += more
    print_warnings(warnings)
    count = checked_count(args.count, default_count(config))
    profiles = sample_profiles(config, count, args.seed, activation)
    print(json.dumps(profiles, indent=2))
    return 0


def print_warnings(warnings: list[Problem]) -> None:
    for problem in warnings:
        print(problem.render(), file=sys.stderr)


def target_profiles(
    args: argparse.Namespace, bundle: DestinationBundle, *, non_empty: bool = False
) -> list[dict[str, Any]]:
    """The `--profiles` file (a JSON array of target-schema profiles, used as given), or
    `--count` sample profiles for the bundle's destination."""
    if args.profiles is None:
        count = checked_count(args.count, default_count(bundle.config))
        return sample_profiles(bundle.config, count, args.seed, bundle.activation)
    data = load_document(args.profiles)
    file = str(args.profiles)
    if not isinstance(data, list) or (non_empty and not data):
        wanted = "a non-empty JSON array" if non_empty else "a JSON array"
        raise InputError.single(file, "", f"expected {wanted} of target-schema profiles")
    problems = [
        Problem(
            file,
            f"[{index}]",
            "expected a profile object, e.g. "
            '{"segmentMembership": {...}, "identityMap": {...}, "attributes": {...}}',
        )
        for index, item in enumerate(data)
        if not isinstance(item, dict)
    ]
    if problems:
        raise InputError(problems)
    return data
