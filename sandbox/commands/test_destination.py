"""`sandbox test-destination`: render profiles and send them to the partner, as Adobe's destination
testing API does (`POST /authoring/testing/destinationInstance/{id}`, §5.4).

    sandbox test-destination --destination D.json --server S.json [--activation A.json]
        [--source] [--profiles P.json | --count N [--seed S]] [--endpoint URL]
        [--timeout SECONDS] [--cacert PEM | --insecure] [--audience-template T.json]

With `--source` (and `--activation`), the profiles are source (XDM union-schema) profiles, as in
Adobe's `destinationInstanceId` mode: from `--profiles`, or generated as `sample-profiles --source`
does; the activation's mappings and transformations (hashing) turn them into the target profiles
that are rendered, and the response echoes the source profiles as `inputProfiles`.

The calls really go out: to the rendered URL, or with `--endpoint` to the same path and query on
another scheme, host and port (e.g. a local mock partner). Like Adobe's API, each call is sent
once: no retry policy, on a real clock (an OAuth2 401 still gets its one token refresh and
retry, as on any activation call). stdout gets Adobe's response shape with secrets redacted;
warnings go to stderr.

Exit codes: 0 when every call was answered 2xx; 1 when any was not (a non-2xx answer, no answer,
refused credentials), with the response printed all the same and the reason in its `error`
fields; 2 for bad input (files, templates, options).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import ssl
import sys
import time
from pathlib import Path
from typing import Any

from sandbox.clock import RealClock
from sandbox.commands.audience_test_calls import audience_session, audience_template_option
from sandbox.commands.sample_profiles import (
    add_count_arguments,
    add_destination_arguments,
    print_warnings,
    source_inputs,
    target_profiles,
)
from sandbox.delivery import SINGLE_ATTEMPT, Deliverer, DeliverySettings, make_client
from sandbox.delivery.endpoint import EndpointOverride
from sandbox.delivery.testing_api import destination_test_response, destination_test_result
from sandbox.destinations.audience_templates import AudienceTemplate
from sandbox.destinations.batching import Batch
from sandbox.destinations.bundle import DestinationBundle, load_bundle
from sandbox.destinations.dry_run import customer_data_problems, first_of_each, request_problems
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.rendering import export_ids, render_request
from sandbox.errors import InputError, Problem, errors_only
from sandbox.events import EventBus

NAME = "test-destination"
HELP = "Send rendered profiles to the partner and print Adobe's destination-test response."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_destination_arguments(
        parser, "credentials, customer data and mapped audiences of the connection"
    )
    parser.add_argument(
        "--profiles",
        type=Path,
        metavar="P.json",
        help="a JSON array of target-schema profiles, used as given (with --source: source profiles)",
    )
    parser.add_argument(
        "--source",
        action="store_true",
        help="profiles are source (XDM) profiles, as Adobe's destinationInstanceId mode: the "
        "activation's mappings and transformations apply, and they are echoed as inputProfiles "
        "(needs --activation)",
    )
    add_count_arguments(parser)
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        help="send to this scheme://host:port instead of the rendered URL's (path and query kept)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="wall-clock seconds each call may take (default 2, as AEP)",
    )
    parser.add_argument(
        "--audience-template",
        type=Path,
        metavar="T.json",
        help="audience metadata template: validate and create first (exports carry the "
        "partner's audience IDs), delete after",
    )
    parser.add_argument("--cacert", type=Path, metavar="PEM", help="trust this CA for HTTPS")
    parser.add_argument("--insecure", action="store_true", help="do not verify HTTPS certificates")


def run(args: argparse.Namespace) -> int:
    _check_options(args)
    override = EndpointOverride.parse(args.endpoint) if args.endpoint else None
    engine = PebbleEngine(autoescape=True)
    bundle = load_bundle(args.destination, args.server, args.activation, engine=engine)
    print_warnings(list(bundle.warnings))
    template = audience_template_option(args.audience_template, bundle)
    if args.source:
        inputs = source_inputs(args, bundle)
        profiles = [bundle.export_profile(profile) for profile in inputs]
    else:
        inputs = profiles = target_profiles(args, bundle, non_empty=True)
    response, all_delivered, warnings = asyncio.run(
        _send(bundle, engine, (profiles, inputs), override, args, template)
    )
    print_warnings(warnings)
    print(json.dumps(response, indent=2))
    return 0 if all_delivered else 1


async def _send(
    bundle: DestinationBundle,
    engine: PebbleEngine,
    profiles_and_inputs: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    override: EndpointOverride | None,
    args: argparse.Namespace,
    template: AudienceTemplate | None = None,
) -> tuple[dict[str, Any], bool, list[Problem]]:
    """Render and send; `inputs` are what the response echoes as `inputProfiles`."""
    profiles, inputs = profiles_and_inputs
    settings = DeliverySettings(timeout=args.timeout)
    credentials = bundle.credentials()
    results, delivered = [], True
    warnings = customer_data_problems(bundle)
    async with make_client(verify=_verify(args)) as client:
        deliverer = Deliverer(client, RealClock(start=time.time()), EventBus(), settings)
        session = audience_session(bundle, template, deliverer, engine, override)
        if session is not None:
            bundle = await session.open()
            profiles = session.only_created(profiles)
        ids = export_ids("test")
        for batch in _batches(bundle, profiles):
            request, _ = render_request(bundle, batch, engine, next(ids))
            warnings += _unsendable(request_problems(request, bundle))
            if override is not None:
                request = override.apply(request)
            outcome = await deliverer.deliver(request, credentials, SINGLE_ATTEMPT)
            key = batch.key.to_render_api() if batch.key else None
            results.append(destination_test_result(key, outcome))
            delivered = delivered and outcome.delivered
        if session is not None:
            await session.close()
            print("\n".join(session.lines), file=sys.stderr)
            delivered = delivered and not session.failed
    response = destination_test_response(results, inputs)
    return response, delivered, first_of_each([*warnings, *deliverer.warnings])


def _unsendable(problems: list[Problem]) -> list[Problem]:
    """The warnings; raises InputError when the call cannot be sent (a CR/LF header, no URL)."""
    if errors_only(problems):
        raise InputError(problems)
    return problems


def _batches(bundle: DestinationBundle, profiles: list[dict[str, Any]]) -> list[Batch]:
    batcher = bundle.batcher()
    batches = [batch for profile in profiles for batch in batcher.add(profile, 0.0)]
    return batches + batcher.flush(0.0)


def _check_options(args: argparse.Namespace) -> None:
    problems = []
    if args.profiles and args.count is not None:
        problems.append(("--profiles", "give either --profiles or --count, not both"))
    if not 0 < args.timeout <= 600:
        problems.append(("--timeout", f"must be above 0 and at most 600 s, got {args.timeout:g}"))
    if args.cacert and args.insecure:
        problems.append(("--cacert", "give either --cacert or --insecure, not both"))
    if problems:
        raise InputError([Problem("<command line>", where, what) for where, what in problems])


def _verify(args: argparse.Namespace) -> ssl.SSLContext | bool:
    if args.insecure:
        return False
    if args.cacert is None:
        return True
    try:
        return ssl.create_default_context(cafile=str(args.cacert))
    except (OSError, ssl.SSLError) as error:
        raise InputError.single(
            str(args.cacert), "", f"cannot use it as a CA certificate (PEM expected): {error}"
        ) from None
