"""`python -m mock_partner`: start the partner from a config file and/or flags, on loopback.

Exit codes: 0 after a clean stop, 2 for invalid settings or an address it cannot listen on
(one paragraph on stderr naming the file or flag, the field and what is allowed).
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel, ValidationError

from mock_partner.app import create_app
from mock_partner.auth import AuthSettings
from mock_partner.config import PartnerConfig, load_config, load_schema
from mock_partner.faults import FaultRule
from mock_partner.problems import ConfigError, Problem, validation_problems
from mock_partner.remote import check_host
from mock_partner.server import bind, run
from mock_partner.state import PartnerState

Model = TypeVar("Model", bound=BaseModel)
FAULT_FLAGS = {
    "status": "--status",
    "statuses": "--statuses",
    "retry_after": "--retry-after",
    "latency": "--latency",
    "no_answer": "--no-answer",
    "reset": "--reset",
    "malformed": "--malformed",
    "first": "--first",
    "window": "--window-start/--window-end",
    "match": "--match-path/--match-method",
    "name": "--fault-name",
}
PLAIN_FAULT_FLAGS = ("status", "retry_after", "reset", "malformed", "first", "name")
AUTH_FLAGS = ("username", "password", "token", "client_id", "client_secret", "expires_in")
OTHER_FLAGS = {
    "type": "--auth",
    **{name: "--" + name.replace("_", "-") for name in AUTH_FLAGS},
    "seed": "--seed",
    "max_records": "--max-records",
    "max_body_bytes": "--max-body",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ConfigError("<command line>", [Problem("", f"{message} (see --help)")])


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m mock_partner", description="A mock destination partner.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (loopback)")
    parser.add_argument("--port", type=int, default=8787, help="port; 0 picks a free one")
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host beyond loopback (warns; the admin API then requires a token)",
    )
    parser.add_argument("--config", type=Path, help="YAML/JSON settings file")
    parser.add_argument("--schema", type=Path, help="JSON Schema file bodies must match")
    parser.add_argument("--seed", type=int, help="seed of the fault rules' random choices")
    parser.add_argument(
        "--parent-pid",
        type=int,
        metavar="PID",
        help="exit when the process with this id (the launcher) is gone",
    )
    parser.add_argument("--max-records", type=int, help="requests kept in the log")
    parser.add_argument("--max-body", type=int, dest="max_body_bytes", help="largest body, bytes")
    _auth_arguments(parser.add_argument_group("credentials required"))
    _fault_arguments(parser.add_argument_group("one fault rule (tried before the file's)"))
    return parser


def _auth_arguments(group: argparse._ArgumentGroup) -> None:
    group.add_argument("--auth", choices=("none", "basic", "bearer", "oauth2"), dest="type")
    for name in AUTH_FLAGS:
        kind = int if name == "expires_in" else str
        group.add_argument("--" + name.replace("_", "-"), dest=name, type=kind)


def _fault_arguments(group: argparse._ArgumentGroup) -> None:
    group.add_argument("--status", type=int, help="answer with this status")
    group.add_argument("--statuses", help="a mix by percentage: 500=20,503=5")
    group.add_argument("--retry-after", type=int, help="Retry-After seconds (with 429/503)")
    group.add_argument("--latency", help="SECONDS, uniform:MIN:MAX or lognormal:MEDIAN:SIGMA")
    group.add_argument(
        "--no-answer",
        nargs="?",
        const=True,
        metavar="MAX_SECONDS",
        help="hold requests unanswered (until the client gives up or MAX)",
    )
    group.add_argument("--reset", action="store_true", default=None, help="reset connections")
    group.add_argument("--malformed", help="spoil the body: empty, invalid_json or truncated")
    group.add_argument("--first", type=int, help="only the first N matching requests")
    group.add_argument("--window-start", help="active from: seconds from now or an ISO time")
    group.add_argument("--window-end", help="active until: seconds from now or an ISO time")
    group.add_argument("--match-path", help="only paths matching this glob")
    group.add_argument("--match-method", help="only these methods (POST or PUT,PATCH)")
    group.add_argument("--fault-name", dest="name", help="name shown in the request log")


def config_from(args: argparse.Namespace) -> PartnerConfig:
    """The file's settings (if any) with every flag given laid over them.

    Raises:
        ConfigError: the file or a flag holds something invalid.
    """
    config = load_config(args.config) if args.config else PartnerConfig()
    update: dict[str, Any] = {
        k: getattr(args, k)
        for k in ("seed", "max_records", "max_body_bytes")
        if getattr(args, k) is not None
    }
    rule = _fault_rule(args)
    if rule is not None:
        update["faults"] = [rule, *config.faults]
    auth = {k: getattr(args, k) for k in ("type", *AUTH_FLAGS) if getattr(args, k) is not None}
    if auth:
        merged_auth = {**config.auth.model_dump(), **auth}
        update["auth"] = _validated(AuthSettings, merged_auth, OTHER_FLAGS)
    if args.schema is not None:
        update["body_schema"] = load_schema(args.schema)
    merged = {**config.model_dump(by_alias=False), **update}
    return _validated(PartnerConfig, merged, OTHER_FLAGS)


def _fault_rule(args: argparse.Namespace) -> FaultRule | None:
    raw: dict[str, Any] = {f: getattr(args, f) for f in PLAIN_FAULT_FLAGS}
    raw = {name: value for name, value in raw.items() if value is not None}
    if args.no_answer is not None:
        raw["no_answer"] = _number_or_text(args.no_answer)
    if args.statuses is not None:
        raw["statuses"] = _mix(args.statuses)
    if args.latency is not None:
        raw["latency"] = _latency(args.latency)
    if args.window_start is not None or args.window_end is not None:
        start, end = args.window_start, args.window_end
        raw["window"] = {"start": _number_or_text(start), "end": _number_or_text(end)}
    if args.match_path is not None or args.match_method is not None:
        raw["match"] = {"path": args.match_path or "*", "method": _methods(args.match_method)}
    return _validated(FaultRule, raw, FAULT_FLAGS) if raw else None


def _mix(text: str) -> Any:
    try:
        return {int(code): float(share) for code, share in (p.split("=") for p in text.split(","))}
    except ValueError:
        raise ConfigError(
            "<command line>",
            [
                Problem(
                    "--statuses", "write CODE=PERCENT pairs separated by commas, e.g. 500=20,503=5"
                )
            ],
        ) from None


def _latency(text: str) -> Any:
    kind, *values = text.split(":")
    names = {"uniform": ("min", "max"), "lognormal": ("median", "sigma")}.get(kind)
    if names is None and not values:
        return kind
    if names is None or len(values) != len(names):
        raise ConfigError(
            "<command line>",
            [Problem("--latency", "write SECONDS, uniform:MIN:MAX or lognormal:MEDIAN:SIGMA")],
        )
    return {"kind": kind, **dict(zip(names, values, strict=True))}


def _number_or_text(value: Any) -> Any:
    """A flag's text as a number when it is one (seconds), else as given (an ISO time)."""
    if not isinstance(value, str):
        return value
    try:
        return float(value)
    except ValueError:
        return value


def _methods(text: str | None) -> list[str] | None:
    return None if text is None else [m.strip() for m in text.split(",")]


def _validated(model: type[Model], data: dict[str, Any], flags: dict[str, str]) -> Model:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = validation_problems(model, error)
        named = [Problem(_flag(p.location, flags), p.message) for p in problems]
        raise ConfigError("<command line>", named) from None


def _flag(location: str, flags: dict[str, str]) -> str:
    head = location.split(".")[0].split("[")[0]
    return flags.get(head, location) if flags else location


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        state = PartnerState(config_from(args))
        state.admin_token = check_host(args.host, args.allow_remote)
        sock = _listen(args.host, args.port)
    except ConfigError as error:
        print(f"mock_partner: {error.report()}", file=sys.stderr)
        return 2
    # uvicorn re-raises the signal that stopped it once it has shut down; a stop asked for
    # is a clean exit (0), not a death by SIGTERM.
    signal.signal(signal.SIGTERM, lambda signum, frame: None)
    with contextlib.suppress(KeyboardInterrupt):
        run(create_app(state), sock, args.parent_pid)
    return 0


def _listen(host: str, port: int) -> Any:
    try:
        return bind(host, port)
    except (OSError, OverflowError) as error:
        problem = Problem("--host/--port", f"cannot listen on {host}:{port}: {error}")
        raise ConfigError("<command line>", [problem]) from None
