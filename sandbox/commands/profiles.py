"""`sandbox profiles`: generate XDM profiles with their experience events as JSON Lines.

    sandbox profiles --count 1000 --seed 7 --locale en_US=3 --locale de_DE --output people.jsonl

One compact profile per line, keys in a fixed order, generated a chunk at a time; the same
options give the same bytes whatever the chunk size. With `--cluster [ADDRESS]` the chunks are
Ray tasks (a local cluster, or the one at ADDRESS), written in order: the same bytes again.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import BinaryIO

from sandbox.clock import DEFAULT_EPOCH, isoformat, parse_time
from sandbox.errors import InputError, Problem
from sandbox.profiles import DEFAULT_LOCALES, LOCALES, ProfileFactory, resolve_locales
from sandbox.profiles.json_lines import json_lines

NAME = "profiles"
HELP = "Generate realistic XDM profiles (with experience events) as JSON Lines."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--count", type=int, default=10, help="how many profiles (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--locale", action="append", default=[], metavar="L[=WEIGHT]",
        help=f"a locale, optionally weighted, repeatable (default {DEFAULT_LOCALES[0]}); "
        f"one of {', '.join(sorted(LOCALES))}",
    )  # fmt: skip
    parser.add_argument(
        "--start", default=isoformat(DEFAULT_EPOCH), metavar="ISO",
        help="simulation time the events lead up to (default %(default)s)",
    )  # fmt: skip
    parser.add_argument("--lookback-days", type=int, default=30, help="event window (default 30)")
    parser.add_argument("--max-events", type=int, default=50, help="per profile (default 50)")
    parser.add_argument(
        "--first", type=int, default=0, help="index of the first profile (default 0)"
    )
    parser.add_argument("--chunk-size", type=int, default=2000, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help="write to this file instead of stdout")
    parser.add_argument(
        "--cluster",
        nargs="?",
        const="",
        metavar="ADDRESS",
        help="generate ranges as Ray tasks: a local cluster, or the one at ADDRESS "
        "(needs the [cluster] extra)",
    )


def run(args: argparse.Namespace) -> int:
    _check(args)
    factory = ProfileFactory(
        args.seed, _locales(args.locale), _start(args.start), args.lookback_days, args.max_events
    )
    if args.output is None:
        _generate(args, factory, sys.stdout.buffer)
        sys.stdout.flush()
    else:
        with _open(args.output) as sink:
            _generate(args, factory, sink)
    return 0


def _generate(args: argparse.Namespace, factory: ProfileFactory, sink: BinaryIO) -> None:
    if args.cluster is None:
        for chunk in factory.iter_chunks(args.count, args.chunk_size, args.first):
            sink.write(json_lines(chunk))
        return
    from sandbox.cluster.connect import connect, disconnect
    from sandbox.cluster.profile_ranges import write_ranges

    try:
        ray = connect(args.cluster or None)
        write_ranges(ray, factory, args.first, args.count, sink, max(args.chunk_size, 10_000))
    finally:
        disconnect()


def _check(args: argparse.Namespace) -> None:
    """Check the whole-number options, naming them as the user typed them."""
    lows = {"count": 0, "lookback_days": 0, "max_events": 0, "first": 0, "chunk_size": 1}
    problems = [
        Problem(
            "<command line>", "--" + name.replace("_", "-"), f"must be at least {low}, not {value}"
        )
        for name, low in lows.items()
        if (value := getattr(args, name)) < low
    ]
    if problems:
        raise InputError(problems)


def _locales(choices: list[str]) -> dict[str, float]:
    """`["en_US=3", "de_DE"]` → `{"en_US": 3.0, "de_DE": 1.0}`, validated."""
    weights: dict[str, float] = {}
    for choice in choices or DEFAULT_LOCALES:
        code, _, weight = choice.partition("=")
        try:
            weights[code.strip()] = float(weight) if weight else 1.0
        except ValueError:
            message = f"weight {weight!r} of {code!r} is not a number (use L or L=WEIGHT)"
            raise InputError.single("<command line>", "--locale", message) from None
    resolve_locales(weights, option="--locale")
    return weights


def _start(text: str) -> float:
    try:
        return parse_time(text)
    except ValueError:
        message = f"{text!r} is not an ISO 8601 time; use e.g. 2026-01-01T00:00:00Z"
        raise InputError.single("<command line>", "--start", message) from None


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("wb")
    except OSError as error:
        raise InputError.single(
            str(path), "", f"cannot write the output: {error.strerror}"
        ) from None
