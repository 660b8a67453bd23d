"""Rendering activation calls: a batch's template context (§3.2), then requests or render results.

The context has `input.profiles` (and `input.profile` when the call carries one profile),
`input.aggregationKey` when the destination groups by key, `destination.*` (audience aliases, names
and timestamps, by namespace and in the deprecated flat forms), `customerData` and `authData`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sandbox.destinations.aggregation import AggregationKey
from sandbox.destinations.batching import Batch
from sandbox.destinations.bundle import DestinationBundle
from sandbox.destinations.compiled_server import CompiledServer, compile_server
from sandbox.destinations.pebble import PebbleEngine
from sandbox.destinations.request import OutgoingRequest


@dataclass(frozen=True)
class RenderResult:
    """One aggregation group's call, as Adobe's render-template API shows it."""

    aggregation_key: dict[str, Any] | None
    profiles: tuple[dict[str, Any], ...]
    output: str
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        if self.aggregation_key is not None:
            result["aggregationKey"] = self.aggregation_key
        return result | {"profiles": list(self.profiles), "output": self.output}


def template_context(
    bundle: DestinationBundle,
    profiles: Sequence[dict[str, Any]],
    key: AggregationKey | None,
    auth_data: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    given: dict[str, Any] = {"profiles": list(profiles)}
    if len(profiles) == 1:
        given["profile"] = profiles[0]
    if key is not None:
        given["aggregationKey"] = key.to_template()
    if auth_data is None:
        auth_data = bundle.credentials().auth_data
    return {
        "input": given,
        "destination": bundle.destination_context,
        "customerData": bundle.customer_data,
        "authData": dict(auth_data),
    }


def render_request(
    bundle: DestinationBundle,
    batch: Batch,
    engine: PebbleEngine,
    export_id: str,
    auth_data: Mapping[str, Any] | None = None,
) -> tuple[OutgoingRequest, tuple[str, ...]]:
    """The call for one batch, and the warnings of rendering it (values autoescaping changed).

    Raises:
        TemplateError: a template failed while rendering.
    """
    compiled = _compiled(bundle, engine)
    context = template_context(bundle, batch.profiles, batch.key, auth_data)
    url, url_warnings = compiled.url.render(context)
    body, body_warnings = compiled.body.render(context)
    headers, header_warnings = _headers(compiled, context)
    request = OutgoingRequest(
        destination_id=bundle.destination_id,
        export_id=export_id,
        method=compiled.method,
        url=url.strip(),
        body=body,
        content_type=compiled.content_type,
        headers=headers,
        aggregation_key=batch.key.to_template() if batch.key else None,
        profile_ids=tuple(dict.fromkeys(i for i in batch.profile_ids if i)),
    )
    return request, url_warnings + body_warnings + header_warnings


def render_batch(
    bundle: DestinationBundle,
    batch: Batch,
    engine: PebbleEngine,
    export_id: str,
    auth_data: Mapping[str, Any] | None = None,
) -> OutgoingRequest:
    return render_request(bundle, batch, engine, export_id, auth_data)[0]


def render_results(
    bundle: DestinationBundle,
    target_profiles: Iterable[dict[str, Any]],
    engine: PebbleEngine,
    template: str | None = None,
    template_name: str = "<template>",
    auth_data: Mapping[str, Any] | None = None,
) -> list[RenderResult]:
    """Render profiles as the render-template API does: one result per call, per group.

    Raises:
        TemplateError: `template` (or the server's body template) does not compile or render.
    """
    compiled = _compiled(bundle, engine)
    if template is not None:
        compiled = compile_server(bundle.server, engine, bundle.sources[1], template, template_name)
    batcher = bundle.batcher()
    batches = [b for profile in target_profiles for b in batcher.add(profile, 0.0)]
    batches += batcher.flush(0.0)
    results = []
    for batch in batches:
        context = template_context(bundle, batch.profiles, batch.key, auth_data)
        output, warnings = compiled.body.render(context)
        key = batch.key.to_render_api() if batch.key else None
        results.append(RenderResult(key, batch.profiles, output, warnings))
    return results


def export_ids(prefix: str) -> Iterator[str]:
    """Deterministic export ids: `<prefix>-000001`, `<prefix>-000002`, ..."""
    number = 0
    while True:
        number += 1
        yield f"{prefix}-{number:06d}"


def _compiled(bundle: DestinationBundle, engine: PebbleEngine) -> CompiledServer:
    return bundle.compiled_for(engine)


def _headers(
    compiled: CompiledServer, context: dict[str, Any]
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    headers: list[tuple[str, str]] = []
    warnings: tuple[str, ...] = ()
    for name, part in compiled.headers:
        value, found = part.render(context)
        headers.append((name, value.strip()))
        warnings += found
    return tuple(headers), warnings
