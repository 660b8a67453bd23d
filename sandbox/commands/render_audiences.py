"""`sandbox render --audience-template T.json`: the audience metadata calls AEP would make.

Prints `{"audienceCalls": [{"operation", "audience"?, "request": {method, url, headers, body?}}]}`:
`validate` once (when the connection is made), then `create`, `update` and `delete` for every
audience the activation maps (one sample audience without an activation). Nothing is sent. In
`update` and `delete`, `segment.alias` is the partner's ID that `create` would return: the
activation's `mappingId` when it has one, else a sample ID derived from the audience's ID.
`authData` values and tokens render as `***` unless `--show-secrets`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from sandbox.destinations.activation import MappedAudience
from sandbox.destinations.audience_requests import audience_context, render_request
from sandbox.destinations.audience_templates import SIMULATED, load_audience_template
from sandbox.destinations.bundle import DestinationBundle

SAMPLE_AUDIENCE = MappedAudience(id="00000000-0000-4000-8000-000000000001", name="Sample audience")


def print_audience_calls(
    bundle: DestinationBundle, path: Path, auth_data: dict[str, Any] | None
) -> None:
    """Render every section of the template at `path` for `bundle` (raises InputError)."""
    template, problems = load_audience_template(path, bundle.config, bundle.engine)
    for problem in problems:
        print(problem.render(), file=sys.stderr)
    audiences = list(bundle.activation.audiences) if bundle.activation else []
    if not audiences:
        print(
            "render: note: no activation maps an audience, so the calls are rendered for one "
            f"sample audience ({SAMPLE_AUDIENCE.name})",
            file=sys.stderr,
        )
        audiences = [SAMPLE_AUDIENCE]
    meta = template.metadata_template
    if any(not a.mapping_id for a in audiences) and (meta.update or meta.delete):
        print(
            "render: note: in update and delete, segment.alias is a sample partner ID "
            "(sample-…); a run uses the externalAudienceId that create returned",
            file=sys.stderr,
        )
    token = _token(bundle, auth_data is None)
    auth = dict(bundle.credentials().auth_data) if auth_data is None else auth_data
    calls = []
    for operation in SIMULATED:
        section = meta.section(operation)
        if section is None:
            continue
        for audience in [None] if operation == "validate" else audiences:
            segment = _segment(audience, created=operation != "create")
            context = audience_context(
                segment, bundle.customer_data, auth, token, _destination(bundle)
            )
            request = render_request(bundle.engine, operation, section, context)
            call: dict[str, Any] = {"operation": operation}
            if audience is not None:
                call["audience"] = {"id": audience.id, "name": segment["name"]}
            calls.append({**call, "request": request.to_json()})
    print(json.dumps({"audienceCalls": calls}, indent=2, ensure_ascii=False))


def _token(bundle: DestinationBundle, show: bool) -> str:
    credentials = bundle.credentials()
    if credentials.auth_type not in ("BEARER", "OAUTH2"):
        return ""
    if not show:
        return "***"
    if credentials.token:
        return credentials.token
    print(
        "render: note: the OAuth2 access token is fetched only when calls are sent; it renders "
        "as ***",
        file=sys.stderr,
    )
    return "***"


def _segment(audience: MappedAudience | None, *, created: bool) -> dict[str, Any]:
    if audience is None:
        return {}
    alias = audience.mapping_id or ""
    if created and not alias:
        alias = "sample-" + hashlib.sha256(audience.id.encode()).hexdigest()[:12]
    return {
        "id": audience.id,
        "name": audience.name or audience.id,
        "description": "",
        "alias": alias,
        "namespace": audience.namespace,
        "metadata": {},
    }


def _destination(bundle: DestinationBundle) -> dict[str, Any]:
    config = bundle.config
    return {
        "id": bundle.destination_id,
        "name": bundle.name,
        "sandboxName": config.sandbox_name or "prod",
        "imsOrgId": config.ims_org or "",
    }
