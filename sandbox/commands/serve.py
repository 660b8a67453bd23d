"""`sandbox serve`: the console as a web page (textual-serve), for a demo in a browser tab.

Each browser tab that opens the page starts its own console (`sandbox tui …` in a subprocess,
drawn by xterm.js over a WebSocket). Loopback only unless `--allow-remote`: the console steers
the simulator and shows what the partner received, so it is not for other machines by default.
"""

from __future__ import annotations

import argparse
import shlex
import socket
import sys
from pathlib import Path

from sandbox.bundled import scenario_path
from sandbox.commands.tui import DEFAULT_SPEED, check_options
from sandbox.edge.server import check_loopback
from sandbox.errors import InputError

NAME = "serve"
HELP = "Serve the live console as a web page (one console per browser tab)."
DEFAULT_PORT = 8790


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scenario", nargs="?", type=Path, metavar="SCENARIO", help="a scenario to play"
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address (default 127.0.0.1)")
    parser.add_argument(
        "--allow-remote", action="store_true", help="allow a --host beyond loopback"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--speed",
        type=float,
        default=DEFAULT_SPEED,
        metavar="X",
        help=f"simulated seconds per wall second (default {DEFAULT_SPEED:g})",
    )
    parser.add_argument("--demo", action="store_true", help="play SCENARIO paced, narrated")


def console_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser tab."""
    words = [sys.executable, "-m", "sandbox", "tui", "--speed", f"{args.speed:g}"]
    if args.scenario is not None:
        words.append(str(scenario_path(args.scenario).resolve()))
    if args.demo:
        words.append("--demo")
    return shlex.join(words)


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        raise InputError.single("<command line>", "--port", "a port from 1 to 65535")
    scenario = scenario_path(args.scenario) if args.scenario else None
    check_options(scenario, args.speed, args.demo)
    check_loopback(args.host, allow_remote=args.allow_remote, quiet=True)
    if args.allow_remote and args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"sandbox serve: warning: listening on {args.host}, beyond loopback "
            "(--allow-remote): other machines can open the console and steer the simulation",
            file=sys.stderr,
            flush=True,
        )
    _check_free(args.host, args.port)
    from textual_serve.server import Server  # loaded only for this command

    url = f"http://{args.host}:{args.port}/"
    print(f"sandbox serve: the console at {url} (Ctrl+C stops)", flush=True)
    Server(
        console_command(args), host=args.host, port=args.port, title="Destination Sandbox"
    ).serve()
    return 0


def _check_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            message = f"cannot listen on {host}:{port}: {error.strerror}; choose another --port"
            raise InputError.single("<command line>", "--port", message) from None
