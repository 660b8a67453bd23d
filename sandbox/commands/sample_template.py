"""`sandbox sample-template --destination D.json [--json-string]`: a starter template that renders.

Adobe's sample-template API (§5.4): the single-profile template (`input.profile`) for best effort
with `maxUsersPerRequest` 1, the multi-profile one (`input.profiles`) otherwise. `--json-string`
prints it JSON-escaped, ready for `httpTemplate.requestBody.value`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sandbox.commands.sample_profiles import print_warnings
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.sample_template import sample_template
from sandbox.destinations.validation import load_config

NAME = "sample-template"
HELP = "Print a starter Pebble template for a destination (Adobe's sample-template API)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--destination",
        type=Path,
        required=True,
        metavar="D.json",
        help="the destination configuration",
    )
    parser.add_argument(
        "--json-string",
        action="store_true",
        help="print the template as a JSON string (for requestBody.value)",
    )


def run(args: argparse.Namespace) -> int:
    config, warnings = load_config(args.destination, PebbleEngine(autoescape=True))
    print_warnings(warnings)
    template = sample_template(config)
    print(json.dumps(template) if args.json_string else template)
    return 0
