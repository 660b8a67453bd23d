"""`sandbox sample-profiles --destination D.json [--activation A [--source]] [--count N] [--seed S]`.

Prints a JSON array of target-schema profiles for the destination, as Adobe's sample-profiles API
does with `destinationId` (§5.4), with realistic values; `--activation` uses its mapped audiences,
identities and attributes. `--source` prints source (XDM union-schema) profiles instead, carrying
only what the activation uses, as the API does with `destinationInstanceId` (§13.7): feed them to
`test-destination --source`. `--count` is 1–1000 and defaults to `maxUsersPerRequest` (else 1).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sandbox.destinations.activation import Activation
from sandbox.destinations.bundle import DestinationBundle
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.problems import load_document
from sandbox.destinations.sample_profiles import MAX_COUNT, default_count, sample_profiles
from sandbox.destinations.source_profiles import source_profiles
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
    parser.add_argument(
        "--source",
        action="store_true",
        help="source (XDM union-schema) profiles carrying only what the activation uses, as "
        "Adobe's destinationInstanceId mode (needs --activation)",
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
    if args.source:
        profiles = source_profiles(require_activation(activation), count, args.seed)
    else:
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
    return read_profiles(args.profiles, "target-schema", non_empty=non_empty)


def source_inputs(args: argparse.Namespace, bundle: DestinationBundle) -> list[dict[str, Any]]:
    """`--source`: the `--profiles` file read as source (XDM union-schema) profiles, or `--count`
    sample source profiles for the activation (Adobe's `destinationInstanceId` mode)."""
    activation = require_activation(bundle.activation)
    if args.profiles is None:
        count = checked_count(args.count, default_count(bundle.config))
        return source_profiles(activation, count, args.seed)
    return read_profiles(args.profiles, "source (XDM)", non_empty=True)


def require_activation(activation: Activation | None) -> Activation:
    if activation is None:
        raise InputError.single(
            "<command line>",
            "--source",
            "source profiles need --activation: its audiences, identity and attribute "
            "mappings are what Adobe's destinationInstanceId mode uses",
        )
    return activation


def read_profiles(path: Path, kind: str, *, non_empty: bool = False) -> list[dict[str, Any]]:
    """A JSON array of profile objects; exit 2 naming the file and the entry otherwise."""
    data = load_document(path)
    file = str(path)
    if not isinstance(data, list) or (non_empty and not data):
        wanted = "a non-empty JSON array" if non_empty else "a JSON array"
        raise InputError.single(file, "", f"expected {wanted} of {kind} profiles")
    example = (
        '{"segmentMembership": {...}, "identityMap": {...}, "attributes": {...}}'
        if kind == "target-schema"
        else '{"segmentMembership": {...}, "identityMap": {...}, "person": {...}}'
    )
    problems = [
        Problem(file, f"[{index}]", f"expected a {kind} profile object, e.g. {example}")
        for index, item in enumerate(data)
        if not isinstance(item, dict)
    ]
    if problems:
        raise InputError(problems)
    return data
