"""`validate` as a dry run: render a destination's calls on sample profiles and check what comes out.

Types and rules cannot see what only rendering shows: an unknown filter, `range` or a Java method
outside the sandbox fails when the template runs; a customer-data value holding CR/LF makes a
header that cannot be sent; a URL that renders to nothing; a JSON body that is not JSON. Rendering
a few sample profiles (with the activation's audiences, identities and customer data when one is
given) finds them before `render`, `run` or `test-destination` does. Problems name the file and
the field holding the template; errors are what would make those commands fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sandbox.destinations.body_checks import (
    header_value_fault,
    is_json_type,
    json_fault,
    url_fault,
)
from sandbox.destinations.bundle import DestinationBundle
from sandbox.destinations.pebble import PebbleEngine, TemplateError
from sandbox.destinations.problems import warning
from sandbox.destinations.rendering import render_request
from sandbox.destinations.request import OutgoingRequest
from sandbox.destinations.sample_profiles import sample_profiles
from sandbox.errors import Problem

SAMPLES = 5
"""Sample profiles per trial (varied names, identities, statuses); seeds 0 and 1 are tried."""
CUSTOMER_DATA = re.compile(r"customerData\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)")


def dry_run(bundle: DestinationBundle, engine: PebbleEngine) -> list[Problem]:
    """Every problem a trial render of `bundle` shows (errors and warnings, deduplicated)."""
    problems = customer_data_problems(bundle)
    for seed in (0, 1):
        profiles = sample_profiles(bundle.config, SAMPLES, seed, bundle.activation)
        found, failed = _trial(bundle, engine, profiles)
        problems += found
        if failed:
            break
    return first_of_each(problems)


def first_of_each(problems: Iterable[Problem]) -> list[Problem]:
    """One problem per file, field and message (the first excerpt is kept)."""
    seen: dict[tuple[str, str, str], Problem] = {}
    for problem in problems:
        seen.setdefault((problem.file, problem.location, problem.message), problem)
    return list(seen.values())


def _trial(
    bundle: DestinationBundle, engine: PebbleEngine, profiles: list[dict[str, Any]]
) -> tuple[list[Problem], bool]:
    batcher = bundle.batcher()
    batches = [b for profile in profiles for b in batcher.add(profile, 0.0)]
    batches += batcher.flush(0.0)
    problems: list[Problem] = []
    for batch in batches:
        try:
            request, _ = render_request(bundle, batch, engine, "dry-run")
        except TemplateError as error:
            return [trial_problem(error, bundle.sources[1])], True
        problems += request_problems(request, bundle)
    return problems, False


def trial_problem(error: TemplateError, default_file: str) -> Problem:
    """A render-time template error at the file and field of the template that failed."""
    file, _, path = error.name.rpartition(":")
    if not file:
        file, path = default_file, error.name
    where = f"line {error.line}, column {error.column} of the template: " if error.line else ""
    message = f"{where}{error.message} (found by rendering sample profiles)"
    return Problem(file, path, message, error.excerpt)


def request_problems(request: OutgoingRequest, bundle: DestinationBundle) -> list[Problem]:
    """What is wrong with one rendered call: errors for what cannot be sent, warnings else."""
    server = bundle.sources[1]
    problems: list[Problem] = []
    for index, (_, value) in enumerate(request.headers):
        fault = header_value_fault(value)
        if fault:
            problems.append(Problem(server, f"httpTemplate.headers[{index}].value", fault))
    fault = url_fault(request.url)
    if fault and not (bundle.activation is None and _unset_customer_data(bundle)):
        # (without an activation, `customer_data_problems` already says why it renders empty)
        problems.append(Problem(server, "urlBasedDestination.url.value", fault))
    if is_json_type(request.content_type):
        body_fault = json_fault(request.body)
        if body_fault:
            where = "httpTemplate.requestBody.value"
            problems.append(warning(server, where, body_fault.describe(), body_fault.excerpt))
    return problems


def customer_data_problems(bundle: DestinationBundle) -> list[Problem]:
    """`customerData.X` read by a template but given by nothing: it renders empty."""
    unset = _unset_customer_data(bundle)
    if not unset:
        return []
    server = bundle.sources[1]
    if bundle.activation is None:
        return [warning(server, "urlBasedDestination.url", _no_activation(unset))]
    names = ", ".join(f"customerData.{name}" for name in unset)
    message = (
        f"the templates of {server} read {names}, which neither this activation nor a field "
        "default gives: it renders empty"
    )
    return [warning(bundle.sources[2], "customerData", message)]


def _unset_customer_data(bundle: DestinationBundle) -> list[str]:
    read = dict.fromkeys(
        name for text in _server_texts(bundle) for name in CUSTOMER_DATA.findall(text)
    )
    return [name for name in read if bundle.customer_data.get(name) in (None, "")]


def _server_texts(bundle: DestinationBundle) -> Iterable[str]:
    server = bundle.server
    if server.url_based_destination and server.url_based_destination.url.is_template:
        yield server.url_based_destination.url.value
    http = server.http_template
    if http is None:
        return
    if http.request_body and http.request_body.is_template:
        yield http.request_body.value
    yield from (h.text for h in http.headers if h.is_template)


def _no_activation(names: list[str]) -> str:
    read = ", ".join(f"customerData.{name}" for name in names)
    return (
        f"the templates read {read}, but no activation gives customer data, so it renders "
        "empty (give --activation, or an activation file, to render with its values)"
    )
