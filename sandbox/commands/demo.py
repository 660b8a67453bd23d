"""`sandbox demo SCENARIO [--speed X]`: the console in demo mode (same as `sandbox tui --demo`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sandbox.commands import tui

NAME = "demo"
HELP = "Play a scenario in the console, paced, with its narration on screen."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", type=Path, metavar="SCENARIO", help="the scenario to play")
    parser.add_argument(
        "--speed",
        type=float,
        default=tui.DEFAULT_SPEED,
        metavar="X",
        help=f"simulated seconds per wall second (default {tui.DEFAULT_SPEED:g})",
    )


def run(args: argparse.Namespace) -> int:
    args.demo = True
    return tui.run(args)
