"""`sandbox tui [SCENARIO] [--speed X] [--demo]`: the live console (also plain `sandbox`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sandbox.bundled import scenario_names, scenario_path
from sandbox.errors import InputError
from sandbox.simulator.api import SimulatorApi
from sandbox.simulator.schedule import parse_time_of_day

NAME = "tui"
HELP = "Open the live console: watch and steer the simulation (the default command)."
DEFAULT_SPEED = 60.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scenario",
        nargs="?",
        type=Path,
        metavar="SCENARIO",
        help="a scenario file to play (default: the built-in workspace)",
    )
    parser.add_argument(
        "--speed",
        type=float,
        default=DEFAULT_SPEED,
        metavar="X",
        help="simulated seconds per wall second; 0 = as fast as possible "
        f"(default {DEFAULT_SPEED:g})",
    )
    parser.add_argument(
        "--batch-at",
        default="00:00",
        metavar="HH:MM",
        help="the built-in workspace's daily batch segmentation time, UTC (default 00:00); "
        "a scenario sets its own with `daily_batch`",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="demo mode: play SCENARIO paced, its narration on screen",
    )


def run(args: argparse.Namespace) -> int:
    scenario: Path | None = scenario_path(args.scenario) if args.scenario else None
    check_options(scenario, args.speed, args.demo)
    batch_time = _batch_time(getattr(args, "batch_at", "00:00"))
    from sandbox.tui.app import SandboxApp  # Textual loads only when the console opens

    app = SandboxApp(build(scenario, args.speed, batch_time, args.demo), demo=args.demo)
    app.run()
    return app.return_code or 0


def check_options(scenario: Path | None, speed: float, demo: bool) -> None:
    """Bad options are an `InputError` (exit 2) before anything starts."""
    if speed < 0:
        raise InputError.single(
            "<command line>",
            "--speed",
            f"speed must be 0 (as fast as possible) or more, not {speed:g}",
        )
    if demo and scenario is None:
        raise InputError.single(
            "<command line>",
            "--demo",
            "demo mode plays a scenario: give its file, e.g. "
            "`sandbox tui scenarios/demo.yaml --demo`",
        )
    if scenario is not None and not scenario.is_file():
        bundled = ", ".join(scenario_names())
        raise InputError.single(
            str(scenario), "", f"no such scenario file (bundled scenarios, by name: {bundled})"
        )


def _batch_time(text: str) -> float:
    try:
        return parse_time_of_day(text)
    except ValueError:
        raise InputError.single(
            "<command line>", "--batch-at", f"{text!r} is not a time of day HH:MM (00:00-23:59)"
        ) from None


def build(
    scenario: Path | None, speed: float, batch_time: float = 0.0, demo: bool = False
) -> SimulatorApi:
    """The real simulator, imported only now so that `sandbox --help` stays fast."""
    from sandbox.composition.console import build_simulator

    return build_simulator(scenario, speed=speed, batch_time=batch_time, demo=demo)
