"""The `sandbox` command line: parse, dispatch, and turn errors into exit codes.

Output and exit codes are an API (documented in the README):
  0  success (for `run`: every expectation held)
  1  a scenario expectation failed
  2  bad input: a file, a template, PQL, a scenario, an option; one clear paragraph on stderr
  3  an internal error (a bug): a short message; the traceback only with SANDBOX_DEBUG=1
130 interrupted (Ctrl-C); whatever was recorded so far is kept
Results go to stdout, diagnostics and progress to stderr.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

from sandbox.errors import InputError, SimulationError
from sandbox.javaregex import JavaRegexTimeout

COMMANDS: tuple[str, ...] = (
    "tui",
    "profiles",
    "evaluate",
    "validate",
    "render",
    "sample_profiles",
    "sample_template",
    "test_destination",
    "partner",
    "edge",
    "serve",
    "run",
    "runs",
    "demo",
    "bench",
    "load",
)
"""Modules under `sandbox.commands`; each has `NAME`, `HELP`, `add_arguments(parser)` and `run(args)`."""


class _Parser(argparse.ArgumentParser):
    """argparse, but an unknown option is an InputError like any other bad input."""

    def error(self, message: str) -> NoReturn:
        raise InputError.single(
            "<command line>", self.prog, message + f" (see `{self.prog} --help`)"
        )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sandbox", description="Destination Sandbox: AEP destinations, locally.")
    parser.add_argument("--version", action="version", version="destination-sandbox 0.1.0")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module_name in COMMANDS:
        module = importlib.import_module(f"sandbox.commands.{module_name}")
        sub = commands.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        args = parser.parse_args(arguments or ["tui"])
        return int(args.handler(args))
    except InputError as error:
        print(error.report(), file=sys.stderr)
        return 2
    except SimulationError as error:
        print(f"sandbox: {error}", file=sys.stderr)
        return 2
    except JavaRegexTimeout as error:  # a pattern from the user's input that cannot finish
        print(f"sandbox: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("sandbox: interrupted; what was recorded is kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # the last line of defence: never a bare traceback
        if os.environ.get("SANDBOX_DEBUG"):
            traceback.print_exc()
        print(f"sandbox: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        print("sandbox: this is a bug; run again with SANDBOX_DEBUG=1 for details", file=sys.stderr)
        return 3
