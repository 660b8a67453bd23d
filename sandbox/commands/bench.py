"""`sandbox bench [--json FILE] [--quick] [--only STAGE]`: measure every stage beside its anchor."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from sandbox.bench import STAGE_MODULES
from sandbox.bench.stage import StageResult
from sandbox.errors import InputError

NAME = "bench"
HELP = "Measure each stage beside its anchor and report the ratios."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    parser.add_argument("--quick", action="store_true", help="smaller runs (a few minutes)")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="STAGE",
        help="run only stages whose name starts with STAGE (repeatable)",
    )


def run(args: argparse.Namespace) -> int:
    results: list[StageResult] = []
    for module_name in STAGE_MODULES:
        module = importlib.import_module(module_name)
        wanted = getattr(module, "STAGES", ())
        if args.only and not any(s.startswith(p) for s in wanted for p in args.only):
            continue
        print(f"bench: measuring {', '.join(wanted)} ...", file=sys.stderr, flush=True)
        for result in module.measure(args.quick):
            results.append(result)
            print(format_row(result), flush=True)
    if args.only and not results:
        raise InputError.single("<command line>", "--only", f"no stage matches {args.only}")
    if args.json:
        payload = {"stages": [result.to_json() for result in results]}
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    return 0


def format_row(result: StageResult) -> str:
    verdict = {None: "", True: "met", False: "NOT MET"}[result.met]
    target = f">= {result.target:g}x" if result.target is not None else ""
    return (
        f"{result.name:<22} {result.value:>14,.1f} {result.unit:<12} "
        f"anchor {result.anchor_value:>14,.1f} ({result.anchor})  "
        f"ratio {result.ratio:>7.2f}x {target} {verdict}"
    ).rstrip()
