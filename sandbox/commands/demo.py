"""`sandbox demo SCENARIO [--speed X]`: the console in demo mode (same as `sandbox tui --demo`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sandbox.commands import tui

NAME = "demo"
HELP = "Play a scenario narrated in the console (n next, p back, r restart), ending on its results."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", type=Path, metavar="SCENARIO", help="the scenario to play")
    parser.add_argument(
        "--speed",
        type=float,
        default=tui.DEFAULT_SPEED,
        metavar="X",
        help=f"fast-forward pace: {tui.DEFAULT_SPEED:g} plays a long step in about 2 s, 0 at once "
        f"(default {tui.DEFAULT_SPEED:g})",
    )


def run(args: argparse.Namespace) -> int:
    args.demo = True
    return tui.run(args)
