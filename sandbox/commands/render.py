"""`sandbox render`: render profiles through a destination template, as Adobe's render-template API.

    sandbox render --destination D.json --server S.json [--activation A.json] [--template FILE]
                   [--profiles P.json | --count N [--seed S]] [--no-autoescape] [--show-secrets]
    sandbox render --destination D.json --server S.json [--activation A.json]
                   --audience-template T.json [--show-secrets]

stdout gets Adobe's 200 body, `{"results": [{"aggregationKey"?, "profiles", "output"}]}`, one result
per call (per aggregation group). `--profiles` is a JSON array of target-schema profiles used as
given; otherwise sample profiles are generated. Without `--activation`, audience aliases and
customer data are empty. Warnings (e.g. values autoescaping changed) go to stderr. A template error
prints the API's 400 body on stdout (so it can be diffed like a 200 body) and the error on
stderr, and exits 2. With `--audience-template`, the audience metadata calls are rendered instead
(`sandbox/commands/render_audiences.py`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sandbox.commands.render_audiences import print_audience_calls
from sandbox.commands.sample_profiles import (
    add_count_arguments,
    add_destination_arguments,
    print_warnings,
    target_profiles,
)
from sandbox.destinations.body_checks import is_json_type, json_fault
from sandbox.destinations.bundle import DestinationBundle, load_bundle
from sandbox.destinations.dry_run import customer_data_problems
from sandbox.destinations.pebble import PebbleEngine, TemplateError
from sandbox.destinations.problems import warning
from sandbox.destinations.rendering import RenderResult, render_results
from sandbox.errors import InputError, Problem
from sandbox.redaction import mask_secret

NAME = "render"
HELP = "Render profiles through a destination's template (Adobe's render-template API)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_destination_arguments(
        parser, "audience aliases, customer data and credentials for the context"
    )
    parser.add_argument(
        "--template",
        type=Path,
        metavar="FILE",
        help="render this template instead of the server's requestBody",
    )
    parser.add_argument(
        "--profiles",
        type=Path,
        metavar="P.json",
        help="a JSON array of target-schema profiles, used as given",
    )
    add_count_arguments(parser)
    parser.add_argument(
        "--audience-template",
        type=Path,
        metavar="T.json",
        help="render this audience template's validate, create, update and delete calls for the "
        "activation's audiences instead of profiles",
    )
    parser.add_argument(
        "--show-secrets",
        action="store_true",
        help="render `authData` with its real values (by default every value is masked as ***)",
    )
    parser.add_argument(
        "--no-autoescape",
        action="store_true",
        help="render with autoescaping off (decision §11.8 makes it on)",
    )


def _auth_data(args: argparse.Namespace, bundle: DestinationBundle) -> dict[str, Any] | None:
    """The real `authData` with `--show-secrets`; otherwise every value masked (`***`)."""
    if args.show_secrets:
        return None
    real = bundle.credentials().auth_data
    if real:
        print(
            "render: note: authData values are masked as *** (pass --show-secrets to render "
            "with the real values)",
            file=sys.stderr,
        )
    return {name: mask_secret(value) for name, value in real.items()}


def run(args: argparse.Namespace) -> int:
    if args.profiles and args.count is not None:
        raise InputError.single(
            "<command line>", "--profiles", "give either --profiles or --count, not both"
        )
    engine = PebbleEngine(autoescape=not args.no_autoescape)
    bundle = load_bundle(args.destination, args.server, args.activation, engine=engine)
    print_warnings(list(bundle.warnings))
    if args.audience_template:
        _only_audience_options(args)
        print_audience_calls(bundle, args.audience_template, _auth_data(args, bundle))
        return 0
    profiles = target_profiles(args, bundle)
    template = _read_template(args.template) if args.template else None
    try:
        results = render_results(
            bundle, profiles, engine, template, str(args.template or ""), _auth_data(args, bundle)
        )
    except TemplateError as error:
        print(json.dumps(error.to_render_api(), indent=2))
        raise
    for result in results:
        for text in result.warnings:
            print(f"render: warning: {text}", file=sys.stderr)
    print_warnings(output_problems(bundle, results, str(args.template) if template else None))
    print(json.dumps({"results": [result.to_json() for result in results]}, indent=2))
    return 0


def _only_audience_options(args: argparse.Namespace) -> None:
    given = [
        option
        for option, value in (
            ("--template", args.template),
            ("--profiles", args.profiles),
            ("--count", args.count),
        )
        if value is not None
    ]
    if given:
        raise InputError.single(
            "<command line>",
            given[0],
            "--audience-template renders the audience calls, not profiles: leave out "
            + ", ".join(given),
        )


def output_problems(
    bundle: DestinationBundle, results: list[RenderResult], template_file: str | None
) -> list[Problem]:
    """Customer data that renders empty, and the first rendered JSON body that is not JSON."""
    problems = [] if template_file else customer_data_problems(bundle)
    if not is_json_type(bundle.compiled.content_type):
        return problems
    for result in results:
        fault = json_fault(result.output)
        if fault:
            file = template_file or bundle.sources[1]
            where = "" if template_file else "httpTemplate.requestBody.value"
            return [*problems, warning(file, where, fault.describe(), fault.excerpt)]
    return problems


def _read_template(path: Path) -> str:
    """The file's text byte for byte: its line endings (CRLF included) are kept, as AEP keeps
    the template string it is given."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError.single(str(path), "", f"cannot read the template: {error}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError.single(
            str(path), "", f"the template is not UTF-8 (byte {error.start}: {error.reason})"
        ) from None
