"""`sandbox partner`: run the bundled mock partner in the foreground (as `python -m mock_partner`).

Every option is handed to mock_partner as it is, so invalid fault settings are refused there
with one paragraph on stderr and exit code 2; so is a `--host` beyond loopback without
`--allow-remote`. SIGTERM stops the partner before this process exits (the port is freed), and
the partner exits by itself if this process is killed outright (`--parent-pid`).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import threading
from types import FrameType
from typing import Any

from sandbox.partner.process import child_environment, partner_command

CHILD_STOP_SECONDS = 5.0
"""How long SIGTERM waits for the partner to stop before killing it."""

NAME = "partner"
HELP = "Run the mock partner (records requests, injects faults) on loopback until Ctrl-C."

OPTIONS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("--host", {"default": "127.0.0.1", "help": "address to bind (default: loopback)"}),
    (
        "--allow-remote",
        {
            "action": "store_true",
            "help": "allow a --host beyond loopback (warns; the admin API then needs a token)",
        },
    ),
    ("--port", {"default": "8787", "help": "port (default 8787; 0 picks a free one)"}),
    ("--config", {"metavar": "FILE", "help": "YAML/JSON settings: faults, auth, schema"}),
    ("--schema", {"metavar": "FILE", "help": "JSON Schema that received bodies must match"}),
    ("--seed", {"help": "seed of the fault rules' random choices"}),
    ("--max-records", {"help": "requests kept in the log (default 100000)"}),
    ("--max-body", {"metavar": "BYTES", "help": "largest body accepted (default 10 MiB)"}),
    ("--auth", {"choices": ("none", "basic", "bearer", "oauth2"), "help": "credentials required"}),
    ("--username", {"help": "basic, and the OAuth2 password grant"}),
    ("--password", {}),
    ("--token", {"help": "bearer: the token accepted"}),
    ("--client-id", {"help": "OAuth2 client id"}),
    ("--client-secret", {}),
    ("--expires-in", {"metavar": "SECONDS", "help": "lifetime of issued access tokens"}),
    ("--status", {"help": "fault: answer with this status"}),
    ("--statuses", {"help": "fault: a mix by percentage, e.g. 500=20,503=5"}),
    ("--retry-after", {"metavar": "SECONDS", "help": "fault: Retry-After with 429/503"}),
    ("--latency", {"help": "fault: SECONDS, uniform:MIN:MAX or lognormal:MEDIAN:SIGMA"}),
    (
        "--no-answer",
        {
            "nargs": "?",
            "const": True,
            "metavar": "MAX_SECONDS",
            "help": "fault: hold requests unanswered",
        },
    ),
    ("--reset", {"action": "store_true", "help": "fault: reset connections"}),
    ("--malformed", {"help": "fault: spoil the body: empty, invalid_json or truncated"}),
    ("--first", {"metavar": "N", "help": "fault: only the first N matching requests"}),
    ("--window-start", {"help": "fault: active from (seconds from now, or an ISO time)"}),
    ("--window-end", {"help": "fault: active until (seconds from now, or an ISO time)"}),
    ("--match-path", {"metavar": "GLOB", "help": "fault: only matching paths"}),
    ("--match-method", {"help": "fault: only these methods (POST or PUT,PATCH)"}),
    ("--fault-name", {"help": "fault: the name shown in the request log"}),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    for flag, options in OPTIONS:
        if "action" not in options and "choices" not in options:
            options = {"metavar": flag.removeprefix("--").upper().replace("-", "_"), **options}
        parser.add_argument(flag, dest=_dest(flag), **options)


def partner_flags(args: argparse.Namespace) -> list[str]:
    """The options given, as mock_partner's command-line flags."""
    flags: list[str] = []
    for flag, _ in OPTIONS:
        value = getattr(args, _dest(flag), None)
        if value is True:
            flags.append(flag)
        elif value not in (None, False):
            flags += [flag, str(value)]
    return flags


def run(args: argparse.Namespace) -> int:
    flags = [*partner_flags(args), "--parent-pid", str(os.getpid())]
    process = subprocess.Popen(partner_command(flags), env=child_environment())

    stopped: list[int] = []

    def stop_child(signum: int, frame: FrameType | None) -> None:
        """SIGTERM: ask the partner to stop (it frees its port), kill it if it lingers; the
        wait below returns once it is gone."""
        stopped.append(signum)
        process.terminate()
        killer = threading.Timer(CHILD_STOP_SECONDS, process.kill)
        killer.daemon = True
        killer.start()

    previous = signal.signal(signal.SIGTERM, stop_child)
    try:
        code = process.wait()
        return 128 + stopped[0] if stopped else code
    except KeyboardInterrupt:
        # Ctrl-C reached the partner too (same process group); let it finish shutting down.
        process.wait()
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def _dest(flag: str) -> str:
    return "partner_" + flag.removeprefix("--").replace("-", "_")
