"""`test-destination --audience-template`: the audience calls around a test send.

Before the test exports go out, the template's `validate` runs and `create` is called for every
audience the activation maps; the exports then carry the partner's audience IDs. Afterwards the
audiences created are deleted again (`delete`), so a test leaves nothing behind at the partner.
Each call is sent once (as the testing API sends exports once); every outcome is a line on stderr.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sandbox.clock import RealClock
from sandbox.delivery import SINGLE_ATTEMPT, Deliverer
from sandbox.delivery.audience_calls import AudienceCaller, AudienceCallResult
from sandbox.delivery.endpoint import EndpointOverride
from sandbox.destinations.activation import MappedAudience
from sandbox.destinations.audience_templates import AudienceTemplate, load_audience_template
from sandbox.destinations.bundle import DestinationBundle
from sandbox.destinations.pebble import PebbleEngine
from sandbox.events import EventBus
from sandbox.simulator.audience_sync import rebuilt


@dataclass
class AudienceTestSession:
    bundle: DestinationBundle
    template: AudienceTemplate
    caller: AudienceCaller
    lines: list[str] = field(default_factory=list)
    failed: bool = False
    _created: list[MappedAudience] = field(default_factory=list)

    async def open(self) -> DestinationBundle:
        """Validate, create; the bundle mapping the created audiences under the partner's IDs."""
        meta = self.template.metadata_template
        if meta.validate_ is not None:
            result = await self.caller.call("validate", meta.validate_, {})
            self._note(result, "connection")
            if not result.ok:
                return rebuilt(self.bundle, [])
        requested = self.bundle.activation.audiences if self.bundle.activation else []
        for mapped in requested:
            if meta.create is None:
                break
            result = await self.caller.call("create", meta.create, _segment(mapped))
            self._note(result, mapped.name or mapped.id)
            if result.ok:
                self._created.append(mapped.model_copy(update={"mapping_id": result.external_id}))
        return rebuilt(self.bundle, self._created)

    async def close(self) -> None:
        """Delete what the test created."""
        section = self.template.metadata_template.delete
        if section is None:
            return
        for mapped in self._created:
            result = await self.caller.call("delete", section, _segment(mapped))
            self._note(result, mapped.name or mapped.id)

    def only_created(self, profiles: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The profiles without memberships of audiences the partner did not create (AEP
        exports nothing for an audience that is not activated)."""
        kept = {m.id for m in self._created}
        return [
            {
                **profile,
                "segmentMembership": {
                    namespace: {k: v for k, v in members.items() if k in kept}
                    for namespace, members in (profile.get("segmentMembership") or {}).items()
                },
            }
            for profile in profiles
        ]

    def _note(self, result: AudienceCallResult, target: str) -> None:
        if result.ok:
            made = f" → {result.external_id}" if result.external_id else ""
            self.lines.append(f"audience {result.operation} {target!r}: ok{made}")
        else:
            self.failed = True
            self.lines.append(f"audience {result.operation} {target!r}: failed: {result.reason}")


def _segment(mapped: MappedAudience) -> dict[str, Any]:
    return {
        "id": mapped.id,
        "name": mapped.name or mapped.id,
        "description": "",
        "alias": mapped.mapping_id or "",
        "namespace": mapped.namespace,
        "metadata": {},
    }


def audience_template_option(
    path: Path | None, bundle: DestinationBundle
) -> AudienceTemplate | None:
    """`--audience-template`, checked against the destination (raises InputError)."""
    if path is None:
        return None
    template, warnings = load_audience_template(path, bundle.config, bundle.engine)
    for problem in warnings:
        print(problem.render(), file=sys.stderr)
    return template


def audience_session(
    bundle: DestinationBundle,
    template: AudienceTemplate | None,
    deliverer: Deliverer,
    engine: PebbleEngine,
    override: EndpointOverride | None,
) -> AudienceTestSession | None:
    if template is None:
        return None
    config = bundle.config
    caller = AudienceCaller(
        deliverer,
        bundle.credentials(),
        {
            "id": bundle.destination_id,
            "name": bundle.name,
            "sandboxName": config.sandbox_name or "prod",
            "imsOrgId": config.ims_org or "",
        },
        SINGLE_ATTEMPT,
        engine,
        override,
        clock=RealClock(start=time.time()),
        bus=EventBus(),
        customer_data=bundle.customer_data,
    )
    return AudienceTestSession(bundle, template, caller)
