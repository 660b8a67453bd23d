"""`sandbox edge`: the Edge Network emulator and the demo site over HTTPS on loopback."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from sandbox.clock import RealClock, isoformat
from sandbox.demo.site import DemoSite
from sandbox.edge.interactions import DEFAULT_ACCESS_TOKEN, EdgeOptions
from sandbox.edge.memory import MAX_ANONYMOUS_VISITORS
from sandbox.edge.server import bind, check_loopback, serve_forever
from sandbox.edge.standalone import standalone_app
from sandbox.edge.tls import EDGE_HOSTNAME, SITE_HOSTNAME, ensure_certificate
from sandbox.edge.workspace import Workspace, default_workspace, load_workspace
from sandbox.errors import InputError
from sandbox.events import EdgeRequestHandled, EventBus

NAME = "edge"
HELP = "Serve the Edge Network emulator (Web SDK and Server API) and the demo site over HTTPS."
DOMAIN = re.compile(r"^[a-z0-9.-]+$", re.IGNORECASE)
"""alloy's own check of `edgeDomain`: no scheme, no port, no path."""
SEGMENT = re.compile(r"^[A-Za-z0-9-]+$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8443, help="port to listen on (default 8443)")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address (default 127.0.0.1)")
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host beyond loopback (prints a warning)",
    )
    parser.add_argument("--workspace", type=Path, help="workspace YAML (default: the demo's)")
    parser.add_argument("--base-path", default="ee", help="alloy's edgeBasePath (default ee)")
    parser.add_argument("--location-hint", default="or2", help="cluster hint (default or2)")
    parser.add_argument(
        "--token", default=DEFAULT_ACCESS_TOKEN, help="Server API bearer token to accept"
    )
    parser.add_argument(
        "--edge-domain", default=EDGE_HOSTNAME, help=f"the demo's edgeDomain ({EDGE_HOSTNAME})"
    )
    parser.add_argument("--seed", type=int, help="seed minted ECIDs (reproducible runs)")
    parser.add_argument(
        "--max-visitors",
        type=int,
        default=MAX_ANONYMOUS_VISITORS,
        metavar="N",
        help="anonymous visitors kept, least recently seen evicted first "
        f"(default {MAX_ANONYMOUS_VISITORS:,})",
    )


def run(args: argparse.Namespace) -> int:
    check_loopback(args.host, allow_remote=args.allow_remote)
    options = _options(args)
    workspace = _workspace(args.workspace)
    bus = EventBus()
    bus.subscribe_to(EdgeRequestHandled, _log)
    stream = workspace.datastreams[0].datastream_id
    demo = DemoSite(workspace, stream, args.edge_domain, options.base_path)
    app = standalone_app(workspace, RealClock(), bus, options, demo, args.max_visitors)
    tls = ensure_certificate()
    sock = bind(args.host, args.port, allow_remote=args.allow_remote)
    print(banner(args, workspace, sock.getsockname()[1], str(tls.ca)), flush=True)
    serve_forever(app, sock, tls)
    return 0


def _options(args: argparse.Namespace) -> EdgeOptions:
    checks = [
        ("--base-path", args.base_path, SEGMENT, "letters, digits and '-'"),
        ("--location-hint", args.location_hint, re.compile(r"^[A-Za-z0-9]+$"), "letters, digits"),
        ("--edge-domain", args.edge_domain, DOMAIN, "a host name without scheme or port"),
    ]
    for option, value, pattern, allowed in checks:
        if not pattern.match(value):
            raise InputError.single("<command line>", option, f"'{value}': allowed are {allowed}")
    if args.max_visitors < 1:
        raise InputError.single("<command line>", "--max-visitors", "must be 1 or more")
    if not 0 <= args.port <= 65535:
        raise InputError.single("<command line>", "--port", f"{args.port}: allowed 0-65535")
    return EdgeOptions(args.base_path, args.location_hint, access_token=args.token, seed=args.seed)


def _workspace(path: Path | None) -> Workspace:
    return load_workspace(path) if path else default_workspace()


def banner(args: argparse.Namespace, workspace: Workspace, port: int, ca: str) -> str:
    base = f"https://{args.host}:{port}"
    stream = workspace.datastreams[0].datastream_id
    rules = f"MAP {args.edge_domain} 127.0.0.1:{port}, MAP {SITE_HOSTNAME} 127.0.0.1:{port}"
    return "\n".join(
        [
            f"Edge Network emulator on {base} (org {workspace.org_id})",
            f"  Web SDK:    POST {base}/{args.base_path}[/{args.location_hint}]/v1/interact"
            f"?configId={stream}",
            f"  Server API: POST {base}/ee/v2/interact?dataStreamId={stream}"
            f"  (Authorization: Bearer {args.token})",
            f"  Demo site:  {base}/demo/",
            "  In a browser:",
            f'    chromium --host-resolver-rules="{rules}" --ignore-certificate-errors \\',
            f"             https://{SITE_HOSTNAME}/demo/",
            f"  (or trust the local CA instead: {ca})",
            "Ctrl-C stops it.",
        ]
    )


def _log(event: EdgeRequestHandled) -> None:
    who = event.profile_id or "-"
    print(
        f"{isoformat(event.at)} {event.status} {event.path} profile={who} "
        f"{event.duration_ms:.1f} ms",
        file=sys.stderr,
        flush=True,
    )
