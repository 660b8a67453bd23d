"""`sandbox runs list|show RUN|export RUN --format jsonl|har`: what earlier runs recorded."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sandbox.errors import InputError
from sandbox.journal.database import find_run
from sandbox.journal.har import to_har
from sandbox.journal.reader import iter_jsonl, list_runs, summary

NAME = "runs"
HELP = "List recorded runs, show one, or export its journal as JSON Lines or HAR."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=type(parser)
    )
    actions.add_parser("list", help="every run in the data directory, oldest first")
    show = actions.add_parser("show", help="a run's summary as JSON")
    show.add_argument(
        "run", metavar="RUN", help="run id, unique prefix, `latest`, or a .sqlite path"
    )
    export = actions.add_parser(
        "export", help="a run's journal as jsonl (events) or har (HTTP calls)"
    )
    export.add_argument("run", metavar="RUN")
    export.add_argument("--format", choices=("jsonl", "har"), default="jsonl")
    export.add_argument("--output", type=Path, help="write here instead of stdout")


def run(args: argparse.Namespace) -> int:
    if args.action == "list":
        skipped: list[InputError] = []
        for item in list_runs(skipped):
            print(f"{item['run']}  {item['status']:<11} {item['events']:>8} events  {item['name']}")
        for problem in skipped:
            print(f"runs: warning: {problem.report()}", file=sys.stderr)
        return 0
    path = find_run(args.run)
    if args.action == "show":
        print(json.dumps(summary(path), indent=2))
        return 0
    out = args.output.open("wb") if args.output else sys.stdout.buffer
    try:
        if args.format == "har":
            out.write(json.dumps(to_har(path), indent=2).encode() + b"\n")
        else:
            out.writelines(iter_jsonl(path))
    finally:
        if args.output:
            out.close()
    return 0
